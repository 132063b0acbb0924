"""What each worker keeps in its own memory under the shared content version:
what every page needs (the site, its settings, the menu, the private
sections), and the pages it served lately. A change moves the version on, so
nothing remembered outlives it."""

import threading
import time
from collections import OrderedDict

from django.conf import settings

from wpa_site.cache.version import request_version


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


# How long the worker's memory may be out of date while the shared cache is down.
OUTAGE_MEMORY_SECONDS = 5

# What every page shares, kept under the content version: no query and no
# unpickling per request, and still exact, because the version is shared by
# every worker.
fragments = WorkerMemory(256)
# Pages this worker served from the shared cache lately, under the same keys
# (which hold the version), so that a popular page costs one cache read.
recent_pages = WorkerMemory(128)


def cached_until_change(name, compute, request=None):
    """`compute()`'s result, kept until the next change to visible content.

    The value is shared by later requests: callers must not change it.
    """
    if not settings.FRAGMENT_CACHE:
        return compute()
    version = request_version(request)
    if version is None:
        # The shared cache is down, so no change can be heard of: what is
        # remembered then lasts a few seconds only.
        version = ("outage", int(time.monotonic() // OUTAGE_MEMORY_SECONDS))
    stored = fragments.get(name)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    fragments.set(name, (version, value))
    return value


def forget_remembered():
    """Empty this worker's memory (tests: the database was rolled back)."""
    fragments.clear()
    recent_pages.clear()
