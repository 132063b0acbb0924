"""Which pages visitors may see: the private sections, read once per content
version instead of once per listing, and Wagtail's per-page privacy check
answered from that list."""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from wpa_site.cache.memory import cached_until_change


def load_private_sections():
    """The tree paths of private sections, whether any page is an alias (an
    alias takes its restrictions from its original, elsewhere in the tree),
    and every live page's versions in each language (for the language switch
    and hreflang, wpa_site/languages.py): one query for all three."""
    rows = Page.objects.filter(
        Q(view_restrictions__isnull=False) | Q(alias_of__isnull=False) | Q(live=True, depth__gt=1)
    ).values_list(
        "path",
        "view_restrictions",
        "alias_of_id",
        "live",
        "pk",
        "translation_key",
        "url_path",
        "locale__language_code",
    )
    paths = sorted({row[0] for row in rows if row[1] is not None})
    has_aliases = any(row[2] for row in rows)
    versions = {}
    for path, _restriction, _alias_of, live, pk, translation_key, url_path, language_code in rows:
        if live:
            versions.setdefault(translation_key, {})[pk] = (language_code, path, url_path)
    return {"paths": paths, "has_aliases": has_aliases, "live_versions": versions}


def private_sections(request=None):
    cached = getattr(request, "_private_sections", None)
    if cached is not None:
        return cached
    sections = cached_until_change("private-sections", load_private_sections, request)
    if request is not None:
        request._private_sections = sections
    return sections


def live_versions(translation_key, request=None):
    """{page id: (language code, tree path, url_path)} of the live pages that
    are versions of one another, public or not."""
    return private_sections(request)["live_versions"].get(translation_key, {})


def restricted_paths(request=None):
    """Tree paths of the sections visitors need a password or login to see."""
    return private_sections(request)["paths"]


def is_inside(path, restricted):
    return any(path.startswith(section) for section in restricted)


def public_pages(pages, restricted):
    """The pages that are outside every restricted section.

    One query for the restrictions serves every listing on a page, where
    Wagtail's `public()` would run it again for each.
    """
    return [page for page in pages if not is_inside(page.path, restricted)]


class ViewRestrictionsMixin:
    """Wagtail checks a page's view restrictions with two queries on every
    request; most pages are in no private section, which the remembered list
    of private sections answers without any."""

    def get_view_restrictions(self):
        sections = private_sections()
        if not sections["has_aliases"] and not is_inside(self.path, sections["paths"]):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
