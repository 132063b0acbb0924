"""The error pages: one template family, each page with the skip link, the
quick exit and the site's stylesheet; 500 and 503 built without the database."""

import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path

from home.models import HomePage
from tests.accessibility import axe_violations, pages_at_each_width
from tests.connect_helpers import answers
from tests.queries import fail_every_query
from wpa_site import urls as site_urls
from wpa_site.errors import server_error, unavailable_response

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "templates"
ERROR_TEMPLATES = ["400.html", "403.html", "404.html", "429.html", "500.html", "503.html", "errors/base.html"]
NEUTRAL_SITE = "https://neutral.example.org/"


def forbidden(request):
    raise PermissionDenied


def any_form(request):
    return HttpResponse("Received.")


# For the 403 tests: the site's own addresses, one that refuses everyone and a
# form that, like every form but the footer's, needs its CSRF token.
urlpatterns = [path("forbidden/", forbidden), path("form/", any_form), *site_urls.urlpatterns]


def body_tags(html):
    """The opening tags of the body's links, boxes, header and main, in order."""
    body = html.split("<body", 1)[1].split(">", 1)[1]
    return re.findall(r"<(?:a|div|header|main)\b[^>]*>", body)


def assert_quick_exit_first(html):
    """Skip link first, the quick exit right after it."""
    tags = body_tags(html)
    assert tags[0] == '<a class="skip-link" href="#main">', tags[:3]
    assert tags[1] == '<div class="quick-exit" role="region" aria-label="Quick exit">', tags[:3]
    assert tags[2].startswith('<a class="quick-exit__button" href="http'), tags[:3]
    assert 'rel="noreferrer" data-quick-exit' in tags[2]
    return tags[2]


def assert_error_page(html, heading):
    """Skip link first, the quick exit right after it, the site's stylesheet, a link home."""
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert f'<html lang="{settings.LANGUAGE_CODE}">' in html
    button = assert_quick_exit_first(html)
    assert ">Skip to main content</a>" in html
    assert 'Quick exit<span class="visually-hidden"> – Leave this site now.' in html
    assert '<main id="main" tabindex="-1">' in html
    assert f'<h1 class="page-header__title">{heading}</h1>' in html
    assert '<a class="button button--primary" href="/">Go to the home page</a>' in html
    return button


def quick_exit_address(button):
    return re.search(r'href="([^"]*)"', button).group(1)


# ---------- With the database ----------


def test_not_found_has_the_site_chrome_and_the_quick_exit(seeded, client, settings):
    settings.QUICK_EXIT_DEFAULT_URL = NEUTRAL_SITE
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    button = assert_error_page(html, "Page not found")
    # The address staff chose (the Safety settings' default), not the fallback for pages without the database.
    assert quick_exit_address(button) == "https://weather.com"
    assert "We couldn’t find that page. It may have moved. Try the menu above or go to the home page." in html
    assert '<header class="site-header">' in html and "data-menu" in html
    assert '<footer class="site-footer">' in html


@pytest.mark.urls(__name__)
def test_access_denied_has_the_site_chrome_and_the_quick_exit(seeded, client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert_error_page(html, "Access denied")
    assert "You do not have permission to see this page." in html
    assert "data-menu" in html


def test_a_connect_message_with_an_expired_token_comes_back_with_what_was_typed(connect):
    from wagtail.contrib.forms.models import FormSubmission

    visitor = Client(enforce_csrf_checks=True)
    typed = answers(your_message="Please call after 6 <b>50%</b> {name}")
    response = visitor.post(connect.url, typed)
    assert response.status_code == 403
    html = response.content.decode()
    assert_quick_exit_first(html)
    assert '<h1 class="page-header__title">Your message was not sent</h1>' in html
    assert "Please call after 6 &lt;b&gt;50%&lt;/b&gt; {name}" in html
    assert "no-store" in response["Cache-Control"]
    assert FormSubmission.objects.count() == 0
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert visitor.post(connect.url, {**typed, "csrfmiddlewaretoken": token}).status_code == 303
    assert FormSubmission.objects.count() == 1


def test_a_spanish_connect_message_with_an_expired_token_comes_back_in_spanish(connect):
    from home.models import ConnectPage

    spanish = ConnectPage.objects.get(locale__language_code="es")
    response = Client(enforce_csrf_checks=True).post(spanish.url, answers(your_message="Necesito ayuda."))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Su mensaje no se envió" in html
    assert "Necesito ayuda." in html


@pytest.mark.urls(__name__)
def test_another_form_with_an_expired_token_gets_the_site_page_with_the_quick_exit(seeded):
    response = Client(enforce_csrf_checks=True).post("/form/", {"anything": "typed"})
    assert response.status_code == 403
    assert_error_page(response.content.decode(), "Your form was not sent")


def test_a_bad_request_from_a_known_host_has_the_site_chrome_and_the_quick_exit(seeded, client):
    # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS: Django refuses the form with a 400.
    body = "&".join(f"field{number}=1" for number in range(10_001))
    response = client.post("/newsletter/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    html = response.content.decode()
    assert_error_page(html, "Bad request")
    assert "The address or request was not understood." in html
    assert "data-menu" in html


def test_the_admin_lockout_page_has_the_quick_exit(seeded, client, settings):
    from wpa_site.settings import base as base_settings

    settings.AUTHENTICATION_BACKENDS = base_settings.AUTHENTICATION_BACKENDS
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    html = response.content.decode()
    assert_error_page(html, "Too many sign-in attempts")
    assert "Signing in is paused for this account, or from this address, for a few minutes." in html


# ---------- Without the database ----------


@pytest.mark.parametrize(
    ("build", "status", "heading"),
    [
        (lambda: server_error(RequestFactory().get("/")), 500, "Something went wrong"),
        (unavailable_response, 503, "The site is briefly unavailable"),
    ],
    ids=["500", "503"],
)
def test_500_and_503_are_built_with_the_database_blocked(django_db_blocker, settings, build, status, heading):
    settings.QUICK_EXIT_DEFAULT_URL = NEUTRAL_SITE
    with django_db_blocker.block():
        response = build()
    assert response.status_code == status
    html = response.content.decode()
    button = assert_error_page(html, heading)
    assert quick_exit_address(button) == NEUTRAL_SITE
    # A header with the site's name and the way home, no menu (it lives in the database), no footer.
    assert '<a class="site-header__name" href="/">Women’s Prison Association</a>' in html
    assert "data-menu" not in html and "site-footer" not in html


def test_503_headers_ask_to_come_back_and_not_to_cache(django_db_blocker):
    with django_db_blocker.block():
        response = unavailable_response()
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "We are working on it. Please try again in a minute." in response.content.decode()


def test_a_page_while_the_database_is_unreachable_gets_the_503_with_the_quick_exit(seeded, client, settings):
    settings.QUICK_EXIT_DEFAULT_URL = NEUTRAL_SITE
    with fail_every_query(OperationalError):
        response = client.get("/")
    assert response.status_code == 503
    button = assert_error_page(response.content.decode(), "The site is briefly unavailable")
    assert quick_exit_address(button) == NEUTRAL_SITE


def test_a_server_error_on_a_page_gets_the_500_with_the_quick_exit(seeded, client, settings):
    settings.QUICK_EXIT_DEFAULT_URL = NEUTRAL_SITE
    client.raise_request_exception = False
    with mock.patch.object(HomePage, "serve", side_effect=RuntimeError("a bug")):
        response = client.get("/")
    assert response.status_code == 500
    button = assert_error_page(response.content.decode(), "Something went wrong")
    assert quick_exit_address(button) == NEUTRAL_SITE


def test_an_unknown_host_gets_the_400_with_the_quick_exit_without_the_database(
    seeded, client, settings, django_db_blocker
):
    settings.QUICK_EXIT_DEFAULT_URL = NEUTRAL_SITE
    with django_db_blocker.block():
        response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    html = response.content.decode()
    button = assert_error_page(html, "Bad request")
    assert quick_exit_address(button) == NEUTRAL_SITE
    assert "evil.example.com" not in html
    assert "DisallowedHost" not in html


# ---------- Templates and settings ----------


def words_outside_translation(source):
    """What is left of a template once Django's tags, variables, comments and the HTML tags are removed."""
    source = re.sub(r"{% comment %}.*?{% endcomment %}", "", source, flags=re.DOTALL)
    source = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "", source, flags=re.DOTALL)
    source = re.sub(r"<[^>]*>", "", source)
    return re.findall(r"[^\W\d_]+", source)


@pytest.mark.parametrize("name", [*ERROR_TEMPLATES, "includes/quick_exit.html"])
def test_every_word_of_the_error_pages_goes_through_django_i18n(name):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert words_outside_translation(source) == []
    assert "{% load i18n" in source
    assert 'href="/"' not in source


def test_quick_exit_default_url_comes_from_the_environment_and_must_be_a_full_address():
    code = "from wpa_site.settings import base; print(base.QUICK_EXIT_DEFAULT_URL)"

    def run(value):
        env = {**os.environ, "QUICK_EXIT_DEFAULT_URL": value}
        command = [sys.executable, "-c", code]
        return subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)

    assert run("").stdout.strip() == "https://weather.com"
    assert run("https://www.bbc.com/weather").stdout.strip() == "https://www.bbc.com/weather"
    refused = run("weather.com")
    assert refused.returncode != 0
    assert "QUICK_EXIT_DEFAULT_URL must be a full address" in refused.stderr


# ---------- In a real browser ----------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_404_and_500_have_no_axe_violations_on_phone_and_desktop(seeded_live_server, chromium):
    found = {}
    with mock.patch.object(HomePage, "serve", side_effect=RuntimeError("a bug")):
        for width, page in pages_at_each_width(chromium):
            for path, status in [("/no-such-page/", 404), ("/", 500)]:
                response = page.goto(seeded_live_server.url + path)
                assert response.status == status
                # The site's stylesheet applied: the quick exit is the dark bar at the top.
                assert page.locator(".quick-exit").evaluate("el => getComputedStyle(el).position") == "sticky"
                if violations := axe_violations(page):
                    found[f"{status} at {width}px"] = violations
    assert found == {}
