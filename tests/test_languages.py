"""The site in two languages as visitors and search engines see it: the
language switch on every page, hreflang alternates, Open Graph locales,
canonical links and the sitemap."""

import re
import xml.etree.ElementTree as ET
from html import unescape
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page

from home.models import HomePage
from programs.models import ProgramIndexPage, ProgramPage
from tests.factories import add_program, make_private
from tests.queries import PAGE_QUERY_BUDGET, count_queries, page_types
from wpa_site.cache.version import invalidate_page_cache

pytestmark = pytest.mark.django_db

PAGE_TYPES = page_types()

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def english_page(page_type):
    return page_type.objects.live().filter(locale__language_code="en").first()


def spanish_of(page):
    return page.get_translation(Locale.objects.get(language_code="es"))


def spanish_home():
    return HomePage.objects.get(locale__language_code="es")


def address(name, language):
    with translation.override(language):
        return reverse(name)


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def page_language(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def switch_links(html):
    """The language switch's links: (href, lang, hreflang, text) each."""
    nav = re.search(r'<nav class="lang-switch" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    assert nav, "no language switch"
    assert nav.group(1).strip()
    links = re.findall(r'<a href="([^"]*)" lang="([^"]*)" hreflang="([^"]*)">([^<]*)</a>', nav.group(2))
    return [(unescape(href), lang, hreflang, unescape(text)) for href, lang, hreflang, text in links]


def switch_target(html):
    (link,) = switch_links(html)
    return link


def alternates(html):
    return {
        (hreflang, unescape(href))
        for hreflang, href in re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    }


def canonical(html):
    return unescape(re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1))


def meta_properties(html, name):
    return re.findall(rf'<meta property="{re.escape(name)}" content="([^"]*)">', html)


# --- the switch ------------------------------------------------------------


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda page_type: page_type.__name__)
def test_every_page_type_switches_to_the_same_page_in_the_other_language_and_back(spanish, client, page_type):
    english = english_page(page_type)
    spanish_version = spanish_of(english)
    assert spanish_version.translation_key == english.translation_key

    english_html = html_of(client, english.url)
    assert page_language(english_html) == "en"
    assert switch_target(english_html) == (spanish_version.url, "es", "es", "Español")

    spanish_html = html_of(client, spanish_version.url)
    assert page_language(spanish_html) == "es"
    assert switch_target(spanish_html) == (english.url, "en", "en", "English")


def test_a_page_not_published_in_spanish_switches_to_the_spanish_home_page(spanish, client):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    english_only = add_program(index, title="English only")
    draft_in_spanish = add_program(index, title="Spanish draft")
    draft = draft_in_spanish.copy_for_translation(spanish, copy_parents=True)
    draft.save_revision()
    private_in_spanish = add_program(index, title="Spanish private")
    translation_of_private = private_in_spanish.copy_for_translation(spanish, copy_parents=True)
    translation_of_private.save_revision().publish()
    make_private(translation_of_private)

    for page in [english_only, draft_in_spanish, private_in_spanish]:
        href, lang, _, text = switch_target(html_of(client, page.url))
        assert (href, lang, text) == (spanish_home().url, "es", "Español"), page.title
        assert html_of(client, href).count('<html lang="es">') == 1


def test_search_results_switch_to_the_same_search_in_the_other_language(spanish, client):
    english_search, spanish_search = address("search", "en"), address("search", "es")
    assert spanish_search != english_search

    href, lang, hreflang, _ = switch_target(html_of(client, f"{english_search}?q=housing+help"))
    assert (href, lang, hreflang) == (f"{spanish_search}?q=housing+help", "es", "es")

    spanish_html = html_of(client, href)
    assert page_language(spanish_html) == "es"
    assert switch_target(spanish_html)[:2] == (f"{english_search}?q=housing+help", "en")


def test_a_missing_page_switches_to_the_other_languages_home_page_not_another_404(spanish, client):
    spanish_home_url = spanish_home().url
    html = html_of(client, f"{spanish_home_url}no-such-page/", status=404)
    assert page_language(html) == "es"
    assert switch_target(html)[:3] == ("/", "en", "en")
    assert client.get(switch_target(html)[0]).status_code == 200

    english_html = html_of(client, "/no-such-page/", status=404)
    assert switch_target(english_html)[:2] == (spanish_home_url, "es")


def test_an_address_with_no_route_switches_to_the_other_home_page(spanish, client, settings):
    # Wagtail answers only addresses ending in a slash; this one resolves to no view.
    settings.APPEND_SLASH = False
    html = html_of(client, "/no-such-page", status=404)
    assert switch_target(html)[:2] == (spanish_home().url, "es")


def test_newsletter_thanks_and_the_rate_limit_page_switch_language_too(spanish, client):
    spanish_thanks, spanish_signup = address("newsletter_thanks", "es"), address("newsletter_signup", "es")
    assert switch_target(html_of(client, address("newsletter_thanks", "en")))[:2] == (spanish_thanks, "es")

    with mock.patch("home.newsletter.views.is_rate_limited", return_value=True):
        response = client.post(spanish_signup, {"email": "reader@example.org", "first_name": "Ana", "website": ""})
    assert response.status_code == 429
    html = response.content.decode()
    assert page_language(html) == "es"
    assert switch_target(html)[:2] == (address("newsletter_signup", "en"), "en")


# --- what search engines and social networks read -------------------------


def test_program_pages_name_each_language_version_and_english_as_the_default(spanish, client):
    english = english_page(ProgramPage)
    spanish_version = spanish_of(english)
    assert urlsplit(spanish_version.full_url).path == spanish_version.url
    expected = {("en", english.full_url), ("es", spanish_version.full_url), ("x-default", english.full_url)}
    for page in [english, spanish_version]:
        html = html_of(client, page.url)
        assert alternates(html) == expected
        assert canonical(html) == page.full_url
        assert all(href.startswith("http") for _, href in alternates(html))


def test_a_page_only_in_english_has_no_spanish_alternate(spanish, client):
    program = add_program(ProgramIndexPage.objects.get(locale__language_code="en"), title="Only English")
    assert alternates(html_of(client, program.url)) == {("en", program.full_url), ("x-default", program.full_url)}


def test_open_graph_names_the_page_locale_and_the_other_one(spanish, client):
    english = english_page(ProgramPage)
    english_html = html_of(client, english.url)
    assert meta_properties(english_html, "og:locale") == ["en_US"]
    assert meta_properties(english_html, "og:locale:alternate") == ["es_US"]
    spanish_html = html_of(client, spanish_of(english).url)
    assert meta_properties(spanish_html, "og:locale") == ["es_US"]
    assert meta_properties(spanish_html, "og:locale:alternate") == ["en_US"]
    assert meta_properties(spanish_html, "og:url") == [spanish_of(english).full_url]


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (the site's own sitemap)
    entries = {}
    for url in root.findall("s:url", SITEMAP):
        links = {(link.get("hreflang"), link.get("href")) for link in url.findall("xhtml:link", SITEMAP)}
        entries[url.find("s:loc", SITEMAP).text] = links
    return entries


def test_sitemap_lists_every_page_in_both_languages_with_its_alternates(spanish, client):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    draft = add_program(index, title="Draft program")
    draft.copy_for_translation(spanish, copy_parents=True).save_revision()
    hidden = add_program(index, title="Private program")
    hidden_translation = hidden.copy_for_translation(spanish, copy_parents=True)
    hidden_translation.save_revision().publish()
    make_private(hidden_translation)

    entries = sitemap_entries(client)
    published = [page for page in Page.objects.live().filter(depth__gt=1) if page.pk != hidden_translation.pk]
    assert set(entries) == {page.full_url for page in published}
    # Their Spanish versions are a draft and a private page: only English is listed.
    for english_only in [draft, hidden]:
        assert entries[english_only.full_url] == set()

    for page in ProgramPage.objects.filter(locale__language_code="en").exclude(pk__in=[draft.pk, hidden.pk]):
        spanish_version = spanish_of(page)
        expected = {("en", page.full_url), ("es", spanish_version.full_url), ("x-default", page.full_url)}
        assert entries[page.full_url] == expected
        assert entries[spanish_version.full_url] == expected


def test_sitemap_queries_do_not_grow_with_the_number_of_pages(spanish, client):
    client.get("/sitemap.xml")
    before = count_queries(client, "/sitemap.xml")
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    for number in range(4):
        program = add_program(index, title=f"More help {number}")
        program.copy_for_translation(spanish, copy_parents=True).save_revision().publish()
    assert len(sitemap_entries(client)) == 2 * Page.objects.filter(depth__gt=1, locale__language_code="en").count()
    assert count_queries(client, "/sitemap.xml") == before


# --- cost ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_program_page_in_either_language_stays_within_its_query_budget(spanish, client, settings, language):
    settings.PAGE_CACHE_SECONDS = 0
    program = english_page(ProgramPage)
    url = program.url if language == "en" else spanish_of(program).url
    client.get(url)
    invalidate_page_cache()
    before = count_queries(client, url)
    assert before <= PAGE_QUERY_BUDGET

    index = ProgramIndexPage.objects.get(locale__language_code="en")
    for number in range(4):
        more = add_program(index, title=f"Another program {number}")
        more.copy_for_translation(spanish, copy_parents=True).save_revision().publish()
    invalidate_page_cache()
    assert count_queries(client, url) == before
    assert count_queries(client, url) <= before  # warm


# --- a crawl of the Spanish site -------------------------------------------


def internal_links(html):
    return {unescape(href).split("#")[0] for href in re.findall(r'<a [^>]*href="(/[^"]*)"', html)}


def test_every_spanish_page_reached_from_the_spanish_home_is_spanish_and_has_its_english_twin(spanish, client):
    start = spanish_home().url
    seen, queue = set(), [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        html = html_of(client, url)
        assert page_language(html) == "es", url
        english_url, lang, _, _ = switch_target(html)
        assert lang == "en" and not english_url.startswith(start), url
        english_html = html_of(client, english_url)
        assert page_language(english_html) == "en", english_url
        assert switch_target(english_html)[0] == url, english_url
        queue.extend(link for link in internal_links(html) if link.startswith(start) and link not in seen)
    spanish_pages = {page.url for page in Page.objects.live().filter(depth__gt=1, locale__language_code="es")}
    assert len(seen & spanish_pages) >= 5


def test_error_pages_built_without_the_database_still_render_in_spanish(django_db_blocker):
    from wpa_site.errors import render_without_database

    with django_db_blocker.block(), translation.override("es"):
        html = render_without_database("500.html")
    assert page_language(html) == "es"
    assert alternates(html) == set()
