"""No page ends in a dead end: each closes with its next step, in the
page's language; a program page with the other programs and a way to ask
about it."""

import re
from html import unescape

import pytest

from home.models import ConnectPage
from tests.factories import add_about_page
from tests.pages import PAGE_TYPE_PATHS, add_spanish_versions, spanish_page_type_paths

pytestmark = pytest.mark.django_db

# The home page has its own Connect band; the Connect page is the form itself.
CLOSING_WITH_A_NEXT_STEP = [
    "program index",
    "program",
    "impact report",
    "promotion",
    "news index",
    "standard page",
    "search results",
]


def last_section(html):
    main = html[html.index("<main") : html.index("</main>")]
    return main[main.rindex("<section") :]


def test_every_page_type_closes_with_its_next_step_in_its_own_language(spanish, client):
    add_about_page()
    add_spanish_versions()
    connect = {
        "en": ConnectPage.objects.get(locale__language_code="en").url,
        "es": ConnectPage.objects.get(locale__language_code="es").url,
    }
    spanish_paths = spanish_page_type_paths()
    for name in CLOSING_WITH_A_NEXT_STEP:
        for language, path in [("en", PAGE_TYPE_PATHS[name]), ("es", spanish_paths[f"{name} (es)"])]:
            ending = last_section(client.get(path).content.decode())
            assert 'class="connect next-step"' in ending, path
            link = unescape(re.search(r'<a class="button button--primary" href="([^"]+)">', ending).group(1))
            assert link.startswith(connect[language]), (path, link)
            if name == "program":
                assert "?program=" in link
                assert ("Ask about this program" if language == "en" else "Preguntar por este programa") in ending
            else:
                assert ("Get help" if language == "en" else "Pedir ayuda") in ending


def test_without_a_connect_page_the_band_is_left_out_rather_than_leading_nowhere(seeded, client):
    for page in ConnectPage.objects.all():
        page.unpublish()
    for path in ["/our-care-model/", "/books-are-magic/", "/our-care-model/safe-and-stable-housing/"]:
        html = client.get(path).content.decode()
        assert "next-step" not in html, path


def test_the_impact_report_closes_with_donate_once_its_address_is_set(spanish, client):
    from wagtail.models import Site

    from home.models import OrganizationSettings

    settings = OrganizationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.donate_url = "https://donate.example.org/wpa"
    settings.save()
    for path, heading, label in [
        ("/2025-impact-report/", "Support this work", "Donate"),
        ("/es/informe-de-impacto-2025/", "Apoye este trabajo", "Donar"),
    ]:
        ending = last_section(client.get(path).content.decode())
        assert 'class="connect next-step"' in ending, path
        assert f">{heading}</h2>" in ending
        assert f'<a class="button button--primary" href="https://donate.example.org/wpa">{label}</a>' in ending
