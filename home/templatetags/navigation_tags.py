from django import template
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.models import Site

from home.models import SiteWideContent
from wpa_site.cache.memory import cached_until_change
from wpa_site.visibility import is_inside, restricted_paths

register = template.Library()


def menu_links_for(request):
    content = SiteWideContent.for_request(request)
    links = []
    restricted = None
    for block in content.main_menu if content else []:
        link = block.value
        page = link.get("page")
        if page is not None:
            if restricted is None:
                restricted = restricted_paths(request)
            if not page.live or is_inside(page.path, restricted):
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
    language = get_language()
    links = cached_until_change(f"main-menu:{site.pk}:{language}", lambda: menu_links_for(request), request)
    home_url = reverse("wagtail_serve", args=[""])
    return [{**link, "is_current": link["url"] != home_url and request.path.startswith(link["url"])} for link in links]
