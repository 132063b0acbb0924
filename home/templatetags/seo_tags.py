"""Tags that describe pages to search engines and social networks."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import to_locale

from wpa_site.languages import home_url, language_links

register = template.Library()

SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-80"

# The same escapes as Django's json_script: the JSON cannot close the tag.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def absolute(request, url):
    if not url or request is None:
        return url
    return request.build_absolute_uri(url)


def organization_reference(request):
    """WPA as one organisation in every language: the same @id and address,
    the default language's home page, whichever version of the site names it."""
    url = absolute(request, home_url(settings.LANGUAGE_CODE))
    return {"@type": "NGO", "@id": f"{url}#organization", "url": url}


@register.filter
def with_site_name(title, site_name):
    """Every page's title ends with the site's name: "Search | Women's Prison
    Association"; the home page, whose title is the name, is just the name."""
    title = title.strip()
    if not site_name or title.endswith(site_name):
        return title or site_name
    return format_html("{} | {}", title, site_name) if title else site_name


@register.filter
def open_graph_locale(language_code):
    """Open Graph names a language like a locale: en-us becomes en_US, and a
    bare language takes the site's territory (es becomes es_US)."""
    locale = to_locale(language_code or "")
    if locale and "_" not in locale:
        locale = f"{locale}_{settings.OPEN_GRAPH_TERRITORY}"
    return locale


@register.simple_tag(takes_context=True)
def page_languages(context):
    """The page in the other languages: the switch's links and the hreflang alternates."""
    return language_links(context.get("request"), context.get("page"))


@register.simple_tag(takes_context=True)
def share_image(context, page=None):
    """The picture social networks show: the page's own (its `share_image`,
    else its `image`), else the site's default.

    Returns a dict with an absolute url, width, height and alt text, or None.
    """
    image = (getattr(page, "share_image", None) or getattr(page, "image", None)) if page is not None else None
    if image is None:
        image = context["settings"]["home"]["SearchEngineSettings"].default_share_image
    if image is None:
        return None
    rendition = image.get_rendition(SHARE_IMAGE_SPEC)
    return {
        "url": absolute(context.get("request"), rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


@register.simple_tag(takes_context=True)
def organization_json_ld(context, image=None):
    """Who WPA is, for search engines: name, address of the site, founding year, profiles."""
    organization = context["settings"]["home"]["OrganizationSettings"]
    search_engines = context["settings"]["home"]["SearchEngineSettings"]
    request = context.get("request")
    data = {"@context": "https://schema.org", **organization_reference(request)}
    if organization.organization_name:
        data["name"] = organization.organization_name
    if search_engines.founding_year:
        data["foundingDate"] = search_engines.founding_year
    if image:
        data["logo"] = image["url"]
    if organization.contact_email:
        data["email"] = organization.contact_email
    if organization.contact_phone:
        data["telephone"] = organization.contact_phone
    if organization.address:
        data["address"] = ", ".join(line.strip() for line in organization.address.splitlines() if line.strip())
    site_content = context.get("site_content")
    same_as = [link.value["url"] for link in site_content.social_links] if site_content else []
    if same_as:
        data["sameAs"] = same_as
    return json_ld(data)


@register.simple_tag(takes_context=True)
def press_json_ld(context, items):
    """The press coverage listed on a page, as news articles about WPA."""
    organization = context["settings"]["home"]["OrganizationSettings"]
    about = {**organization_reference(context.get("request")), "name": organization.organization_name}
    articles = []
    for item in items:
        article = {
            "@type": "NewsArticle",
            "headline": item.headline,
            "publisher": {"@type": "Organization", "name": item.outlet},
        }
        if item.url:
            article["url"] = item.url
        if item.date:
            article["datePublished"] = item.date.isoformat()
        if organization.organization_name:
            article["about"] = about
        articles.append(article)
    if not articles:
        return ""
    return json_ld({"@context": "https://schema.org", "@graph": articles})
