"""Middleware every request passes: malformed requests refused, the page's
language, the database-outage answer, the Content-Security-Policy, and the
Wagtail site lookup."""

import copy
import logging
from urllib.parse import unquote_to_bytes

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import Case, IntegerField, Q, When
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.http.request import split_domain_port
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Site
from wagtail.models.sites import MATCH_DEFAULT, MATCH_HOSTNAME, MATCH_HOSTNAME_DEFAULT, MATCH_HOSTNAME_PORT

from wpa_site.cache.memory import cached_until_change
from wpa_site.errors import unavailable_response
from wpa_site.paths import admin_prefix, search_paths
from wpa_site.site_settings import setting_relations, settings_of

logger = logging.getLogger(__name__)

ALLOWED_METHODS = ("GET", "HEAD", "POST")
# wagtail-localize's translation editor saves and clears each sentence with
# PUT and DELETE: allowed there alone, for signed-in staff's admin requests.
EDITOR_API_METHODS = ("PUT", "DELETE")
# Gunicorn refuses request lines over 4,094 bytes; the same limit here keeps
# the site's answer the same under any other server and in tests.
MAX_URL_PART_LENGTH = 4094


class RejectMalformedRequestMiddleware:
    """Answer requests no browser sends with a 4xx before they reach a view.

    A NUL byte in the path or query string would otherwise reach Postgres,
    which refuses it with an error (a 500); odd methods such as PROPFIND would
    otherwise be served like GET; a query that is not UTF-8 would reach views
    as replacement characters; no page needs an address longer than a
    browser's request line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        editor_api = request.method in EDITOR_API_METHODS and request.path_info.startswith(
            admin_prefix() + "localize/translate/"
        )
        if request.method not in ALLOWED_METHODS and not editor_api:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        query_string = request.META.get("QUERY_STRING", "")
        if len(request.path_info) > MAX_URL_PART_LENGTH or len(query_string) > MAX_URL_PART_LENGTH:
            return HttpResponse("URI too long", status=414, content_type="text/plain")
        nul_in_query = "%00" in query_string or "\x00" in query_string
        # Site search strips control characters from its query itself before
        # any database query, and answers a pasted NUL with a normal results page.
        if "\x00" in request.path_info or (nul_in_query and request.path_info not in search_paths()):
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        try:
            unquote_to_bytes(query_string).decode("utf-8")
        except UnicodeDecodeError:
            return HttpResponseBadRequest("Bad request", content_type="text/plain")
        return self.get_response(request)


class LanguageFromAddressMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the language taken from the address
    alone: /es/... is Spanish and every other address English
    (i18n_patterns with prefix_default_language=False). So an address shows
    the same page to every visitor whatever their browser prefers, and a
    shared cache needs no Vary: Accept-Language."""

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a static page when the database cannot be reached.

    The page and its headers are built without touching the database, and
    Retry-After tells browsers and crawlers to come back shortly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Only "cannot talk to the database"; an IntegrityError or a
        # ProgrammingError is a bug and stays a 500 that gets reported.
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        return unavailable_response()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the looser ADMIN_CSP for the Wagtail admin and its previews.

    Wagtail renders a preview by sending a dummy request for the page's own
    address through the middleware (marked `is_dummy`), then shows the result
    in a frame inside the admin.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        is_admin = request.path_info.startswith(admin_prefix())
        if not report_only and (is_admin or getattr(request, "is_dummy", False)):
            return PolicyParts(config=settings.ADMIN_CSP, nonce=parts.nonce)
        return parts


def find_site(request, language):
    """The request's site, as Wagtail would find it, with its settings
    (one query for both) and its root page in the address's language."""
    site = site_with_settings(split_domain_port(request._get_raw_host())[0], request.get_port())
    if site is not None:
        # Every address is routed from the root's own (specific) page, in the
        # address's language as Wagtail's router would pick it (its live
        # translation, else the default language's root): kept with the site,
        # it costs no query per request, where Wagtail looks the translation
        # up on every one.
        site.root_page = root_in_language(site.root_page, language)
        site.remembered_settings = settings_of(site)
    return site


def site_with_settings(hostname, port):
    """Wagtail's get_site_for_hostname (wagtail/models/sites.py), whose rules
    it follows, with every site setting read in the same query."""
    sites = list(
        Site.objects.annotate(
            match=Case(
                When(hostname=hostname, port=port, then=MATCH_HOSTNAME_PORT),
                When(hostname=hostname, is_default_site=True, then=MATCH_HOSTNAME_DEFAULT),
                When(is_default_site=True, then=MATCH_DEFAULT),
                default=MATCH_HOSTNAME,
                output_field=IntegerField(),
            )
        )
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .order_by("match")
        .select_related("root_page", *setting_relations())
    )
    if not sites:
        return None
    if len(sites) == 1 or sites[0].match in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return sites[0]
    if sites[0].match == MATCH_DEFAULT:
        return sites[len(sites) == 2]
    return None


def root_in_language(root, language):
    """One query, the same as Wagtail's for the root's specific page alone,
    with what the page type names in `select_related_as_root`."""
    model = root.specific_class
    found = list(
        model.objects.filter(translation_key=root.translation_key)
        .filter(Q(pk=root.pk) | Q(live=True, locale__language_code=language))
        .select_related(*getattr(model, "select_related_as_root", ()))
    )
    return next((page for page in found if page.pk != root.pk), None) or next(page for page in found)


def private_copy(site):
    """A copy of a shared Site for one request, so that what the request
    caches on it (the root page, its specific page) stays with that request."""
    site = copy.copy(site)
    root_page = site._state.fields_cache.get("root_page")
    if root_page is not None:
        site._state.fields_cache["root_page"] = copy.copy(root_page)
    return site


class SiteMiddleware:
    """Which Wagtail site a request is for, with its root page in the
    address's language, remembered until the next change, where Wagtail asks
    the database on every request. Sits after the language is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request._get_raw_host())[0]
        try:
            language = get_supported_content_language_variant(translation.get_language())
        except LookupError:
            language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        key = f"site:{hostname}:{request.get_port()}:{language}"
        try:
            site = cached_until_change(key, lambda: find_site(request, language), request)
        except (OperationalError, InterfaceError):
            site = None  # the view meets the same error and answers 503
        if site is not None:
            request._wagtail_site = private_copy(site)
        return self.get_response(request)
