"""The pseudo-language, what a visitor perceives on a page, and what of it is CMS
content: for the interface-language tests."""

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db.models.fields.files import FieldFile
from wagtail.blocks import StreamValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

BASE_DIR = Path(settings.BASE_DIR)
CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
DJANGO_CATALOG = Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"
FIX = "Mark it ({% translate %} or gettext), run `make messages` and commit the .po."


# --- the pseudo-language -----------------------------------------------------

PSEUDO_LANGUAGE = "en-xa"


def entry_key(entry):
    """A catalog entry's identity: context, message and plural."""
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


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
        # Elements marked as another language (the language switch's
        # "Español", a press headline): their words are in that language on purpose.
        self.other_language_tags = []

    def handle_starttag(self, tag, attrs):
        if tag != "html" and dict(attrs).get("lang"):
            self.other_language_tags.append(tag)
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
        if self.other_language_tags and self.other_language_tags[-1] == tag:
            self.other_language_tags.pop()
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False
        elif tag in ("script", "style"):
            self.hidden_depth = max(0, self.hidden_depth - 1)

    def handle_data(self, data):
        if self.hidden_depth or self.other_language_tags or (self.in_head and not self.in_title):
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
    "newsletter.newslettersignup": "addresses visitors sent (and copies of the consent text they saw)",
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
