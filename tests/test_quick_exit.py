"""The quick exit and the safety page link, on every page."""

import re

import pytest
from wagtail.models import Locale

from home.models import SafetySettings, SiteWideContent
from home.newsletter.models import NewsletterSignup
from tests.connect_helpers import answers
from tests.pages import live_page_urls

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


# Quick exit


def first_links(html, count=2):
    body = html.split("<body", 1)[1]
    return re.findall(r"<(?:a|button|input|summary|select|textarea)\b[^>]*>", body)[:count]


def test_quick_exit_is_the_second_stop_on_every_page_in_both_languages(connect, client):
    words = {
        content.locale.language_code: (content.quick_exit_label, content.quick_exit_hint)
        for content in SiteWideContent.objects.select_related("locale")
    }
    assert set(words) == {"en", "es"} and words["en"] != words["es"]
    spanish_connect = connect.get_translation(Locale.objects.get(language_code="es"))
    paths = live_page_urls()
    reader = NewsletterSignup.objects.create(email="reader@example.org", consent_text="Yes.")
    confirm = f"/newsletter/confirm/{reader.confirmation_token()}/"
    newsletter = ["/newsletter/", "/newsletter/thanks/", confirm, "/newsletter/confirm/no-longer-valid/"]
    paths += [*newsletter, "/no-such-page/", connect.url + "sent/"]
    spanish_newsletter = [
        "/es/boletin/",
        "/es/boletin/gracias/",
        confirm.replace("/newsletter/confirm/", "/es/boletin/confirmar/"),
    ]
    spanish_newsletter.append("/es/boletin/confirmar/no-longer-valid/")
    paths += [*spanish_newsletter, "/es/no-such-page/", spanish_connect.landing_url()]
    for path in paths:
        html = client.get(path).content.decode()
        language = "es" if path.startswith("/es/") else "en"
        skip, quick_exit = first_links(html)
        assert 'class="skip-link"' in skip, path
        assert 'href="https://weather.com"' in quick_exit and "data-quick-exit" in quick_exit, path
        assert 'rel="noreferrer"' in quick_exit and "target=" not in quick_exit
        label, hint = words[language]
        assert label in html and hint in html, path


def test_quick_exit_uses_the_settings_and_links_the_safety_page(seeded, client):
    safety = SafetySettings.objects.get()
    safety.quick_exit_url = "https://example.com/forecast"
    safety.save()
    content = SiteWideContent.objects.get(locale__language_code="en")
    content.quick_exit_label = "Leave now"
    content.safety_link_label = "Stay safe online"
    content.save()
    html = client.get("/").content.decode()
    assert 'href="https://example.com/forecast"' in html and ">Leave now<" in html
    assert '<a class="quick-exit__info" href="/browsing-safely/">Stay safe online</a>' in html
    safety_page = client.get("/browsing-safely/").content.decode()
    assert "does not clear your browsing history" in safety_page

    safety.safety_page = None
    safety.save()
    assert "quick-exit__info" not in client.get("/").content.decode()


def test_rate_limit_counts_the_visitor_behind_a_proxy_and_never_fails(connect, client, settings):
    from django.test import RequestFactory

    from wpa_site.client import client_ip

    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    settings.PROXY_COUNT = 1
    forwarded = "198.51.100.1, 203.0.113.7"
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)) == "203.0.113.7"
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="garbage")) == "10.0.0.1"
    assert client_ip(factory.get("/", REMOTE_ADDR="")) == "0.0.0.0"  # noqa: S104
    for number in range(5):
        response = client.post(
            connect.url, answers(), HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 203.0.113.7", REMOTE_ADDR="10.0.0.1"
        )
        assert response.status_code == 303
    assert client.post(connect.url, answers(), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert client.post(connect.url, answers(), HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 303
