"""The cache of a single machine with no Redis: files every worker shares,
with a known bound, and a cull that never throws out live pages at random."""

import os
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

MAX_ENTRIES = 30


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
