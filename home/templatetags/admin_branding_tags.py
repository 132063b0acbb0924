"""WPA's name in the admin's own pages: the organization's name as set in
Settings → Organization and contact, else the site's name."""

from django import template
from django.conf import settings

from home.models import OrganizationSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_name(context):
    request = context.get("request")
    name = OrganizationSettings.for_request(request).organization_name if request else ""
    return name or settings.WAGTAIL_SITE_NAME
