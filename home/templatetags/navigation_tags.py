from django import template
from wagtail.models import Site

from home.models import SiteSettings, restricted_paths

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_links(context):
    """The header menu's links, leaving out pages visitors cannot see."""
    request = context.get("request")
    if request is None or Site.find_for_request(request) is None:
        return []
    navigation = SiteSettings.for_request(request)
    links = []
    current_path = request.path
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
            links.append({"url": url, "text": text, "is_current": url != "/" and current_path.startswith(url)})
    return links


@register.filter
def page_status(template_text, pagination):
    """Fill "Page {page} of {pages}" (an interface-text setting) with the list's numbers."""
    return template_text.replace("{page}", str(pagination["number"])).replace("{pages}", str(pagination["num_pages"]))
