from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from home.models import ConnectPage, OrganizationSettings, SiteWideContent


def donate_link(request, content):
    """The Donate button, when its address is set; staff's words, or "Donate"."""
    url = OrganizationSettings.for_request(request).donate_url
    label = (content.donate_label if content else "") or gettext("Donate")
    return {"url": url, "label": label} if url else {}


def get_help_link(request, content):
    """The Get help button of every page: to the Connect page in the page's
    language, in staff's words or "Get help"."""
    url = ConnectPage.url_for_visitors(request)
    label = (content.get_help_label if content else "") or gettext("Get help")
    current = bool(url) and request.path.startswith(url)
    return {"url": url, "label": label, "is_current": current} if url else {}


def site_wide_content(request):
    """The menu, quick-exit, footer and newsletter words in the page's
    language, and the Get help and Donate buttons; read only by templates
    that show them."""
    content = SimpleLazyObject(lambda: SiteWideContent.for_request(request))
    return {
        "site_content": content,
        "donate_link": SimpleLazyObject(lambda: donate_link(request, content)),
        "get_help_link": SimpleLazyObject(lambda: get_help_link(request, content)),
    }
