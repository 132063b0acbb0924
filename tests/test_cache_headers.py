"""Cache-Control: what a CDN or browser may keep, and what never."""

from pathlib import Path
from unittest import mock

import pytest

from tests.queries import page_types

STATIC = Path(__file__).resolve().parent.parent / "static"

pytestmark = pytest.mark.django_db


def public_addresses():
    """Every page type visitors see, in both languages, but Connect."""
    from home.models import ConnectPage

    pages = [
        page_type.objects.filter(locale__language_code=language).first()
        for page_type in page_types()
        if page_type is not ConnectPage
        for language in ("en", "es")
    ]
    return [page.url for page in pages] + ["/search/?q=housing", "/es/buscar/?q=vivienda"]


@pytest.mark.usefixtures("spanish")
@mock.patch("wpa_site.cache.headers.seconds_left_today", return_value=12 * 60 * 60)  # midday: no cap
def test_every_public_page_may_be_kept_by_a_cdn_and_carries_no_token_or_cookie(_midday, seeded, client, settings):
    for address in public_addresses():
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=300", address
        assert not response.cookies, address
        assert b"csrfmiddlewaretoken" not in response.content, address
    settings.BROWSER_CACHE_SECONDS, settings.CDN_CACHE_SECONDS = 60, 600
    assert client.get("/")["Cache-Control"] == "public, max-age=60, s-maxage=600"


@pytest.mark.usefixtures("spanish")
def test_the_connect_form_stays_private_with_its_own_token(seeded, client):
    from home.models import ConnectPage

    for page in ConnectPage.objects.all():
        response = client.get(page.url)
        assert "private" in response["Cache-Control"]
        assert response["Cache-Control"].count("no-store") == 1
        assert b"csrfmiddlewaretoken" in response.content
        assert "csrftoken" in response.cookies


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
