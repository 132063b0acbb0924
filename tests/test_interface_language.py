"""Interface words go through Django's translation system; content comes from the CMS.

Two proofs:

- The committed catalog (wpa_site/locale/en/LC_MESSAGES/django.po) holds
  exactly the strings marked in the project's code and templates: makemessages
  is run, with the Makefile's own flags, over a temporary copy of the project
  and its msgids are compared with the committed ones.
- Every page type, rendered in a pseudo-language built at test time from that
  catalog (and Django's own, which gives month names and Django's form
  messages), shows no English a translator could not reach: each visible text
  node, and each attribute people perceive, is either changed by the
  pseudo-language, or CMS content found in the database, or not words at all.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.blocks import StreamValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

BASE_DIR = Path(settings.BASE_DIR)
CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
DJANGO_CATALOG = Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"
FIX = "Mark it ({% translate %} or gettext), run `make messages` and commit the .po."


# --- the catalog matches the marked strings --------------------------------


def entry_key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def describe(keys):
    lines = []
    for context, msgid, plural in sorted(keys, key=lambda key: (key[1], key[0] or "", key[2] or "")):
        text = repr(msgid)
        if plural:
            text += f" / plural {plural!r}"
        if context:
            text += f" (context {context!r})"
        lines.append("  " + text)
    return "\n".join(lines)


def catalog_keys(path):
    if not path.exists():
        return set()
    return {entry_key(entry) for entry in polib.pofile(str(path)) if not entry.obsolete}


def makemessages_flags():
    """The flags `make messages` gives makemessages, read from the Makefile."""
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "print-MESSAGES_FLAGS"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    flags = shlex.split(result.stdout)
    assert "--no-obsolete" in flags and any(flag.startswith("--ignore") for flag in flags), flags
    return flags


# What a copy of the project needs not carry: installed packages, generated
# and collected files, caches. makemessages' own --ignore flags decide the rest.
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".stamps",
    "node_modules",
    "staticfiles",
    "media",
    "test-artifacts",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "*.mo",
    "*.sqlite3",
)


def test_the_committed_catalog_holds_exactly_the_marked_strings(tmp_path):
    for program in ("xgettext", "msgmerge", "msguniq", "msgattrib"):
        if shutil.which(program) is None:
            pytest.fail(f"GNU gettext's {program} is missing: `make test` installs it (`make gettext`).")
    flags = makemessages_flags()
    copy = tmp_path / "project"
    shutil.copytree(BASE_DIR, copy, ignore=NOT_COPIED)
    # A fresh extraction, not a merge with what is committed.
    shutil.rmtree(copy / CATALOG.relative_to(BASE_DIR).parents[2], ignore_errors=True)
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "wpa_site.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", *flags, "--verbosity=0"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"

    marked = catalog_keys(copy / CATALOG.relative_to(BASE_DIR))
    committed = catalog_keys(CATALOG)
    problems = []
    if marked - committed:
        problems.append(f"Marked in the code or templates but missing from {CATALOG.relative_to(BASE_DIR)}:")
        problems.append(describe(marked - committed))
    if committed - marked:
        problems.append(f"In {CATALOG.relative_to(BASE_DIR)} but no longer marked anywhere:")
        problems.append(describe(committed - marked))
    assert not problems, "\n".join([*problems, "Run `make messages` and commit the .po."])


def test_the_english_catalog_leaves_every_msgstr_empty():
    """English is the source language: its words are the msgids themselves."""
    catalog = polib.pofile(str(CATALOG))
    assert catalog.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    filled = [entry.msgid for entry in catalog if entry.msgstr or any(entry.msgstr_plural.values())]
    fuzzy = [entry.msgid for entry in catalog if "fuzzy" in entry.flags]
    assert not filled, f"English msgstr must stay empty (edit the msgid in the code instead): {filled}"
    assert not fuzzy, f"Fuzzy entries in the English catalog: {fuzzy}"


# --- the pseudo-language -----------------------------------------------------

PSEUDO_LANGUAGE = "en-xa"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"
PSEUDO_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçďéƒĝĥíĵķĺɱñóƥʠŕšţúʋŵẋýžÁƁÇĎÉƑĜĤÍĴĶĹṀÑÓƤǪŔŠŢÚṼŴẊÝŽ",
)
PSEUDO_CHARACTERS = frozenset(chr(code) for code in PSEUDO_LETTERS.values())
# What a translation must keep as it is: Python and brace placeholders, HTML
# tags and entities.
PLACEHOLDER = re.compile(
    r"""
    %(?:\([^)]+\))?[-\#0+]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGco%]
  | \{[^{}\s]*\}
  | <[^<>]+>
  | &(?:[A-Za-z]+|\#\d+|\#x[0-9A-Fa-f]+);
    """,
    re.VERBOSE,
)


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


# --- what a visitor sees ------------------------------------------------------

PERCEIVED_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}


class VisibleText(HTMLParser):
    """The text nodes a visitor sees or hears: the body's text, the <title>,
    and the attributes people perceive (aria-label, title, alt, placeholder,
    the value of buttons); not <script>, <style> or the rest of <head>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes = []
        self.in_head = self.in_title = False
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        elif tag == "title":
            self.in_title = True
        elif tag in ("script", "style"):
            self.hidden_depth += 1
        if self.in_head:
            return
        attributes = dict(attrs)
        for name in PERCEIVED_ATTRIBUTES:
            self.add(attributes.get(name), f"{tag}[{name}]")
        if tag == "button" or (tag == "input" and (attributes.get("type") or "").lower() in BUTTON_INPUT_TYPES):
            self.add(attributes.get("value"), f"{tag}[value]")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False
        elif tag in ("script", "style"):
            self.hidden_depth = max(0, self.hidden_depth - 1)

    def handle_data(self, data):
        if self.hidden_depth or (self.in_head and not self.in_title):
            return
        self.add(data, "title" if self.in_title else "text")

    def add(self, value, where):
        text = " ".join((value or "").split())
        if text:
            self.nodes.append((where, text))


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.nodes


def text_nodes(html):
    """The text of an HTML fragment, node by node, alt texts included (for the CMS corpus)."""
    return [text for _, text in visible_text(f"<body>{html}</body>")]


# --- what comes from the CMS ---------------------------------------------------

# Rows of these models are not what the site shows as its content.
NOT_CONTENT = {
    "home.newslettersignup": "addresses visitors sent (and copies of the consent text they saw)",
    "home.seedrecord": "the seed command's bookkeeping",
}


def content_models():
    """The project's own models (its apps under BASE_DIR) and Wagtail's image
    and document models, less those in NOT_CONTENT."""
    base = BASE_DIR.resolve()
    models = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base not in path.parents:
            continue
        relative = path.relative_to(base).parts
        if relative[0].startswith(".") or "site-packages" in relative:
            continue
        models.extend(config.get_models())
    models.extend([get_image_model(), get_document_model()])
    return [model for model in models if model._meta.label_lower not in NOT_CONTENT]


def strings_in(value):
    """Every string inside a field's value: StreamField and rich text flattened."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, StreamValue):
        yield from strings_in(value.get_prep_value())
    elif isinstance(value, RichText):
        yield value.source
    elif isinstance(value, FieldFile):
        if value.name:
            name = os.path.basename(value.name)
            yield from (value.name, name, os.path.splitext(name)[1].lstrip("."))
    elif isinstance(value, dict):
        stream_child = "type" in value and "value" in value
        for key, item in value.items():
            if not (stream_child and key in ("type", "id")):
                yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


def normalize(text):
    """Compared without case, runs of white space, or punctuation at either end."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", " ".join(text.split()).casefold())


def database_strings():
    """Every string value of every row of the content models."""
    for model in content_models():
        fields = model._meta.concrete_fields
        for row in model._default_manager.all():
            for field in fields:
                yield from strings_in(field.value_from_object(row))


class Corpus:
    """CMS content: strings, their lines, and the text nodes of their HTML."""

    def __init__(self, strings):
        segments = set()
        for text in strings:
            for part in [text, *text_nodes(text)]:
                for piece in [part, *part.splitlines()]:
                    if normalize(piece):
                        segments.add(normalize(piece))
        self.segments = segments
        self.text = "\n".join(sorted(segments))

    def __contains__(self, piece):
        """A whole value (or line, or rich-text node) of the database; or, for
        three words or more, a run of whole words inside one."""
        key = normalize(piece)
        if key in self.segments:
            return True
        if len(key.split()) < 3:
            return False
        return re.search(rf"(?<!\w){re.escape(key)}(?!\w)", self.text) is not None


# --- not words at all ------------------------------------------------------------

NO_LETTERS = re.compile(r"^[\W\d_]*$")
# Separators templates put between two values: "Page | Site", "Heading – Site", "(PDF, 2 MB)".
SEPARATORS = re.compile(r"\s+[|–—·•]\s+|[()\[\]]|,\s+")


def without_pseudo(text):
    """The node with the pseudo-language's words taken out. A translation cut
    by a tag leaves an unmatched ⟦ or ⟧, or words made only of pseudo letters.
    (What a translated sentence holds in its placeholders, such as the words
    searched for, goes with it unchecked.)"""
    text = re.sub(rf"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}", " ", text)
    text = re.sub(rf"{PSEUDO_OPEN}[^{PSEUDO_CLOSE}]*$", " ", text)
    text = re.sub(rf"^[^{PSEUDO_OPEN}]*{PSEUDO_CLOSE}", " ", text)
    return re.sub(r"[^\W\d_]+", lambda word: " " if set(word.group()) <= PSEUDO_CHARACTERS else word.group(), text)


def is_accounted_for(piece, corpus):
    return NO_LETTERS.match(piece) is not None or piece in corpus


def leftover_english(text, corpus):
    """What is left of a node once the pseudo-language's words are taken out,
    and its pieces that are neither CMS content nor free of words ([] when
    there are none)."""
    rest = " ".join(without_pseudo(text).split())
    if is_accounted_for(rest, corpus):
        return rest, []
    pieces = [" ".join(piece.split()) for piece in SEPARATORS.split(rest) if piece.strip()]
    return rest, [piece for piece in pieces if not is_accounted_for(piece, corpus)]


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
    report = ImpactReportPage.objects.live().get()
    report.report_document = document
    report.save_revision().publish()


def signed_start(seconds_ago):
    from home.public_forms import STARTED_SALT

    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


def rendered_pages(client, settings):
    """(what, status, html) for every page type of the seeded site."""
    from home.models import ConnectPage, HomePage, ImpactReportPage, PromotionPage, StandardPage
    from news.models import NewsIndexPage
    from programs.models import ProgramIndexPage, ProgramPage

    connect = ConnectPage.objects.live().get()
    news = NewsIndexPage.objects.live().get()
    standard = StandardPage.objects.live().filter(title="Browsing safely").first() or StandardPage.objects.first()
    promotion = PromotionPage.objects.live().filter(title__icontains="Books Are Magic").first()
    promotion = promotion or PromotionPage.objects.live().first()
    gets = [
        ("home", HomePage.objects.live().get().url),
        ("program index", ProgramIndexPage.objects.live().get().url),
        ("program page", ProgramPage.objects.live().first().url),
        ("news index", news.url),
        ("news index, page 2", news.url + "?page=2"),
        ("impact report", ImpactReportPage.objects.live().get().url),
        ("promotion", promotion.url),
        ("standard page", standard.url),
        ("Connect", connect.url),
        ("Connect thank-you", connect.landing_url()),
        ("search with results", reverse("search") + "?q=women"),
        ("search without results", reverse("search") + "?q=qqzzxxnothing"),
        ("newsletter thanks", reverse("newsletter_thanks")),
        ("404", HomePage.objects.live().get().url + "no-such-page-here/"),
    ]
    pages = []
    for what, url in gets:
        response = client.get(url)
        pages.append((f"{what} (GET {url})", response.status_code, response.content.decode()))
    # Sent empty and at once: every required field's error, the too-fast message and the summary.
    response = client.post(connect.url, {"form_started": signed_start(0), "website": ""})
    pages.append((f"Connect with errors (POST {connect.url})", response.status_code, response.content.decode()))
    signup = reverse("newsletter_signup")
    response = client.post(signup, {"email": "not an address", "first_name": "", "website": ""})
    pages.append((f"newsletter sign-up with errors (POST {signup})", response.status_code, response.content.decode()))
    # One post a minute allowed: the second gets the friendly 429 page, with the form.
    settings.PUBLIC_FORM_RATE_LIMIT = "1/m"
    cache.clear()
    for _ in range(2):
        response = client.post(connect.url, {"form_started": signed_start(60), "website": ""})
    pages.append((f"too many requests (POST {connect.url})", response.status_code, response.content.decode()))
    return pages


EXPECTED_STATUS = {"404": 404, "too many requests": 429}


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
