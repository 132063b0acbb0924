"""Which pages visitors may see: the private sections, read once per content
version instead of once per listing, and Wagtail's per-page privacy check
answered from that list."""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from wpa_site.cache.memory import cached_until_change


def load_private_sections():
    """The tree paths of private sections, and whether any page is an alias
    (an alias takes its restrictions from its original, elsewhere in the
    tree): one query for both."""
    rows = Page.objects.filter(Q(view_restrictions__isnull=False) | Q(alias_of__isnull=False)).values_list(
        "path", "view_restrictions", "alias_of_id"
    )
    paths = sorted({path for path, restriction, _ in rows if restriction is not None})
    has_aliases = any(alias_of for _, _, alias_of in rows)
    return {"paths": paths, "has_aliases": has_aliases}


def private_sections(request=None):
    cached = getattr(request, "_private_sections", None)
    if cached is not None:
        return cached
    sections = cached_until_change("private-sections", load_private_sections, request)
    if request is not None:
        request._private_sections = sections
    return sections


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
