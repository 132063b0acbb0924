"""Where each page is in every language: the addresses the language switch,
the hreflang alternates and the sitemap point to."""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.text import capfirst
from wagtail.models import Page, Site

from wpa_site.cache.memory import cached_until_change
from wpa_site.seo import listing_query
from wpa_site.visibility import is_inside, live_versions, restricted_paths


def language_codes():
    return [code for code, _ in settings.LANGUAGES]


def language_name(code):
    """The language's name in itself ("Español"), as a visitor looking for it reads it."""
    return capfirst(translation.get_language_info(code)["name_local"])


def home_url(code):
    """That language's home page. Without a translated home page, Wagtail
    serves the default one there, so this never leads nowhere."""
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])


def addresses(page, request=None):
    """`page`'s address (relative on its own site) and absolute address, or
    None where it has none (outside every site)."""
    url_parts = page.get_url_parts(request)
    if url_parts is None or url_parts[2] is None:
        return None
    site_root_url, path = url_parts[1], url_parts[2]
    return {"url": page.get_url(request) or path, "full_url": (site_root_url or "") + path}


def load_versions(page, request=None):
    restricted = restricted_paths(request)
    found = {}
    for pk, (language_code, path, url_path) in live_versions(page.translation_key, request).items():
        if is_inside(path, restricted):
            continue
        # Enough of a page for Wagtail to work out its address, with no query.
        address = addresses(Page(pk=pk, path=path, url_path=url_path, translation_key=page.translation_key), request)
        if address is not None:
            found[language_code] = address
    return {code: found[code] for code in language_codes() if code in found}


def page_versions(page, request=None):
    """{language code: {"url", "full_url"}} for every live, public version of
    `page`, itself included, from the list of live pages that the private
    sections come with: no query of its own."""
    if page.pk is None:
        return load_versions(page, request)
    # The same for every language (each is a page's addresses in all of
    # them); the site is in the key because an address is relative on it.
    site = Site.find_for_request(request) if request is not None else None
    key = f"page-languages:{site.pk if site else ''}:{page.pk}"
    return cached_until_change(key, lambda: load_versions(page, request), request)


def other_address(request, code):
    """For an address that is not a Wagtail page (search, the newsletter's
    thanks, an error page): the same address in language `code`, its query
    string kept; that language's home page when the address has no equivalent."""
    if request is None:
        return home_url(code)
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name == "wagtail_serve":
        # No page here (a 404): its address in another language is no page either.
        return home_url(code)
    current = request.get_full_path()
    translated = translate_url(current, code)
    return home_url(code) if translated == current else translated


def same_query(request):
    """The address's query string, for the same page in another language: the
    program chosen on Connect, the page of a list. Only GET requests have one
    worth keeping."""
    if request is None or request.method != "GET" or not request.GET:
        return ""
    return "?" + request.GET.urlencode()


def language_links(request=None, page=None):
    """What a page shows and tells search engines of its other languages.

    `switch`: one link per other language, to this page there, else to that
    language's home page. `alternates`: the page's absolute address in each
    language it is published in, for hreflang, and `x_default`, the one in
    the default language.
    """
    current = translation.get_language()
    versions = page_versions(page, request) if isinstance(page, Page) else None
    switch = []
    for code in language_codes():
        if code == current:
            continue
        if versions is None:
            url = other_address(request, code)
        elif code in versions:
            url = versions[code]["url"] + same_query(request)
        else:
            url = home_url(code)
        switch.append({"code": code, "name": language_name(code), "url": url})
    # A list's later or filtered pages are pages of their own in every language.
    query = listing_query(request)
    alternates = [{"code": code, "url": address["full_url"] + query} for code, address in (versions or {}).items()]
    default = (versions or {}).get(settings.LANGUAGE_CODE)
    canonical = versions[current]["full_url"] + query if versions and current in versions else None
    return {
        "switch": switch,
        "alternates": alternates,
        "x_default": default["full_url"] + query if default else None,
        "canonical": canonical,
    }
