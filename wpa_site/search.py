"""Site search: every live, public page, whatever words a visitor types."""

import re
import unicodedata

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from wpa_site.pagination import paginate

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


@require_safe
def search(request):
    query = clean_query(request.GET.get("q", ""))
    terms = search_terms(query)
    results = Page.objects.none()
    if terms:
        site = Site.find_for_request(request)
        pages = Page.objects.live().public().specific()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        results = pages.search(terms, operator="or")
    pagination = paginate(request, results, RESULTS_PER_PAGE, q=query)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "pagination": pagination,
            "search_results": pagination["items"],
            "hide_header_search": True,
        },
    )
