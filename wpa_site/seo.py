"""What every page tells search engines about itself."""

from django.utils.http import urlencode

# The query parameters that make a list page a page of its own, with its own
# canonical address and alternates: its page number and its filter.
LISTING_PARAMETERS = ("outlet", "page")


def listing_query(request):
    """ "?outlet=CNN&page=2" for a filtered or later page of a list; "" for
    the list's first page and for every other parameter (tracking, typos)."""
    if request is None or request.method != "GET":
        return ""
    kept = []
    for name in LISTING_PARAMETERS:
        value = request.GET.get(name, "")
        if value and not (name == "page" and value == "1"):
            kept.append((name, value))
    return "?" + urlencode(kept) if kept else ""


class SeoMixin:
    """A meta description for every page: the editor's, or the page's own summary."""

    summary_field = None

    @property
    def meta_description(self):
        if self.search_description:
            return self.search_description
        if self.summary_field:
            return getattr(self, self.summary_field, "") or ""
        return ""
