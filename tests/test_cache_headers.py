"""Cache-Control: what a CDN or browser may keep, and what never."""

from pathlib import Path

import pytest

from home.models import SiteWideContent

STATIC = Path(__file__).resolve().parent.parent / "static"

pytestmark = pytest.mark.django_db


def test_anonymous_page_views_may_be_cached_by_a_cdn(seeded, client, settings):
    # With the footer's sign-up form on the page, its CSRF token is the visitor's own.
    assert "private" in client.get("/")["Cache-Control"]
    content = SiteWideContent.objects.get(locale__language_code="en")
    content.newsletter_consent_text = ""
    content.save()
    assert client.get("/")["Cache-Control"] == "public, max-age=0, s-maxage=300"
    settings.BROWSER_CACHE_SECONDS, settings.CDN_CACHE_SECONDS = 60, 600
    assert client.get("/")["Cache-Control"] == "public, max-age=60, s-maxage=600"


def test_logged_in_staff_get_private_uncached_pages(seeded, admin_client):
    cache_control = admin_client.get("/")["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control
    assert "public" not in cache_control


def test_admin_and_visitors_with_a_session_are_never_cached_publicly(seeded, client):
    assert "public" not in client.get("/admin/login/").get("Cache-Control", "")
    client.cookies["sessionid"] = "someone-who-entered-a-page-password"
    assert "public" not in client.get("/")["Cache-Control"]


def test_not_found_pages_are_not_cached_publicly(seeded, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
