"""The way from the home page down to a page, for its breadcrumb trail."""

from django.utils.translation import gettext
from wagtail.models import Page

from wpa_site.visibility import is_inside, restricted_paths

# Depth 1 is the tree's root; each language's home page sits below it.
HOME_DEPTH = 2


def ancestors_of(page, request):
    """The pages above `page`, top first: those the home page's routing
    found on its way down when it served this page, else one query."""
    routed = getattr(request, "route_ancestors", None) or []
    complete = [ancestor.depth for ancestor in routed] == list(range(HOME_DEPTH, page.depth))
    if complete and all(page.path.startswith(ancestor.path) for ancestor in routed):
        return routed
    return Page.objects.ancestor_of(page).only("title", "url_path", "path", "depth", "live").order_by("depth")


def breadcrumbs(page, request=None):
    """[{title, url, full_url}] from the home page ("Home") to `page`, the
    last one the page itself. Ancestors visitors cannot open (drafts,
    private sections) are left out."""
    restricted = restricted_paths(request)
    trail = []
    for ancestor in ancestors_of(page, request):
        if ancestor.depth < HOME_DEPTH or not ancestor.live or is_inside(ancestor.path, restricted):
            continue
        title = gettext("Home") if ancestor.depth == HOME_DEPTH else ancestor.title
        trail.append({"title": title, "url": ancestor.get_url(request), "full_url": ancestor.get_full_url(request)})
    trail.append({"title": page.title, "url": page.get_url(request), "full_url": page.get_full_url(request)})
    return trail
