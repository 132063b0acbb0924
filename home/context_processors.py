from django.utils.functional import SimpleLazyObject

from home.models import OrganizationSettings, SiteWideContent


def donate_link(request, content):
    """The Donate button, when both its address and its words are set."""
    url = OrganizationSettings.for_request(request).donate_url
    label = content.donate_label if content else ""
    return {"url": url, "label": label} if url and label else {}


def site_wide_content(request):
    """The menu, quick-exit, footer and newsletter words in the page's
    language, and the Donate button; read only by templates that show them."""
    content = SimpleLazyObject(lambda: SiteWideContent.for_request(request))
    return {
        "site_content": content,
        "donate_link": SimpleLazyObject(lambda: donate_link(request, content)),
    }
