import re
import unicodedata

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from wagtail.models import Page, Site

from home.pagination import paginate


@never_cache
@require_GET
def healthz(request):
    """Tell a load balancer whether this instance can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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
    """Search every live, public page of the site."""
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


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
