"""Spanish pages, under /es/, show the interface in Spanish: the skip link,
the menu, search, pagination, form errors, the 404 and 429 pages.

The expected words are read from the Spanish catalog with gettext, and each is
checked to differ from the English, so these tests fail if the catalog were
empty, missing or not compiled, not only if a word changed. What the CMS says
(the quick exit's words, page titles, the Connect questions) is the Spanish
content's, looked up in the database, never written here.
"""

import re
import time

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

pytestmark = pytest.mark.django_db


def words(msgid, **values):
    """The catalog's Spanish for `msgid` (formatted with `values`), as it
    appears in HTML; the English must be different."""
    with translation.override("en"):
        english = translation.gettext(msgid)
    with translation.override("es"):
        spanish = translation.gettext(msgid)
    assert spanish != english, f"The Spanish catalog has no translation of {msgid!r}"
    return escape(spanish % values if values else spanish)


def spanish_version(model, locale):
    """The live Spanish translation of the site's only (English) page of `model`."""
    return model.objects.live().get(locale__language_code="en").get_translation(locale)


def spanish_site_content(locale):
    from home.models import SiteWideContent

    return SiteWideContent.objects.get(locale=locale)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, f"GET {url} answered {response.status_code}"
    return response


def assert_spanish_frame(response, locale):
    """What every Spanish page with a request carries: the language, the skip
    link, the quick exit, the menu, the search form and the newsletter form."""
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert response.headers["Content-Language"] == "es"
    assert f'<a class="skip-link" href="#main">{words("Skip to main content")}</a>' in html
    assert re.search(r'<summary class="site-menu__toggle">.*?</span>' + re.escape(words("Menu")) + "</summary>", html)
    assert f'aria-label="{words("Main")}"' in html
    with translation.override("es"):
        search_url = reverse("search")
    assert f'action="{search_url}"' in html, "The header's search must stay in Spanish"
    assert f'<label class="visually-hidden" for="site-search-query">{words("Search this site")}</label>' in html
    assert f'<button class="button button--light site-search__button" type="submit">{words("Search")}</button>' in html
    # The quick exit's words are the Spanish site-wide content's.
    label = spanish_site_content(locale).quick_exit_label
    assert re.search(r'<a class="quick-exit__button" [^>]*data-quick-exit>' + re.escape(escape(label)), html)
    assert f'<label for="footer-newsletter-email">{words("Email address")}</label>' in html
    assert f'{words("First name")} <span class="field__optional">{words("(optional)")}</span>' in html
    assert f"{words('Sign up')}</button>" in html
    for english in ("Skip to main content", "Search this site", "Email address"):
        assert english not in html
    return html


def test_spanish_pages_show_the_interface_words_in_spanish_and_english_pages_stay_english(spanish, client):
    from home.models import ConnectPage, HomePage
    from news.models import NewsIndexPage
    from programs.models import ProgramIndexPage, ProgramPage

    for model in (HomePage, ProgramIndexPage, NewsIndexPage, ConnectPage):
        page = spanish_version(model, spanish)
        assert page.url.startswith("/es/"), page.url
        assert_spanish_frame(get(client, page.url), spanish)
    program = ProgramPage.objects.live().filter(locale__language_code="en").first().get_translation(spanish)
    assert_spanish_frame(get(client, program.url), spanish)

    english = get(client, HomePage.objects.get(locale__language_code="en").url)
    html = english.content.decode()
    assert '<html lang="en">' in html and english.headers["Content-Language"] == "en"
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert words("Skip to main content") not in html


def test_the_spanish_quick_exit_falls_back_to_the_catalog_when_the_cms_leaves_its_words_empty(spanish, client):
    from home.models import HomePage

    content = spanish_site_content(spanish)
    content.quick_exit_label = ""
    content.quick_exit_hint = ""
    content.save()
    html = get(client, spanish_version(HomePage, spanish).url).content.decode()
    assert f'<div class="quick-exit" role="region" aria-label="{words("Quick exit")}">' in html
    assert re.search(
        r"data-quick-exit>"
        + re.escape(words("Quick exit"))
        + r'<span class="visually-hidden"> – '
        + re.escape(words("Leave this site now. You can also press the Escape key twice."))
        + "</span></a>",
        html,
    )


def test_the_spanish_news_page_filters_and_paginates_in_spanish(spanish, client):
    from news.models import NewsIndexPage
    from tests.factories import add_press_item

    # The seed's three press items and eleven more: two pages of ten.
    for _ in range(11):
        add_press_item(featured=False)
    news = spanish_version(NewsIndexPage, spanish)
    html = assert_spanish_frame(get(client, news.url), spanish)
    assert f'<label for="outlet-filter">{words("Outlet")}</label>' in html
    assert f">{words('All outlets')}</option>" in html
    assert f">{words('Show')}</button>" in html
    assert f'<nav class="pagination" aria-label="{words("Pages")}">' in html
    assert f'<p class="pagination__status">{words("Page %(page)s of %(pages)s", page=1, pages=2)}</p>' in html
    assert re.search(
        r'<a class="pagination__link" rel="next" href="\?page=2">' + re.escape(words("Next")) + "</a>", html
    )
    assert 'rel="prev"' not in html

    html = get(client, news.url + "?page=2").content.decode()
    assert f'<p class="pagination__status">{words("Page %(page)s of %(pages)s", page=2, pages=2)}</p>' in html
    assert re.search(
        r'<a class="pagination__link" rel="prev" href="[^"]*">' + re.escape(words("Previous")) + "</a>", html
    )
    assert "Page 2 of 2" not in html


def assert_spanish_frame_without_header_search(response):
    """The search page hides the header's search form (it has its own)."""
    html = response.content.decode()
    assert '<html lang="es">' in html and response.headers["Content-Language"] == "es"
    assert f'<a class="skip-link" href="#main">{words("Skip to main content")}</a>' in html
    assert words("Menu") + "</summary>" in html
    return html


def test_spanish_search_speaks_spanish_with_and_without_results(spanish, client):
    from programs.models import ProgramPage

    call_command("update_index", verbosity=0)
    program = ProgramPage.objects.live().filter(locale__language_code="en").first().get_translation(spanish)
    # A word of a Spanish page's title: there are results whichever language's pages search looks in.
    query = max(re.findall(r"\w{4,}", program.title), key=len)
    with translation.override("es"):
        search_url = reverse("search")
    assert search_url.startswith("/es/")

    response = get(client, f"{search_url}?q={query}")
    html = assert_spanish_frame_without_header_search(response)
    assert f'<h1 class="page-header__title" id="search-heading">{words("Search")}</h1>' in html
    assert f'<label class="search-form__label" for="search-query">{words("Search this site")}</label>' in html
    assert f'<button class="button button--primary" type="submit">{words("Search")}</button>' in html
    heading = words("Results for “%(query)s”", query=query)
    assert f'<h2 class="search-results__heading">{heading}</h2>' in html
    assert re.search(r"<title>" + re.escape(heading) + r" \| " + re.escape(words("Search")), html)
    # Which pages are found, and in which language, is site search's to test (tests/test_search.py).
    assert 'class="search-result__title"' in html

    html = assert_spanish_frame_without_header_search(get(client, f"{search_url}?q=qqzzxxnothing"))
    assert words("No pages match your search. Try fewer or different words, or use the menu.") in html
    assert "No pages match your search" not in html


def connect_started(seconds_ago):
    from home.public_forms import STARTED_SALT

    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


def test_the_spanish_connect_form_explains_its_errors_in_spanish(spanish, client):
    from home.models import ConnectPage

    connect = spanish_version(ConnectPage, spanish)
    # Sent empty, at once: every required question's error and the too-fast message.
    response = client.post(connect.url, {"form_started": connect_started(0), "website": ""})
    assert response.status_code == 200
    html = assert_spanish_frame(response, spanish)
    summary = re.search(r'<div class="error-summary".*?</div>', html, flags=re.S).group(0)
    assert (
        f'<h2 class="error-summary__heading" id="error-summary-heading">{words("There is a problem")}</h2>' in summary
    )
    assert words("Please check your answers and press the button again.") in summary
    required = [field for field in connect.form_fields.all() if field.required]
    assert required, "The seeded Connect form has required questions"
    for field in required:
        assert f"{escape(field.label)} – {words('Please fill this in.')}" in summary
    assert html.count(words("Please fill this in.")) >= 2 * len(required), (
        "Each error shows in the summary and by its field"
    )
    if any(not field.required for field in connect.form_fields.all()):
        assert f'<span class="field__optional">{words("(optional)")}</span>' in html
    assert "Please fill this in." not in html and "There is a problem" not in html


def test_a_missing_spanish_page_gets_a_spanish_404_with_the_quick_exit(spanish, client):
    from home.models import HomePage

    home = spanish_version(HomePage, spanish)
    response = get(client, home.url + "no-such-page/", status=404)
    html = assert_spanish_frame(response, spanish)
    assert f"<title>{words('Page not found')} | Women’s Prison Association</title>" in html
    assert f'<h1 class="page-header__title">{words("Page not found")}</h1>' in html
    intro = words("We couldn’t find that page. It may have moved. Try the menu above or go to the home page.")
    assert intro in html
    assert f'<a class="button button--primary" href="{home.url}">{words("Go to the home page")}</a>' in html
    assert "Page not found" not in html


def test_too_many_messages_from_the_spanish_connect_page_get_a_spanish_429(
    spanish, client, settings, fresh_rate_limits
):
    from home.models import ConnectPage

    connect = spanish_version(ConnectPage, spanish)
    settings.PUBLIC_FORM_RATE_LIMIT = "1/h"
    # One post an hour allowed, the next refused. (Three tries: the limit's
    # window may turn over between two posts, but not twice.)
    for _ in range(3):
        response = client.post(
            connect.url, {"form_started": connect_started(60), "website": "", "your_message": "Segundo mensaje."}
        )
        if response.status_code == 429:
            break
    assert response.status_code == 429
    html = assert_spanish_frame(response, spanish)
    assert f'<h1 class="page-header__title">{words("Please wait a moment")}</h1>' in html
    explanation = (
        "We have received several messages from this connection in a short time. Please wait a minute and try again."
    )
    assert words(explanation) in html
    assert "Please wait a moment" not in html
