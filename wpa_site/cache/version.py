"""The content version: one number, shared by every worker and instance
through the cache, that any change to what visitors see moves on. Everything
cached is keyed by it, so nothing cached outlives a change."""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "page-cache-version"


def current_version():
    """The version, or None while the shared cache cannot be reached (then
    nothing is served from a cache, since no change could be heard of)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh number, never a reused one: entries stored under an
        # evicted version must stay unreachable.
        fresh = time.time_ns()
        if cache.add(VERSION_KEY, fresh, None) is None:
            return None  # django-redis answers None, not False, when Redis cannot be reached
        version = cache.get(VERSION_KEY, fresh)
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


def request_version(request):
    """The content version, read once per request."""
    if request is None:
        return current_version()
    version = getattr(request, "_content_version", None)
    if version is None:
        version = request._content_version = current_version()
    return version
