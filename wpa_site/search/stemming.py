"""Word stems for searching Spanish pages.

Wagtail's database search backend has one configuration for every row, so
on Postgres Spanish text would be stemmed as English and on SQLite not at
all: "viviendas" would not find a page about "vivienda". Spanish pages
therefore index the Snowball stems of their own words as one more field,
and a Spanish query adds the stems of its words, so both word forms meet
on the same stem whatever the database.
"""

import re
from functools import lru_cache

import snowballstemmer
from django.utils.html import strip_tags
from wagtail.search import index

STEMMERS = {"es": "spanish"}
STEMS_FIELD_NAME = "search_stems"
# Stems of these would match almost every Spanish page and only blur the ranking.
STOP_WORDS = {
    "a", "al", "como", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "mas", "más", "o",
    "para", "por", "que", "se", "si", "sin", "su", "sus", "un", "una", "uno", "y",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=len(STEMMERS))
def stemmer_for(language_code):
    algorithm = STEMMERS.get(language_code)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


def stems(text, language_code):
    """The distinct stems of the words of `text`, in the order they first appear."""
    stemmer = stemmer_for(language_code)
    if stemmer is None:
        return []
    words = [word for word in WORD.findall(text.lower()) if word not in STOP_WORDS]
    return list(dict.fromkeys(stemmer.stemWords(words)))


def flatten(value):
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [text for item in value for text in flatten(item)]
    if isinstance(value, dict):
        return flatten(list(value.values()))
    return [strip_tags(str(value))]


def with_stems(query, language_code):
    """A query's words followed by the stems a page in that language indexed for them."""
    extra = [stem for stem in stems(query, language_code) if stem not in query.split()]
    return " ".join([query, *extra]) if extra else query


class StemmedSearchMixin:
    """A page whose search entry, in a stemmed language, also holds the stems
    of the text of its other search fields (STEMS_FIELD in search_fields)."""

    def search_stems(self):
        language_code = self.locale.language_code if self.locale_id else ""
        if stemmer_for(language_code) is None:
            return ""
        texts = []
        for field in self.get_search_fields():
            if isinstance(field, index.SearchField) and field.field_name != STEMS_FIELD_NAME:
                texts.extend(flatten(field.get_value(self)))
        return " ".join(stems(" ".join(texts), language_code))


STEMS_FIELD = index.SearchField(STEMS_FIELD_NAME)
