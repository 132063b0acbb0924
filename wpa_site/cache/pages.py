"""Full-page cache for anonymous visitors.

Pages are stored under a site-wide version number; any change that could
alter what a visitor sees moves the content version on (wpa_site/cache/version.py), so the
very next request renders afresh. The local date is part of every key, so a
promotion's display window opens and closes at midnight without anyone
publishing. With REDIS_URL set, every instance shares the pages and the
version, so a publish through one is seen through all.

A page is the same for every visitor, byte for byte: public pages carry no
CSRF token (the footer's newsletter form needs none), and a page that does
(Connect) is private, so it is never stored.

Each worker also keeps the pages it served lately in its own memory under
the same keys (wpa_site/cache/memory.py).
"""

import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag

from wpa_site.cache.memory import recent_pages
from wpa_site.cache.release import release_id
from wpa_site.cache.version import request_version
from wpa_site.paths import uncached_prefixes

# Part of every page's key: changed whenever what is stored changes shape, so
# that a deploy never reads an entry written by the code before it.
STORED_FORMAT = "3"
# The only query parameters a public page reacts to; any other query string
# is served uncached, so random parameters cannot fill the cache.
CACHEABLE_PARAMETERS = {"page", "outlet"}
# Added again to every response by the middleware around this one.
UNSTORED_HEADERS = {"x-page-cache"}


def cache_key(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # signed-in staff, or a visitor who unlocked a private page
    if request.path.startswith(uncached_prefixes()):
        return None
    query = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    names = [name for name, _ in query]
    if len(query) > len(CACHEABLE_PARAMETERS) or len(set(names)) != len(names):
        return None
    if not set(names) <= CACHEABLE_PARAMETERS or any(len(value) > 100 for _, value in query):
        return None
    version = request_version(request)
    if version is None:
        return None  # the shared cache is down
    return ":".join(
        [
            "page",
            STORED_FORMAT,
            release_id(),
            str(version),
            timezone.localdate().isoformat(),
            request.scheme,
            request.get_host(),
            request.path,
            urlencode(sorted(query)),
        ]
    )


def skip_page_cache(request):
    """Answer this request without storing the page: its address is not the
    canonical one (?page=1, ?page=02, a page or outlet that does not exist),
    so storing it would let anyone fill the cache with copies."""
    request._skip_page_cache = True


def can_store(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if getattr(request, "_skip_page_cache", False):
        return False
    if response.cookies or getattr(request, "_messages", None) and len(request._messages):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return response.get("Content-Type", "").startswith("text/html")


class PageCacheMiddleware:
    """Sits just inside the security, static-file and Cache-Control
    middleware, so that a stored page is served at nearly the cost of a
    static file, still with the security headers and Cache-Control of its
    moment. What the middleware inside it add (language, frame options,
    length) is stored with the page; a response that sets a cookie, carries a
    message or touches a session is never stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key(request)
        if key is None:
            return self.get_response(request)
        stored = self.stored_page(key)
        if stored is not None:
            return self.rebuild(request, stored)
        response = self.get_response(request)
        if can_store(request, response):
            # Worked out once, when stored: a returning visitor's browser
            # then asks with If-None-Match and gets a 304 with no body.
            set_response_etag(response)
            headers = [(name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS]
            cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def stored_page(key):
        remembered = recent_pages.get(key)
        if remembered is not None and remembered[0] > time.monotonic():
            return remembered[1]
        stored = cache.get(key)
        if stored is not None:
            recent_pages.set(key, (time.monotonic() + settings.PAGE_CACHE_SECONDS, stored))
        return stored

    @staticmethod
    def rebuild(request, stored):
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return get_conditional_response(request, etag=response.get("ETag"), response=response)
