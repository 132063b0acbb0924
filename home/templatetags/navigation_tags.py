from django import template
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.models import Site

from home.models import SiteWideContent
from home.models.connect_programs import ask_about_url
from home.models.settings import linked_pages
from home.templatetags.seo_tags import json_ld
from wpa_site.cache.memory import cached_until_change
from wpa_site.visibility import is_inside, restricted_paths

register = template.Library()


def menu_links_for(request):
    """Each link of the menu in the page's language: a chosen page in another
    language leads to its live version in this one when it has one."""
    content = SiteWideContent.for_request(request)
    chosen = [block["value"] for block in content.main_menu.raw_data] if content else []
    pages = linked_pages(request)
    restricted = restricted_paths(request) if pages else []
    links = []
    for link in chosen:
        page = pages.get(link.get("page"))
        if link.get("page"):
            if page is None or not page.live or is_inside(page.path, restricted):
                continue
            url, text = page.url, link.get("text") or page.title
        else:
            url, text = link.get("url") or "", link.get("text") or ""
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


@register.simple_tag(takes_context=True)
def ask_about_program_url(context, program):
    """The Connect page, opened with `program` chosen; "" without a Connect page."""
    link = context.get("get_help_link")
    return ask_about_url(link["url"], program) if link else ""


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, trail):
    """The breadcrumb trail for search engines, as a schema.org BreadcrumbList."""
    if not trail:
        return ""
    items = [
        {"@type": "ListItem", "position": position, "name": crumb["title"], "item": crumb["full_url"]}
        for position, crumb in enumerate(trail, start=1)
    ]
    return json_ld({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
