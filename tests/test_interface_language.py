"""Interface words go through Django's translation system; content comes from the CMS.

Every page type, rendered in a pseudo-language built at test time from that
  catalog (and Django's own, which gives month names and Django's form
  messages), shows no English a translator could not reach: each visible text
  node, and each attribute people perceive, is either changed by the
  pseudo-language, or CMS content found in the database, or not words at all.
"""

import time
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.documents import get_document_model

from tests.visible_text import (
    PLACEHOLDER,
    PSEUDO_CLOSE,
    PSEUDO_LANGUAGE,
    PSEUDO_LETTERS,
    PSEUDO_OPEN,
    Corpus,
    database_strings,
    entry_key,
    leftover_english,
    visible_text,
)

BASE_DIR = Path(settings.BASE_DIR)
CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
DJANGO_CATALOG = Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"
FIX = "Mark it ({% translate %} or gettext), run `make messages` and commit the .po."


def pseudo(text):
    """Every letter swapped for an accented look-alike, the whole in ⟦ ⟧;
    placeholders, tags and entities untouched."""
    parts = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(text[position : match.start()].translate(PSEUDO_LETTERS))
        parts.append(match.group())
        position = match.end()
    parts.append(text[position:].translate(PSEUDO_LETTERS))
    return PSEUDO_OPEN + "".join(parts) + PSEUDO_CLOSE


def pseudo_catalog(*sources):
    catalog = polib.POFile()
    catalog.metadata = {
        "Project-Id-Version": "wpa-site pseudo-language",
        "Language": PSEUDO_LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen = set()
    for source in sources:
        for entry in polib.pofile(str(source)):
            if entry.obsolete or not entry.msgid or entry_key(entry) in seen:
                continue
            seen.add(entry_key(entry))
            if entry.msgid_plural:
                translated = polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr_plural={0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)},
                )
            else:
                translated = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=pseudo(entry.msgid))
            catalog.append(translated)
    return catalog


def forget_translations():
    """Django keeps every language's catalogs once loaded; drop them so that
    the pseudo-language is read from its folder and forgotten afterwards."""
    trans_real._translations = {}
    trans_real._default = None
    # The cached look-ups of languages and catalogs (their names vary between Django releases).
    for name in (
        "check_for_language",
        "translation_catalog_exists",
        "get_languages",
        "get_supported_language_variant",
        "_get_supported_language_variant",
    ):
        cached = getattr(trans_real, name, None)
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()


@pytest.fixture
def pseudo_language(tmp_path, settings):
    """The pseudo-language, active: the project's catalog and Django's own,
    every msgstr transformed.

    Django's own catalog is there because some words on the pages are its:
    month names ("March 2024" from the date filter), form messages, file
    sizes. Every real language has them in Django's catalog, so the pseudo-
    language does too, rather than allow-listing dates and sizes as non-words.
    """
    locale_dir = tmp_path / "locale"
    mo_dir = locale_dir / translation.to_locale(PSEUDO_LANGUAGE) / "LC_MESSAGES"
    mo_dir.mkdir(parents=True)
    pseudo_catalog(CATALOG, DJANGO_CATALOG).save_as_mofile(str(mo_dir / "django.mo"))
    settings.LOCALE_PATHS = [locale_dir, *settings.LOCALE_PATHS]
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO_LANGUAGE, "Pseudo-English")]
    forget_translations()
    try:
        with translation.override(PSEUDO_LANGUAGE):
            yield
    finally:
        forget_translations()


def test_the_pseudo_language_keeps_placeholders_tags_and_plurals(pseudo_language):
    assert pseudo("Page %(page)s of %(pages)s") == "⟦Ƥáĝé %(page)s óƒ %(pages)s⟧"
    assert pseudo("%s and %d, 100%%, {query}") == "⟦%s áñď %d, 100%%, {query}⟧"
    assert pseudo('<a href="/x">Read &amp; see</a>') == '⟦<a href="/x">Ŕéáď &amp; šéé</a>⟧'
    assert translation.gettext("January") == "⟦Ĵáñúáŕý⟧"
    assert translation.ngettext("%(size)d byte", "%(size)d bytes", 3) % {"size": 3} == "⟦3 ƀýţéš⟧"
    assert translation.get_language() == PSEUDO_LANGUAGE
    # Every string of the project's catalog is transformed and still formats.
    for entry in polib.pofile(str(CATALOG)):
        context = entry.msgctxt or ""
        if entry.msgid_plural:
            sources = [entry.msgid, entry.msgid_plural]
            forms = [
                translation.npgettext(context, *sources, n) if context else translation.ngettext(*sources, n)
                for n in (1, 2)
            ]
        else:
            sources = [entry.msgid]
            forms = [translation.pgettext(context, entry.msgid) if context else translation.gettext(entry.msgid)]
        for translated, source in zip(forms, sources, strict=True):
            assert translated.startswith(PSEUDO_OPEN), source
            assert PLACEHOLDER.findall(translated) == PLACEHOLDER.findall(source), source


def test_the_checker_tells_interface_english_from_content_and_non_words():
    corpus = Corpus(
        [
            "Women’s Prison Association",
            "<p>We support women <a linktype='page' id='3'>across New York</a> every day.</p>",
            "New York, NY 10001\nSuite 200",
            "The first organization dedicated to women impacted by incarceration.",
        ]
    )
    accounted = [
        pseudo("Skip to main content"),
        pseudo("Page %(page)s of %(pages)s") % {"page": 1, "pages": 3},
        "Women's Prison Association".replace("'", "’"),
        "across New York",
        "Suite 200",
        "organization dedicated to women …",
        f"{pseudo('Download')} Women’s Prison Association",
        "Women’s Prison Association | " + pseudo("Search"),
        f"(2.1 {pseudo('MB')})",
        "© 2025 — 3,000+",
    ]
    for text in accounted:
        assert leftover_english(text, corpus)[1] == [], text
    leftover = {
        "Read more": ["Read more"],
        "Women": ["Women"],
        "Download Women’s Prison Association": ["Download Women’s Prison Association"],
        f"{pseudo('Results for')} women | Search": ["women", "Search"],
        "How can we help? – Please fill this in.": ["How can we help?", "Please fill this in."],
    }
    for text, pieces in leftover.items():
        assert leftover_english(text, corpus)[1] == pieces, text


# --- every page type, rendered in the pseudo-language ---------------------------


@pytest.fixture
def site_with_lists_and_downloads(seeded, settings, tmp_path):
    """The seeded site, with a second page of press coverage (pagination) and
    the impact report's document (the download link)."""
    from home.models import ImpactReportPage
    from tests.factories import add_press_item

    settings.MEDIA_ROOT = tmp_path / "media"
    for _ in range(11):
        add_press_item(featured=False)
    document = get_document_model().objects.create(
        title="The 2025 impact report in full", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="impact-report.pdf")
    )
    report = ImpactReportPage.objects.live().get(locale__language_code="en")
    report.report_document = document
    report.save_revision().publish()


def signed_start(seconds_ago):
    from home.public_forms import STARTED_SALT

    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


def rendered_pages(client, settings):
    """(what, status, html) for every page type of the seeded site.

    The language comes from the address alone (wpa_site.middleware), so the
    addresses are made here with the pseudo-language active: page.url and
    reverse() then give them its prefix, /en-xa/, as they give Spanish /es/."""
    from home.models import ConnectPage, HomePage, ImpactReportPage, PromotionPage, StandardPage
    from home.newsletter.models import NewsletterSignup
    from news.models import NewsIndexPage
    from programs.models import ProgramIndexPage, ProgramPage

    connect = ConnectPage.objects.live().get(locale__language_code="en")
    news = NewsIndexPage.objects.live().get(locale__language_code="en")
    standard = (
        StandardPage.objects.live().filter(title="Browsing safely").first()
        or StandardPage.objects.filter(locale__language_code="en").first()
    )
    promotion = PromotionPage.objects.live().filter(title__icontains="Books Are Magic").first()
    promotion = promotion or PromotionPage.objects.live().filter(locale__language_code="en").first()
    reader = NewsletterSignup.objects.create(email="reader@example.org", consent_text="Yes.")
    confirm = reverse("newsletter_confirm", args=[reader.confirmation_token()])
    gets = [
        ("home", HomePage.objects.live().get(locale__language_code="en").url),
        ("program index", ProgramIndexPage.objects.live().get(locale__language_code="en").url),
        ("program page", ProgramPage.objects.live().first().url),
        ("news index", news.url),
        ("news index, page 2", news.url + "?page=2"),
        ("impact report", ImpactReportPage.objects.live().get(locale__language_code="en").url),
        ("promotion", promotion.url),
        ("standard page", standard.url),
        ("Connect", connect.url),
        ("Connect thank-you", connect.landing_url()),
        ("search with results", reverse("search") + "?q=women"),
        ("search without results", reverse("search") + "?q=qqzzxxnothing"),
        ("newsletter thanks", reverse("newsletter_thanks")),
        ("newsletter confirmation", confirm),
        ("newsletter link no longer valid", reverse("newsletter_confirm", args=["not-a-token"])),
        ("404", HomePage.objects.live().get(locale__language_code="en").url + "no-such-page-here/"),
    ]
    pages = []
    for what, url in gets:
        response = client.get(url)
        pages.append((f"{what} (GET {url})", response.status_code, response.content.decode()))
    # Sent empty and at once: every required field's error, the too-fast message and the summary.
    response = client.post(connect.url, {"form_started": signed_start(0), "website": ""})
    pages.append((f"Connect with errors (POST {connect.url})", response.status_code, response.content.decode()))
    response = client.post(confirm)
    pages.append((f"newsletter confirmed (POST {confirm})", response.status_code, response.content.decode()))
    response = Client(enforce_csrf_checks=True).post(connect.url, {"form_started": signed_start(60), "website": ""})
    expired = f"Connect with an expired token (POST {connect.url})"
    pages.append((expired, response.status_code, response.content.decode()))
    signup = reverse("newsletter_signup")
    response = client.post(signup, {"email": "not an address", "first_name": "", "website": ""})
    pages.append((f"newsletter sign-up with errors (POST {signup})", response.status_code, response.content.decode()))
    # One post an hour allowed: the next gets the friendly 429 page, with the form. (Three tries: the
    # rate limit's window may turn over between two posts, but not twice.)
    settings.PUBLIC_FORM_RATE_LIMIT = "1/h"
    cache.clear()
    for _ in range(3):
        response = client.post(connect.url, {"form_started": signed_start(60), "website": ""})
        if response.status_code == 429:
            break
    pages.append((f"too many requests (POST {connect.url})", response.status_code, response.content.decode()))
    return pages


EXPECTED_STATUS = {
    "404": 404,
    "too many requests": 429,
    "newsletter link no longer valid": 400,
    "Connect with an expired token": 403,
}


def test_every_page_type_shows_no_untranslated_interface_english(
    site_with_lists_and_downloads, client, pseudo_language, settings
):
    cache.clear()
    settings.PUBLIC_FORM_RATE_LIMIT = "100/m"
    pages = rendered_pages(client, settings)
    html_of = {}
    for what, status, html in pages:
        expected = next((code for prefix, code in EXPECTED_STATUS.items() if what.startswith(prefix)), 200)
        assert status == expected, f"{what} answered {status}"
        assert f'<html lang="{PSEUDO_LANGUAGE}">' in html, f"{what} was not served in the pseudo-language"
        html_of[what.split(" (")[0]] = html
    # The page states this test means to see.
    assert "search-result__title" in html_of["search with results"]
    assert 'class="pagination"' in html_of["news index"] and 'rel="prev"' in html_of["news index, page 2"]
    assert "download" in html_of["impact report"]
    assert (
        "error-summary" in html_of["Connect with errors"]
        and "error-summary" in html_of["newsletter sign-up with errors"]
    )

    corpus = Corpus(database_strings())
    found = {}
    for what, _, html in pages:
        lines = []
        for where, text in visible_text(html):
            rest, pieces = leftover_english(text, corpus)
            if not pieces:
                continue
            line = f"{where}: {text!r}"
            if rest != text:
                line += f"  left: {rest!r}"
            if line not in lines:
                lines.append(line)
        found[what] = lines
    everywhere = [line for line in next(iter(found.values()), []) if all(line in lines for lines in found.values())]
    report = []
    if everywhere:
        report.append(f"  on every page ({len(found)} URLs):")
        report.extend(f"    {line}" for line in everywhere)
    for what, lines in found.items():
        lines = [line for line in lines if line not in everywhere]
        if lines:
            report.append(f"  {what}:")
            report.extend(f"    {line}" for line in lines)
    assert not report, "\n".join(
        [
            "English left untranslated in the pseudo-language, neither from a catalog nor CMS content:",
            *report,
            FIX,
        ]
    )
