"""What search engines, browsers and people typing an address meet: the
canonical address and alternates of a list's later pages, noindex where a
page is one visitor's result, one organisation in both languages,
/favicon.ico, titles that end with the site's name, and Spanish interface
addresses in Spanish, the old ones redirecting."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from home.newsletter.models import NewsletterSignup
from news.models import NewsIndexPage
from tests.factories import add_about_page, add_press_item
from tests.pages import add_spanish_versions, page_type_paths_in_both_languages

pytestmark = pytest.mark.django_db

SITE_NAME = "Women’s Prison Association"


def links_of(html, rel):
    return re.findall(rf'<link rel="{rel}"(?: hreflang="([^"]+)")? href="([^"]+)">', html)


def canonical(html):
    (found,) = links_of(html, "canonical")
    return found[1]


def test_a_lists_later_and_filtered_pages_have_their_own_canonical_and_alternates(client, seeded):
    for number in range(12):
        add_press_item(outlet="CNN" if number % 2 else "Vogue", headline=f"Story {number}")
    index = NewsIndexPage.objects.get(locale__language_code="en")
    html = client.get(index.url, {"page": 2}).content.decode()
    assert canonical(html) == f"http://localhost{index.url}?page=2"
    alternates = dict(links_of(html, "alternate"))
    assert alternates["en"] == f"http://localhost{index.url}?page=2"
    assert alternates["es"].endswith("/es/en-las-noticias/?page=2")
    assert alternates["x-default"] == alternates["en"]
    filtered = client.get(index.url, {"outlet": "CNN", "page": "1", "utm_source": "mail"}).content.decode()
    assert canonical(filtered) == f"http://localhost{index.url}?outlet=CNN"
    assert canonical(client.get(index.url, {"utm_source": "mail"}).content.decode()) == f"http://localhost{index.url}"


def noindex(html):
    return '<meta name="robots" content="noindex">' in html


def test_results_and_thank_you_pages_are_not_indexed_and_pages_are(client, connect):
    signup = NewsletterSignup.objects.create(email="reader@example.org", consent_text="Yes.")
    for path in [
        "/search/?q=housing",
        "/es/buscar/?q=vivienda",
        "/connect/sent/",
        "/es/contacto/enviado/",
        "/newsletter/thanks/",
        "/es/boletin/gracias/",
        f"/newsletter/confirm/{signup.confirmation_token()}/",
    ]:
        assert noindex(client.get(path).content.decode()), path
    for path in ["/", "/es/", "/connect/", "/our-care-model/", "/in-the-news/"]:
        assert not noindex(client.get(path).content.decode()), path


def organizations(html):
    found = [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    return [data for data in found if data.get("@type") == "NGO"]


def test_both_languages_describe_one_organization_with_one_id(client, seeded):
    (english,) = organizations(client.get("/").content.decode())
    (spanish,) = organizations(client.get("/es/").content.decode())
    assert english["@id"] == spanish["@id"] == "http://testserver/#organization"
    assert english["url"] == spanish["url"] == "http://testserver/"


def test_favicon_ico_answers_with_the_sites_mark(client, seeded):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert re.fullmatch(r"/static/img/favicon(\.[0-9a-f]+)?\.ico", response["Location"])
    assert "max-age" in response["Cache-Control"]


def test_every_title_ends_with_the_sites_name_in_both_languages(client, seeded):
    add_about_page()
    add_spanish_versions()
    paths = {**page_type_paths_in_both_languages(), "newsletter": "/newsletter/", "newsletter (es)": "/es/boletin/"}
    for name, path in paths.items():
        title = re.search(r"<title>(.*?)</title>", client.get(path).content.decode(), re.S).group(1)
        assert title.endswith(SITE_NAME), (name, title)
        assert title.count(SITE_NAME) == 1, (name, title)


def switch_link(html):
    return re.search(r'<nav class="lang-switch".*?href="([^"]+)"', html, re.S).group(1)


def test_a_missing_pages_language_switch_leads_to_the_other_languages_home(client, seeded):
    assert switch_link(client.get("/no-such-page/").content.decode()) == "/es/"
    assert switch_link(client.get("/es/no-such-page/").content.decode()) == "/"


def test_spanish_interface_addresses_are_in_spanish_and_english_ones_unchanged(client, seeded):
    with translation.override("es"):
        assert reverse("search") == "/es/buscar/"
        assert reverse("newsletter_signup") == "/es/boletin/"
        assert reverse("newsletter_thanks") == "/es/boletin/gracias/"
        assert reverse("newsletter_confirm", args=["abc"]) == "/es/boletin/confirmar/abc/"
    with translation.override("en"):
        assert [reverse("search"), reverse("newsletter_signup")] == ["/search/", "/newsletter/"]
    spanish_search = client.get("/es/buscar/", {"q": "vivienda"})
    assert spanish_search.status_code == 200 and spanish_search["Content-Language"] == "es"
    assert switch_link(spanish_search.content.decode()) == "/search/?q=vivienda"
    assert switch_link(client.get("/search/", {"q": "housing"}).content.decode()) == "/es/buscar/?q=housing"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/es/search/?q=vivienda", "/es/buscar/?q=vivienda"),
        ("/es/newsletter/", "/es/boletin/"),
        ("/es/newsletter/thanks/", "/es/boletin/gracias/"),
        ("/es/newsletter/confirm/a-token/", "/es/boletin/confirmar/a-token/"),
    ],
)
def test_the_old_spanish_addresses_redirect_for_good(client, seeded, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_a_spanish_sign_up_gets_a_confirmation_link_at_the_spanish_address(client, seeded, fresh_rate_limits):
    response = client.post("/es/boletin/", {"email": "lectora@example.org", "first_name": "Ana", "website": ""})
    assert response.status_code in (302, 303) and response["Location"] == "/es/boletin/gracias/"
    (email,) = mail.outbox
    assert re.search(r"https?://[^/\s]+/es/boletin/confirmar/[^/\s]+/", email.body), email.body
