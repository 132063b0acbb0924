"""Full-page cache for anonymous visitors.

Pages are stored under a site-wide version number; any change that could
alter what a visitor sees bumps the version (see home/signals.py), so the
very next request renders afresh. The local date is part of every key, so a
promotion's display window opens and closes at midnight without anyone
publishing. With REDIS_URL set, every instance shares the pages and the
version, so a publish through one is seen through all.

Forms stay protected: a cached page keeps its HTML, and each visitor gets
their own CSRF token written into it as it is served.

Each worker also keeps some things in its own memory under the shared
version: what every page needs (the site, its settings, the menu, the
private sections: `cached_until_change`), and the pages it served lately.
A change moves the version on, so nothing remembered outlives it.
"""

import re
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

VERSION_KEY = "page-cache-version"
# Part of every page's key: changed whenever what is stored changes shape, so
# that a deploy never reads an entry written by the code before it.
STORED_FORMAT = "2"
# The only query parameters a public page reacts to; any other query string
# is served uncached, so random parameters cannot fill the cache.
CACHEABLE_PARAMETERS = {"page", "outlet"}
STORED_HEADERS = {"content-type", "content-language", "cache-control", "vary"}
# The value of each form's CSRF token: cut out when a page is stored, so that
# serving it is a join, not a search.
CSRF_TOKEN_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[^"]*(?=")')


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh number, never a reused one: entries stored under an
        # evicted version must stay unreachable.
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)


def invalidate_page_cache(**kwargs):
    bump_version()
    # Again once the change is committed: a request that read the new
    # version before the commit may have rendered, and stored, the old content.
    transaction.on_commit(bump_version)


class WorkerMemory:
    """A small least-recently-used store in this worker's own memory, safe
    for a worker's threads (GUNICORN_THREADS)."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def set(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


# What every page shares (the site, its settings, the menu, the private
# sections), kept under the content version: no query and no unpickling per
# request, and still exact, because the version is shared by every worker.
_fragments = WorkerMemory(256)
# Pages this worker served from the shared cache lately, under the same keys
# (which hold the version), so that a popular page costs one cache read.
_pages = WorkerMemory(128)


def cache_key(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # signed-in staff, or a visitor who unlocked a private page
    if request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PATHS):
        return None
    query = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    names = [name for name, _ in query]
    if len(query) > len(CACHEABLE_PARAMETERS) or len(set(names)) != len(names):
        return None
    if not set(names) <= CACHEABLE_PARAMETERS or any(len(value) > 100 for _, value in query):
        return None
    return ":".join(
        [
            "page",
            STORED_FORMAT,
            str(request_version(request)),
            timezone.localdate().isoformat(),
            request.scheme,
            request.get_host(),
            request.path,
            urlencode(sorted(query)),
        ]
    )


def can_store(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
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
    """Sits at the end of MIDDLEWARE (only the site lookup comes after it),
    so security headers and cookies are still added by the middleware around
    it to pages served from the cache."""

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
            headers = [(name, value) for name, value in response.items() if name.lower() in STORED_HEADERS]
            parts = CSRF_TOKEN_VALUE.split(response.content)
            cache.set(key, {"parts": parts, "headers": headers}, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def stored_page(key):
        remembered = _pages.get(key)
        if remembered is not None and remembered[0] > time.monotonic():
            return remembered[1]
        stored = cache.get(key)
        if stored is not None:
            _pages.set(key, (time.monotonic() + settings.PAGE_CACHE_SECONDS, stored))
        return stored

    @staticmethod
    def rebuild(request, stored):
        parts = stored["parts"]
        content = get_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
        response = HttpResponse(content)
        for name, value in stored["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


def request_version(request):
    """The content version, read once per request."""
    if request is None:
        return current_version()
    version = getattr(request, "_content_version", None)
    if version is None:
        version = request._content_version = current_version()
    return version


def cached_until_change(name, compute, request=None):
    """`compute()`'s result, kept until the next change to visible content.

    The value is shared by later requests: callers must not change it.
    """
    if not settings.FRAGMENT_CACHE:
        return compute()
    version = request_version(request)
    stored = _fragments.get(name)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    _fragments.set(name, (version, value))
    return value


def forget_remembered():
    """Empty this worker's memory (tests: the database was rolled back)."""
    _fragments.clear()
    _pages.clear()
