import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from home.models import HomePage, OrganizationSettings, PromotionPage, SafetySettings, SiteWideContent
from news.models import NewsIndexPage, PressItem
from programs.models import ProgramIndexPage, ProgramPage
from tests.factories import make_private
from tests.queries import visit
from wpa_site.cache import release
from wpa_site.cache.memory import forget_remembered

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=["whole pages", "fragments only"])
def cache_mode(request, page_cache_on, settings):
    """Every change must show on the next request both with whole pages
    cached and with only what every page shares (site, settings, menu,
    private sections) remembered."""
    if request.param == "fragments only":
        settings.PAGE_CACHE_SECONDS = 0
    return request.param


def get(client, path="/"):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_second_anonymous_visit_is_served_from_the_cache_without_the_database(seeded, client):
    assert get(client)["X-Page-Cache"] == "miss"
    response, queries = visit(client, "/")
    assert response["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert "Our mission is to make the incarceration of women obsolete." in response.content.decode()
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_returning_browser_gets_a_304_until_the_page_changes(seeded, client):
    etag = get(client)["ETag"]
    again = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/", HTTP_IF_NONE_MATCH='"another"').status_code == 200
    content = SiteWideContent.objects.get(locale__language_code="en")
    content.footer_text = "New words in the footer."
    content.save()
    changed = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "New words in the footer." in changed.content.decode()
    assert changed["ETag"] != etag


def test_a_page_rendered_by_the_code_before_a_deploy_is_not_served_after_it(seeded, client, settings):
    """Its markup and its hashed stylesheet address belong to the old code;
    instances of the same release share their pages."""
    settings.RELEASE_ID = "release-1"
    release.release_id.cache_clear()
    assert get(client)["X-Page-Cache"] == "miss"
    assert get(client)["X-Page-Cache"] == "hit"
    settings.RELEASE_ID = "release-2"
    release.release_id.cache_clear()
    forget_remembered()  # a new process remembers nothing
    assert get(client)["X-Page-Cache"] == "miss"
    settings.RELEASE_ID = ""
    release.release_id.cache_clear()
    first = release.release_id()
    release.release_id.cache_clear()
    assert release.release_id() == first, "the same source gives the same release on every instance"


def test_cached_and_fresh_pages_vary_on_cookies_and_head_is_served_from_the_cache(seeded, client):
    """A shared cache in front must not hand a signed-in editor's page to a
    visitor, or a visitor's page to an editor."""
    miss, hit = get(client), get(client)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        assert "Cookie" in response["Vary"]
    head = client.head("/")
    assert head.status_code == 200 and head["X-Page-Cache"] == "hit" and head.content == b""


def test_signed_in_staff_and_posts_and_unknown_parameters_bypass_the_cache(seeded, client, admin_client):
    get(client)
    assert "X-Page-Cache" not in get(admin_client)
    assert "X-Page-Cache" not in get(client, "/?utm_source=newsletter")
    assert "X-Page-Cache" not in get(client, "/in-the-news/?page=1&page=2")
    assert get(client, "/in-the-news/?outlet=CNN")["X-Page-Cache"] == "miss"
    assert get(client, "/in-the-news/?outlet=CNN")["X-Page-Cache"] == "hit"


def test_publishing_a_page_shows_on_the_next_request(seeded, client, cache_mode):
    get(client)
    home = HomePage.objects.get(locale__language_code="en")
    statistic = home.statistics.first()
    statistic.value = "650+"
    home.statistics = [statistic, *home.statistics.all()[1:]]
    home.save_revision().publish()
    assert "650+" in get(client).content.decode()


def test_unpublishing_moving_and_deleting_pages_show_on_the_next_request(seeded, client, cache_mode):
    program = ProgramPage.objects.get(slug="safe-and-stable-housing")
    assert "Safe and Stable Housing" in get(client).content.decode()
    program.unpublish()
    assert "Safe and Stable Housing" not in get(client).content.decode()

    index = ProgramIndexPage.objects.get(locale__language_code="en")
    get(client, index.url)
    ProgramPage.objects.get(slug="trauma-informed-clinical-care").move(
        HomePage.objects.get(locale__language_code="en"), pos="last-child"
    )
    assert "Trauma-Informed Clinical Care" not in get(client, index.url).content.decode()

    get(client)
    ProgramPage.objects.get(slug="community-based-supports").delete()
    assert "Community-Based Supports" not in get(client).content.decode()


def test_editing_a_press_item_shows_on_the_next_request(seeded, client, cache_mode):
    news_url = NewsIndexPage.objects.get(locale__language_code="en").url
    get(client)
    get(client, news_url)
    item = PressItem.objects.get(outlet="CNN")
    item.headline = "Keeping Mothers Home"
    item.save_revision().publish()
    assert "Keeping Mothers Home" in get(client).content.decode()
    assert "Keeping Mothers Home" in get(client, news_url).content.decode()


def test_changing_site_settings_and_the_menu_shows_on_the_next_request(seeded, client, cache_mode):
    get(client)
    settings = OrganizationSettings.objects.get()
    settings.donate_url = "https://example.org/give"
    settings.save()
    content = SiteWideContent.objects.get(locale__language_code="en")
    content.donate_label = "Donate"
    content.main_menu = []
    content.save()
    html = get(client).content.decode()
    assert 'href="https://example.org/give"' in html
    assert 'class="site-menu__link"' not in html


def test_making_a_page_private_shows_on_the_next_request(seeded, client, cache_mode):
    get(client)
    make_private(PromotionPage.objects.get(locale__language_code="en"))
    assert "During the month of February" not in get(client).content.decode()


def test_a_page_made_private_asks_for_its_password_on_the_next_request(seeded, client, cache_mode):
    program = ProgramPage.objects.get(slug="safe-and-stable-housing")
    assert "Safe and Stable Housing" in get(client, program.url).content.decode()
    make_private(program)
    html = get(client, program.url).content.decode()
    assert 'name="password"' in html
    assert "Safe and Stable Housing</h1>" not in html


def test_an_alias_of_a_private_page_is_private_too(seeded, client, cache_mode):
    program = ProgramPage.objects.get(slug="safe-and-stable-housing")
    get(client, program.url)
    make_private(program)
    alias = program.create_alias(parent=HomePage.objects.get(locale__language_code="en"), update_slug="housing")
    assert 'name="password"' in get(client, alias.url).content.decode()


def test_warm_pages_read_the_site_settings_and_private_sections_once_per_change(seeded, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    shared_tables = (
        "wagtailcore_site",
        "home_organizationsettings",
        "home_safetysettings",
        "home_searchenginesettings",
        "home_sitewidecontent",
        "wagtailcore_pageviewrestriction",
    )
    for path in ["/", "/our-care-model/", "/our-care-model/safe-and-stable-housing/", "/in-the-news/"]:
        _, queries = visit(client, path, warm=True)
        assert not [sql for sql in queries if any(table in sql for table in shared_tables)]
    site_settings = OrganizationSettings.objects.get()
    site_settings.organization_name = "Renamed"
    site_settings.save()
    assert "Renamed" in get(client).content.decode()


def test_the_promotion_window_opens_and_closes_by_date_without_a_publish(seeded, client, cache_mode):
    from datetime import date

    promotion = PromotionPage.objects.get(locale__language_code="en")
    promotion.display_start = date(2027, 2, 1)
    promotion.display_end = date(2027, 2, 28)
    promotion.save_revision().publish()

    with mock.patch("django.utils.timezone.localdate", return_value=date(2027, 1, 31)):
        assert "During the month of February" not in get(client).content.decode()
        if cache_mode == "whole pages":
            assert get(client)["X-Page-Cache"] == "hit"
    with mock.patch("django.utils.timezone.localdate", return_value=date(2027, 2, 1)):
        assert "During the month of February" in get(client).content.decode()
    with mock.patch("django.utils.timezone.localdate", return_value=date(2027, 3, 1)):
        assert "During the month of February" not in get(client).content.decode()


def test_a_cached_page_is_the_same_for_every_visitor_and_connect_is_never_stored(seeded):
    from django.test import Client

    from home.models import ConnectPage
    from home.newsletter.models import NewsletterSignup

    first = Client(enforce_csrf_checks=True).get("/")
    again = Client(enforce_csrf_checks=True).get("/")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert not again.cookies
    assert Client(enforce_csrf_checks=True).post("/newsletter/", {"email": "reader@example.org"}).status_code == 303
    assert NewsletterSignup.objects.filter(email="reader@example.org").exists()

    connect = ConnectPage.objects.get(locale__language_code="en").url
    tokens = set()
    for _ in range(2):
        response = Client(enforce_csrf_checks=True).get(connect)
        assert "X-Page-Cache" not in response
        tokens.add(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1))
    assert len(tokens) == 2


def test_what_was_rendered_before_a_change_committed_is_not_kept(seeded, client, django_capture_on_commit_callbacks):
    """Another worker may read the new version before the change commits and
    render the old content under it; the commit moves the version on again."""
    from wpa_site.cache.version import current_version

    with django_capture_on_commit_callbacks(execute=True):
        site_settings = OrganizationSettings.objects.get()
        site_settings.organization_name = "Renamed"
        site_settings.save()
        while_uncommitted = current_version()
    assert current_version() != while_uncommitted


# Both languages: the language is the address's, so each page has its own
# cached copy, and so has each language's share of what every page shows.


def footers(spanish_locale, english="Written for every English page.", spanish="Escrito para cada página en español."):
    """Distinct footer words in each language, so a page shows which it got."""
    for content in SiteWideContent.objects.all():
        content.footer_text = spanish if content.locale_id == spanish_locale.pk else english
        content.save()
    return english, spanish


def assert_in_language(response, language, words):
    html = response.content.decode()
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in html
    for text, expected in words.items():
        assert (text in html) == (expected == language), (response.wsgi_request.path, text)


def spanish_and_english(spanish_locale, *pages):
    return [(page.url, page.get_translation(spanish_locale).url) for page in pages]


def test_the_same_page_asked_for_in_turn_in_each_language_answers_in_the_language_of_its_address(
    spanish, client, cache_mode
):
    english_words, spanish_words = footers(spanish)
    words = {english_words: "en", spanish_words: "es"}
    pages = [
        HomePage.objects.get(locale__language_code="en"),
        ProgramPage.objects.filter(locale__language_code="en")[0],
    ]
    for _ in range(3):
        for english_url, spanish_url in spanish_and_english(spanish, *pages):
            # A browser's preferred language and Django's language cookie change nothing.
            assert_in_language(client.get(english_url, HTTP_ACCEPT_LANGUAGE="es"), "en", words)
            client.cookies["django_language"] = "en"
            assert_in_language(client.get(spanish_url), "es", words)
            del client.cookies["django_language"]
    if cache_mode == "whole pages":
        for english_url, spanish_url in spanish_and_english(spanish, *pages):
            for url in (english_url, spanish_url):
                response = client.get(url)
                assert response["X-Page-Cache"] == "hit"
                assert "Accept-Language" not in response.get("Vary", "")


def test_a_change_to_one_languages_site_wide_content_shows_on_its_pages_only(spanish, client, cache_mode):
    footers(spanish)
    home = HomePage.objects.get(locale__language_code="en")
    [(english_url, spanish_url)] = spanish_and_english(spanish, home)
    get(client, english_url), get(client, spanish_url)

    content = SiteWideContent.objects.get(locale=spanish)
    content.footer_text = "Texto nuevo del pie de página."
    content.save()
    assert "Texto nuevo del pie de página." in get(client, spanish_url).content.decode()
    english_html = get(client, english_url).content.decode()
    assert "Written for every English page." in english_html and "Texto nuevo" not in english_html

    content = SiteWideContent.objects.get(locale__language_code="en")
    content.footer_text = "New English footer."
    content.save()
    assert "New English footer." in get(client, english_url).content.decode()
    spanish_html = get(client, spanish_url).content.decode()
    assert "Texto nuevo del pie de página." in spanish_html and "New English footer." not in spanish_html


def test_a_page_that_is_not_there_answers_in_the_language_of_its_address(spanish, client):
    english_words, spanish_words = footers(spanish)
    words = {english_words: "en", spanish_words: "es"}
    with translation.override("es"):
        spanish_missing = reverse("wagtail_serve", args=["no-such-page/"])
    for _ in range(2):
        for path, language in (("/no-such-page/", "en"), (spanish_missing, "es")):
            response = client.get(path)
            assert response.status_code == 404
            assert "X-Page-Cache" not in response
            assert_in_language(response, language, words)


def test_the_menu_and_the_safety_link_lead_to_the_pages_of_the_visitors_language(spanish, client, cache_mode):
    """Staff chose English pages for the Spanish menu and for the safety
    link; on Spanish pages they lead to those pages' Spanish versions."""
    english_content = SiteWideContent.objects.get(locale__language_code="en")
    spanish_content = SiteWideContent.objects.get(locale=spanish)
    spanish_content.main_menu = english_content.main_menu.raw_data
    spanish_content.save()
    menu_pages = [block.value["page"] for block in english_content.main_menu]
    safety_page = SafetySettings.objects.get().safety_page
    assert menu_pages and safety_page.locale.language_code == "en"
    home = HomePage.objects.get(locale__language_code="en")
    for _ in range(2):
        for page, locale in ((home, home.locale), (home.get_translation(spanish), spanish)):
            html = get(client, page.url).content.decode()
            menu = re.findall(r'class="site-menu__link" href="([^"]+)"', html)
            assert menu == [menu_page.get_translation(locale).url for menu_page in menu_pages]
            assert f'class="quick-exit__info" href="{safety_page.get_translation(locale).url}"' in html
