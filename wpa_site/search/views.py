"""Site search: every live, public page in the visitor's language, whatever
words a visitor types."""

import re
import unicodedata

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Page, Site

from wpa_site.pagination import paginate
from wpa_site.search.stemming import with_stems

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def clean_query(raw):
    """A visitor's search words made safe for any backend: no control or
    invisible format characters, single spaces, at most MAX_QUERY_LENGTH."""
    kept = "".join(
        character if unicodedata.category(character)[0] != "C" else " " for character in raw[: MAX_QUERY_LENGTH * 5]
    )
    return " ".join(kept.split())[:MAX_QUERY_LENGTH].strip()


def search_terms(query):
    """The words of a query without the punctuation and operators that full-text
    engines read as syntax (an unbalanced quote is an SQLite error)."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", query).lower().split())


def localized_root(site, locale):
    """The site's home page in `locale`, or None while it has none: a
    translated home page is the English one's sibling in Wagtail's tree, so
    the site's own root would leave out every Spanish page."""
    root = site.root_page
    if root.locale_id == locale.pk:
        return root
    return root.get_translation_or_none(locale)


def pages_to_search(request, locale):
    """The live, public pages of the request's site in `locale`; None while
    the site has no home page in that language."""
    pages = Page.objects.live().public().filter(locale=locale).specific()
    site = Site.find_for_request(request)
    if site is None:
        return pages
    root = localized_root(site, locale)
    return pages.descendant_of(root, inclusive=True) if root is not None else None


@require_safe
def search(request):
    query = clean_query(request.GET.get("q", ""))
    terms = search_terms(query)
    results = Page.objects.none()
    if terms:
        locale = Locale.get_active()
        pages = pages_to_search(request, locale)
        if pages is not None:
            results = pages.search(with_stems(terms, locale.language_code), operator="or")
    pagination = paginate(request, results, RESULTS_PER_PAGE, q=query)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "pagination": pagination,
            "search_results": pagination["items"],
        },
    )
