"""Links that staff chose once, shown in the language of the page: a link
to a page leads to its published version in the visitor's language when
there is one (as Wagtail's `localized` would, without a query per page)."""

from django.db.models import Q
from wagtail.models import Page, Site


def visitor_locale_id(request):
    """The locale of the address's language: the site's root page is the
    root in that language (wpa_site.middleware.SiteMiddleware), so knowing
    it costs no query. None without a site."""
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page.locale_id if site is not None else None


def pages_in_locale(ids, locale_id):
    """Page id → the page to link to for each of `ids`: its live version in
    the locale when there is one, else the page itself. One query for both."""
    ids = [page_id for page_id in ids if page_id]
    if not ids:
        return {}
    chosen = Page.objects.filter(pk__in=ids)
    found = list(
        Page.objects.filter(
            Q(pk__in=ids) | Q(live=True, locale_id=locale_id, translation_key__in=chosen.values("translation_key"))
        )
    )
    by_key = {page.translation_key: page for page in found if page.locale_id == locale_id and page.live}
    return {page.pk: by_key.get(page.translation_key, page) for page in found if page.pk in ids}
