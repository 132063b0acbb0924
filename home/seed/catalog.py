"""The Spanish of the starting content, kept as a PO file (es.po) exactly as
an outside translator hands one back: msgid the English, msgstr the Spanish.

The whole seed is checked against it before anything is created, so a
sentence added to initial_content.json without its Spanish stops the seed
with that sentence named, instead of reaching the Spanish site in English.
"""

from pathlib import Path

import polib
from django.core.management.base import CommandError
from django.utils.text import slugify
from wagtail_localize.strings import StringValue, extract_strings

CATALOG_PATH = Path(__file__).with_name("es.po")

# The parts of initial_content.json that become pages or site-wide content
# in both languages. Press items keep their article's language, and the
# organization's settings are the same in every language.
TRANSLATED_SECTIONS = [
    "home",
    "programs_index",
    "programs",
    "impact_report",
    "promotion",
    "news_index",
    "connect",
    "safety_page",
    "site_wide_content",
]
PAGE_SECTIONS = ["programs_index", "impact_report", "promotion", "news_index", "connect", "safety_page"]
# Values that choose how a thing works rather than say something.
# Not words: wagtail-localize copies them to the translation as they are.
UNTRANSLATED_KEYS = {"field_type", "required", "type", "display_start", "display_end", "repeats_every_year"}


class MissingSpanish(CommandError):
    def __init__(self, strings, path):
        listed = "\n".join(f"  - {text!r}" for text in strings)
        super().__init__(
            f"{len(strings)} English string(s) of the starting content have no Spanish in {path}:\n{listed}\n"
            "Add each as a msgid with its Spanish as the msgstr."
        )
        self.strings = strings


class SpanishCatalog:
    def __init__(self, path=CATALOG_PATH):
        self.path = Path(path)
        entries = polib.pofile(str(self.path))
        # An entry marked fuzzy is a translator's doubt, not a translation.
        self.spanish = {entry.msgid: entry.msgstr for entry in entries if entry.msgstr and not entry.fuzzy}

    def __len__(self):
        return len(self.spanish)

    def get(self, english):
        return self.spanish.get(english)

    def check(self, content):
        """Stop, naming them, if any of the seed's English strings has no Spanish."""
        missing = [text for text in seed_strings(content) if text not in self.spanish]
        if missing:
            raise MissingSpanish(list(dict.fromkeys(missing)), self.path)


def seed_strings(content):
    """The English strings that wagtail-localize will ask to be translated:
    every text of the translated sections, the sentences of their rich text
    one by one, and the slugs the loader gives the pages."""
    strings = ["home"]
    for section in TRANSLATED_SECTIONS:
        strings += list(text_values(content[section]))
    pages = [content[key] for key in PAGE_SECTIONS] + content["programs"]
    strings += [page.get("slug") or slugify(page["title"]) for page in pages]
    return strings


def text_values(value):
    if isinstance(value, str):
        if value.lstrip().startswith("<"):
            _template, strings = extract_strings(value)
            yield from (string.data for string, _attrs in strings)
        elif value:
            # As wagtail-localize shows a plain-text field to translators.
            yield StringValue.from_plaintext(value).data
    elif isinstance(value, list):
        for item in value:
            yield from text_values(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in UNTRANSLATED_KEYS:
                yield from text_values(item)
