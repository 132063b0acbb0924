import ipaddress
import re
import unicodedata

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page, Site

from home.middleware import client_ip_address
from home.models import NewsletterSignup, SiteSettings
from home.pagination import paginate
from home.public_forms import NewsletterForm


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


def too_many_requests(request, context=None):
    """A friendly page for someone who sent many forms in a short time.
    The Connect form, when it was the one sent, is shown again with what
    was typed."""
    return TemplateResponse(request, "home/too_many_requests.html", context or {}, status=429)


def client_ip(request):
    """The visitor's address for the form rate limit: the same one the admin
    lockout uses (see PROXY_COUNT), checked, so that a missing or garbled
    address never turns into an error."""
    for candidate in (client_ip_address(request), request.META.get("REMOTE_ADDR", "")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return "0.0.0.0"  # noqa: S104 - one shared bucket for requests with no usable address


def is_rate_limited(request):
    return is_ratelimited(
        request,
        group="public-forms",
        key="ip",
        rate=settings.PUBLIC_FORM_RATE_LIMIT,
        method="POST",
        increment=True,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_signup(request):
    """The footer's sign-up form posts here; it answers with a redirect to
    the same thank-you page whether or not the address was already listed."""
    labels = SiteSettings.for_request(request)
    if request.method == "POST":
        if is_rate_limited(request):
            return too_many_requests(request)
        form = NewsletterForm(request.POST, labels=labels)
        if form.is_valid():
            if not form.is_spam:
                try:
                    with transaction.atomic():
                        NewsletterSignup.objects.get_or_create(
                            email=form.cleaned_data["email"],
                            defaults={
                                "first_name": form.cleaned_data["first_name"],
                                "consent_text": labels.newsletter_consent_text,
                            },
                        )
                except IntegrityError:
                    pass  # The same address was signed up at the same moment.
            response = HttpResponseRedirect(reverse("newsletter_thanks"))
            response.status_code = 303
            return response
    else:
        form = NewsletterForm(labels=labels)
    form.annotate_fields()
    return TemplateResponse(request, "home/newsletter_signup.html", {"newsletter_form": form})


@never_cache
@require_GET
def newsletter_thanks(request):
    return TemplateResponse(request, "home/newsletter_thanks.html", {})
