import json
import secrets
import subprocess
import sys
import urllib.error

import pytest
import redis

from tests.servers import (
    CHIEF_PASSWORD,
    PROJECT_ROOT,
    Browser,
    Server,
    manage,
    production_env,
)

REDIS_URL = "redis://127.0.0.1:6379/0"


def settings_value(env, expression):
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_s3_media_and_cdn_purging_are_configured_from_the_environment(tmp_path):
    env = production_env(
        f"sqlite:///{tmp_path / 'x.sqlite3'}",
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="wpa-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        FRONTEND_CACHE="cloudflare",
        CLOUDFLARE_API_TOKEN="token",
        CLOUDFLARE_ZONE_ID="zone",
    )
    assert settings_value(env, 'settings.STORAGES["default"]["BACKEND"]') == "storages.backends.s3.S3Storage"
    assert settings_value(env, '"wagtail.contrib.frontend_cache" in settings.INSTALLED_APPS') == "True"
    assert "CloudflareBackend" in settings_value(env, "settings.WAGTAILFRONTENDCACHE")
    plain = production_env(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    assert settings_value(plain, 'settings.STORAGES["default"]["BACKEND"]').endswith("FileSystemStorage")
    assert settings_value(plain, "settings.CACHES['default']['BACKEND']").endswith("BoundedFileCache")


@pytest.fixture
def redis_prefix():
    prefix = f"wpa-test-{secrets.token_hex(4)}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def seeded_site_with_a_chief(production_database_with_a_chief, collected_static, redis_prefix):
    """The environment of servers sharing Redis, over the starting content,
    with a superuser "chief" who signs in with an authenticator code."""
    return production_env(
        production_database_with_a_chief, collected_static, REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=redis_prefix
    )


def test_two_servers_share_cached_pages_and_see_each_others_publishes(
    collected_static, production_database_with_a_chief, redis_prefix
):
    env = seeded_site_with_a_chief(production_database_with_a_chief, collected_static, redis_prefix)
    promotion_id = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        # Shown all year, whatever today's date: this test is about the cache, not the February window.
        "from home.models import PromotionPage; PromotionPage.objects.update(display_start=None, display_end=None); "
        "print(PromotionPage.objects.get(locale__language_code='en').pk)",
    ).strip()

    first, second = Server(env), Server(env)
    try:
        visitor_a, visitor_b = Browser(first.url, host="localhost"), Browser(second.url, host="localhost")
        status, headers, html = visitor_a.get("/")
        assert status == 200 and headers["X-Page-Cache"] == "miss"
        assert "During the month of February" in html
        _, headers, _ = visitor_b.get("/")
        assert headers["X-Page-Cache"] == "hit", "the second server should serve the page the first one cached"

        editor = Browser(second.url, host="localhost")
        editor.sign_in("chief", CHIEF_PASSWORD)
        status, _ = editor.post_form(f"/admin/pages/{promotion_id}/unpublish/", {})
        assert status == 200

        _, headers, html = visitor_a.get("/")
        assert "During the month of February" not in html
        assert headers["X-Page-Cache"] == "miss"
    finally:
        first.stop()
        second.stop()


def test_with_the_page_cache_off_both_servers_see_a_settings_change_on_the_next_request(
    collected_static, seeded_production_database, redis_prefix
):
    """Each worker remembers the site, its settings and the menu; the content
    version in Redis tells every one of them when to read them again."""
    env = production_env(
        seeded_production_database, collected_static, REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=redis_prefix
    )
    env["PAGE_CACHE_SECONDS"] = "0"

    first, second = Server(env), Server(env)  # one worker each: both are warm after one visit
    try:
        visitors = [Browser(first.url, host="localhost"), Browser(second.url, host="localhost")]
        for visitor in visitors:
            status, headers, html = visitor.get("/")
            assert status == 200 and "X-Page-Cache" not in headers
            assert "Renamed by an editor" not in html
        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from home.models import OrganizationSettings; s = OrganizationSettings.objects.get(); "
            "s.organization_name = 'Renamed by an editor'; s.save()",
        )
        for visitor in visitors:
            assert "Renamed by an editor" in visitor.get("/")[2]
    finally:
        first.stop()
        second.stop()


# Each change is made by a separate process sharing Postgres and Redis, as an
# editor on a third instance would; (code, page, text that must appear or,
# with a leading "!", disappear).
CHANGES_SEEN_BY_EVERY_SERVER = [
    (
        "from home.models import HomePage; h = HomePage.objects.get(locale__language_code='en'); "
        "s = h.statistics.first(); "
        "s.value = '650+'; h.statistics = [s, *h.statistics.all()[1:]]; h.save_revision().publish()",
        "/",
        "650+",
    ),
    (
        "from news.models import PressItem; i = PressItem.objects.get(outlet='CNN'); "
        "i.headline = 'Keeping Mothers Home'; i.save_revision().publish()",
        "/in-the-news/",
        "Keeping Mothers Home",
    ),
    (
        "from home.models import HomePage; from programs.models import ProgramPage; "
        "ProgramPage.objects.get(slug='trauma-informed-clinical-care')"
        ".move(HomePage.objects.get(locale__language_code='en'), pos='last-child')",
        "/our-care-model/",
        "!Trauma-Informed Clinical Care",
    ),
    (
        "from programs.models import ProgramPage; ProgramPage.objects.get(slug='community-based-supports').delete()",
        "/",
        "!Community-Based Supports",
    ),
    (
        "from home.models import SiteWideContent; s = SiteWideContent.objects.get(locale__language_code='en'); "
        "s.main_menu = []; s.save()",
        "/",
        '!class="site-menu__link"',
    ),
    (
        "from programs.models import ProgramPage; from tests.factories import make_private; "
        "make_private(ProgramPage.objects.get(slug='safe-and-stable-housing'))",
        "/our-care-model/safe-and-stable-housing/",
        'name="password"',
    ),
]


def test_every_kind_of_change_shows_through_both_servers_on_the_next_request(
    collected_static, seeded_production_database, redis_prefix
):
    env = production_env(
        seeded_production_database, collected_static, REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=redis_prefix
    )

    first, second = Server(env), Server(env)
    try:
        visitors = [Browser(first.url, host="localhost"), Browser(second.url, host="localhost")]
        for code, path, expected in CHANGES_SEEN_BY_EVERY_SERVER:
            text, should_appear = expected.lstrip("!"), not expected.startswith("!")
            for visitor in visitors:
                visitor.get(path)
                _, headers, html = visitor.get(path)
                assert headers["X-Page-Cache"] == "hit"
                assert (text in html) != should_appear, f"{path} before: {code}"
            manage(env, "shell", "--no-imports", "-c", code)
            for visitor in visitors:
                assert (text in visitor.get(path)[2]) == should_appear, f"{path} after: {code}"
    finally:
        first.stop()
        second.stop()


# Makes the Spanish versions (tests/pages.py), gives each language its own
# footer words, and prints what the test needs to know, from the database
# both servers share.
SPANISH_SITE = """
import json
from home.models import PromotionPage, SiteWideContent
from tests.pages import add_spanish_versions
spanish = add_spanish_versions()
for content in SiteWideContent.objects.all():
    content.footer_text = "Pie en español." if content.locale_id == spanish.pk else "English footer."
    content.save()
promotion = PromotionPage.objects.get(locale__language_code="en")
spanish_promotion = promotion.get_translation(spanish)
print(json.dumps({
    "spanish_home": promotion.get_parent().get_translation(spanish).url,
    "promotion": promotion.url,
    "spanish_promotion": spanish_promotion.url,
    "spanish_promotion_id": spanish_promotion.pk,
}))
"""


def assert_language(response, language):
    status, headers, html = response
    assert status == 200
    assert headers["Content-Language"] == language
    assert f'<html lang="{language}">' in html
    assert ("Pie en español." in html) == (language == "es")
    assert ("English footer." in html) == (language == "en")
    return headers


def test_each_language_is_answered_in_its_own_through_both_servers_and_a_spanish_change_shows_through_both(
    collected_static, production_database_with_a_chief, redis_prefix
):
    env = seeded_site_with_a_chief(production_database_with_a_chief, collected_static, redis_prefix)
    paths = json.loads(manage(env, "shell", "--no-imports", "-c", SPANISH_SITE).strip().splitlines()[-1])

    first, second = Server(env), Server(env)
    try:
        visitor_a, visitor_b = Browser(first.url, host="localhost"), Browser(second.url, host="localhost")
        assert assert_language(visitor_a.get(paths["spanish_home"]), "es")["X-Page-Cache"] == "miss"
        assert assert_language(visitor_b.get("/"), "en")["X-Page-Cache"] == "miss"
        for visitor in (visitor_a, visitor_b, visitor_a, visitor_b):
            assert assert_language(visitor.get(paths["spanish_home"]), "es")["X-Page-Cache"] == "hit"
            assert assert_language(visitor.get("/"), "en")["X-Page-Cache"] == "hit"
        for visitor in (visitor_a, visitor_b):
            assert_language(visitor.get(paths["promotion"]), "en")
            assert_language(visitor.get(paths["spanish_promotion"]), "es")

        editor = Browser(first.url, host="localhost")
        editor.sign_in("chief", CHIEF_PASSWORD)
        status, _ = editor.post_form(f"/admin/pages/{paths['spanish_promotion_id']}/unpublish/", {})
        assert status == 200

        for visitor in (visitor_b, visitor_a):
            with pytest.raises(urllib.error.HTTPError) as gone:
                visitor.get(paths["spanish_promotion"])
            assert gone.value.code == 404
            assert_language(visitor.get(paths["promotion"]), "en")

        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from home.models import SiteWideContent; c = SiteWideContent.objects.get(locale__language_code='es'); "
            "c.footer_text = 'Pie cambiado.'; c.save()",
        )
        for visitor in (visitor_a, visitor_b):
            _, headers, html = visitor.get(paths["spanish_home"])
            assert "Pie cambiado." in html and headers["Content-Language"] == "es"
            assert_language(visitor.get("/"), "en")
    finally:
        first.stop()
        second.stop()
