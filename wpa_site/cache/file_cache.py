"""The single-machine cache: Django's file cache, shared by every worker of
the machine, with a known bound and a deliberate cull.

Django's own file cache deletes a random third of its entries once it holds
MAX_ENTRIES, live pages included. This one, when full, first drops what has
expired, then the entries written longest ago down to two thirds of the
bound: pages stored under an earlier content version (unreachable since the
change that moved it on) are the oldest and go first; entries that never
expire (the content version itself) are kept.
"""

import os
import pickle
import time

from django.core.cache.backends.filebased import FileBasedCache


class BoundedFileCache(FileBasedCache):
    def _cull(self):
        files = self._list_cache_files()
        if len(files) < self._max_entries:
            return
        remaining = len(files)
        evictable = []
        now = time.time()
        for name in files:
            try:
                with open(name, "rb") as file:
                    expiry = pickle.load(file)  # noqa: S301 (the cache's own files)
            except (OSError, EOFError, pickle.UnpicklingError):
                continue  # another worker deleted it, or is still writing it
            if expiry is not None and expiry < now:
                self._delete(name)
                remaining -= 1
            elif expiry is not None:
                evictable.append((os.path.getmtime(name), name))
        keep = self._max_entries - self._max_entries // max(self._cull_frequency, 1)
        evictable.sort()
        for _written, name in evictable[: max(remaining - keep, 0)]:
            self._delete(name)
