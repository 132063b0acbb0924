"""The cache of a single machine with no Redis: files every worker shares,
with a known bound, and a cull that never throws out live pages at random;
and two sites on one machine, each with a cache of its own."""

import os
import runpy
import shutil
import time
from contextlib import ExitStack
from pathlib import Path

import dj_database_url
import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from tests.servers import RedisServer, Server, database_kind, manage, production_env, visit
from wpa_site.cache.namespace import cache_dir, cache_key_prefix

MAX_ENTRIES = 30
BASE_SETTINGS = Path(__file__).resolve().parent.parent / "wpa_site" / "settings" / "base.py"


@pytest.fixture
def file_cache(tmp_path):
    settings = {
        "default": {
            "BACKEND": "wpa_site.cache.file_cache.BoundedFileCache",
            "LOCATION": str(tmp_path),
            "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES, "CULL_FREQUENCY": 3},
        }
    }
    with override_settings(CACHES=settings):
        yield caches["default"], tmp_path


def entries(folder):
    return len(list(folder.glob("*.djcache")))


def test_the_number_of_entries_stays_within_the_bound(file_cache):
    cache, folder = file_cache
    for number in range(200):
        cache.set(f"page-{number}", "x" * 100, 3600)
    assert entries(folder) <= MAX_ENTRIES


def test_when_full_the_oldest_entries_go_and_the_newest_stay(file_cache):
    cache, folder = file_cache
    for number in range(MAX_ENTRIES):
        cache.set(f"page-{number}", number, 3600)
        path = cache._key_to_file(f"page-{number}")
        os.utime(path, (time.time() - 1000 + number, time.time() - 1000 + number))
    cache.set("page-new", "new", 3600)
    assert cache.get("page-new") == "new"
    kept = [number for number in range(MAX_ENTRIES) if cache.get(f"page-{number}") is not None]
    assert kept == list(range(MAX_ENTRIES - len(kept), MAX_ENTRIES))  # the newest, in one run
    assert 0 < len(kept) < MAX_ENTRIES


def test_expired_entries_go_before_any_live_one(file_cache):
    cache, _folder = file_cache
    for number in range(MAX_ENTRIES // 2):
        cache.set(f"live-{number}", number, 3600)
    for number in range(MAX_ENTRIES // 2):
        cache.set(f"expiring-{number}", number, 1)
    time.sleep(1.1)
    cache.set("one-more", 1, 3600)
    assert all(cache.get(f"live-{number}") == number for number in range(MAX_ENTRIES // 2))


def test_the_content_version_is_never_culled(file_cache):
    from wpa_site.cache.version import VERSION_KEY, current_version

    cache, _folder = file_cache
    version = current_version()
    for number in range(MAX_ENTRIES * 3):
        cache.set(f"page-{number}", number, 3600)
    assert cache.get(VERSION_KEY) == version


def database(url):
    return dj_database_url.parse(url)


def test_two_databases_have_two_cache_folders_and_two_redis_prefixes_by_default(tmp_path):
    first, second = (
        database("postgres://wpa@db.example.org:5432/first"),
        database("postgres://wpa@db.example.org/second"),
    )
    assert cache_dir(first) != cache_dir(second)
    assert cache_key_prefix(first) != cache_key_prefix(second)
    assert cache_dir(first) != cache_dir(database("postgres://wpa@other-db.example.org:5432/first"))
    assert cache_dir(first) != cache_dir(database("postgres://wpa@db.example.org:5433/first"))
    one_file, another_file = (
        database(f"sqlite:///{tmp_path / 'one.sqlite3'}"),
        database(f"sqlite:///{tmp_path / 'two.sqlite3'}"),
    )
    assert cache_dir(one_file) != cache_dir(another_file)
    assert cache_key_prefix(one_file) != cache_key_prefix(another_file)


def test_one_database_has_one_cache_however_its_address_is_written(tmp_path, monkeypatch):
    first = database("postgres://wpa:secret@db.example.org:5432/first")
    for same in ("postgres://wpa:secret@db.example.org:5432/first", "postgres://other:pw@DB.example.org/first"):
        assert cache_dir(database(same)) == cache_dir(first)
        assert cache_key_prefix(database(same)) == cache_key_prefix(first)
    monkeypatch.chdir(tmp_path)
    relative, absolute = database("sqlite:///site.sqlite3"), database(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    assert cache_dir(relative) == cache_dir(absolute)


def test_cache_dir_and_cache_key_prefix_when_set_win():
    first = database("postgres://wpa@db.example.org:5432/first")
    assert cache_dir(first, "/srv/wpa/cache") == "/srv/wpa/cache"
    assert cache_key_prefix(first, "wpa") == "wpa"


def settings_from(monkeypatch, **environ):
    """The base settings as a process with `environ` reads them."""
    for name in ("DATABASE_URL", "REDIS_URL", "CACHE_DIR", "CACHE_KEY_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS))


def test_the_settings_give_each_database_its_own_cache_unless_told_where(tmp_path, monkeypatch):
    first, second = f"sqlite:///{tmp_path / 'first.sqlite3'}", f"sqlite:///{tmp_path / 'second.sqlite3'}"
    folder = {
        url: settings_from(monkeypatch, DATABASE_URL=url)["CACHES"]["default"]["LOCATION"] for url in (first, second)
    }
    assert folder[first] != folder[second]
    assert folder[first] == settings_from(monkeypatch, DATABASE_URL=first)["CACHES"]["default"]["LOCATION"]
    assert (
        settings_from(monkeypatch, DATABASE_URL=first, CACHE_DIR="/srv/wpa/cache")["CACHES"]["default"]["LOCATION"]
        == "/srv/wpa/cache"
    )

    redis_url = "redis://127.0.0.1:6379/0"
    prefix = {
        url: settings_from(monkeypatch, DATABASE_URL=url, REDIS_URL=redis_url)["CACHES"]["default"]["KEY_PREFIX"]
        for url in (first, second)
    }
    assert prefix[first] != prefix[second]
    assert (
        settings_from(monkeypatch, DATABASE_URL=first, REDIS_URL=redis_url, CACHE_KEY_PREFIX="wpa")["CACHES"][
            "default"
        ]["KEY_PREFIX"]
        == "wpa"
    )


# Gives the site of one database its own address and name, as staff of two
# organizations would in Settings.
NAME_THE_SITE = """
from wagtail.models import Site
from home.models import OrganizationSettings
site = Site.objects.get(is_default_site=True)
site.hostname, site.port, site.site_name = {hostname!r}, 443, {name!r}
site.save()
settings = OrganizationSettings.for_site(site)
settings.organization_name = {name!r}
settings.save()
"""


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory, database_templates, collected_static):
    """Two seeded databases, copies of the run's seeded one, each the site
    of its own organization at its own address: [(database URL, hostname,
    organization name)]."""
    workdir = tmp_path_factory.mktemp("two-sites")
    with ExitStack() as stack:
        sites = []
        for kind in ("first", "second"):
            url = stack.enter_context(database_templates.copy(database_kind(), workdir))
            hostname, name = f"{kind}.example.org", f"The {kind.title()} Association"
            env = site_env(url, collected_static)
            manage(env, "shell", "--no-imports", "-c", NAME_THE_SITE.format(hostname=hostname, name=name))
            sites.append((url, hostname, name))
        yield sites


def site_env(database_url, static_root, **extra):
    """Production settings with nothing said about where the cache lives."""
    env = production_env(database_url, static_root, **extra)
    env.pop("CACHE_DIR", None)
    env.pop("CACHE_KEY_PREFIX", None)
    return env


@pytest.mark.parametrize("shared", ["files", "redis"])
def test_two_sites_on_one_machine_each_serve_their_own_pages_and_addresses(two_sites, collected_static, shared):
    """Neither sets CACHE_DIR or CACHE_KEY_PREFIX: with files, both would use
    one folder, and with one Redis, one prefix, but for the database's name in them."""
    redis_server = RedisServer() if shared == "redis" else None
    extra = {"REDIS_URL": redis_server.url} if redis_server else {}
    servers = []
    try:
        for url, _hostname, _name in two_sites:
            servers.append(Server(site_env(url, collected_static, **extra)))
        for round_number in range(2):
            for server, (_url, hostname, name) in zip(servers, two_sites, strict=True):
                other_hostname, other_name = next((h, n) for _u, h, n in two_sites if h != hostname)
                for path in ("/", "/our-care-model/"):
                    answer = visit(server.url, path, "localhost")
                    assert answer.status == 200
                    assert f'<link rel="canonical" href="https://{hostname}{path}">' in answer.body
                    assert name in answer.body
                    assert other_hostname not in answer.body and other_name not in answer.body
                    assert answer.headers["X-Page-Cache"] == ("hit" if round_number else "miss")
        if redis_server:
            client = redis.Redis.from_url(redis_server.url)
            prefixes = {cache_key_prefix(database(url)) for url, _h, _n in two_sites}
            assert len(prefixes) == 2
            assert all(list(client.scan_iter(f"{prefix}:*")) for prefix in prefixes)
        else:
            folders = {cache_dir(database(url)) for url, _h, _n in two_sites}
            assert len(folders) == 2
            assert all(any(Path(folder).glob("*.djcache")) for folder in folders)
    finally:
        for server in servers:
            server.stop()
        if redis_server:
            redis_server.stop()
        else:
            for url, _h, _n in two_sites:
                shutil.rmtree(cache_dir(database(url)), ignore_errors=True)
