"""Where the site's own sections start, worked out from the URL configuration
instead of written out, so that moving one (or a language prefix) moves every
check that depends on it. Worked out once, on first use: the URLs are fixed
for the life of a process."""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils import translation


@functools.cache
def admin_prefix():
    return reverse("wagtailadmin_home")


@functools.cache
def documents_prefix():
    return reverse("wagtaildocs_serve", args=[1, "f"]).removesuffix("1/f")


@functools.cache
def search_paths():
    """The search page's address in every language: /search/, /es/buscar/."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse("search"))
    return tuple(dict.fromkeys(paths))


@functools.cache
def uncached_prefixes():
    """Addresses the page cache never stores: staff's, files, search results
    (one per query), and the machine-read health check and sitemap."""
    return (
        admin_prefix(),
        documents_prefix(),
        *search_paths(),
        reverse("healthz"),
        reverse("sitemap"),
        settings.STATIC_URL,
        settings.MEDIA_URL,
    )
