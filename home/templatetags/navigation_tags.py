from django import template
from wagtail.models import Site

from home.models import SiteSettings, restricted_paths
from home.page_cache import cached_until_change

register = template.Library()


def menu_links_for(request, site):
    navigation = SiteSettings.for_request(request)
    links = []
    restricted = None
    for block in navigation.main_menu:
        link = block.value
        page = link.get("page")
        if page is not None:
            if restricted is None:
                restricted = restricted_paths(request)
            if not page.live or any(page.path.startswith(path) for path in restricted):
                continue
        url, text = link.url(), link.text()
        if url and text:
            links.append({"url": url, "text": text})
    return links


@register.simple_tag(takes_context=True)
def main_menu_links(context):
    """The header menu's links, leaving out pages visitors cannot see."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    links = cached_until_change(f"main-menu:{site.pk}", lambda: menu_links_for(request, site), request)
    return [{**link, "is_current": link["url"] != "/" and request.path.startswith(link["url"])} for link in links]


@register.filter
def page_status(template_text, pagination):
    """Fill "Page {page} of {pages}" (an interface-text setting) with the list's numbers."""
    return template_text.replace("{page}", str(pagination["number"])).replace("{pages}", str(pagination["num_pages"]))


@register.filter
def fill_query(template_text, query):
    """Fill "Results for “{query}”" (an interface-text setting) with the visitor's words."""
    return template_text.replace("{query}", query)
