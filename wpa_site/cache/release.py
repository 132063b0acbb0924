"""Which release of the code is running, for the page cache's keys: a page
rendered by one release (its markup, its hashed stylesheet address) is never
served by the next, and every instance of the same release shares its pages."""

import functools
import hashlib

from django.conf import settings

# What decides how a page looks: templates, static files, translations and code.
SOURCE_SUFFIXES = {".py", ".html", ".css", ".js", ".po", ".json", ".svg", ".woff2"}
SOURCE_FOLDERS = ["templates", "static", "home", "news", "programs", "wpa_site"]


@functools.cache
def release_id():
    """RELEASE_ID when the deployment names its release, else a digest of the
    source files' contents (a few milliseconds, once per process)."""
    if settings.RELEASE_ID:
        return settings.RELEASE_ID
    digest = hashlib.blake2b(digest_size=8)
    base = settings.BASE_DIR
    for folder in SOURCE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
