"""Who is asking: the visitor's address (behind trusted proxies), and the
rate limit on the public forms that it keys."""

import ipaddress

from django.conf import settings
from django.template.response import TemplateResponse
from django_ratelimit.core import is_ratelimited


def client_ip_address(request):
    """The visitor's address, for login lockouts.

    Each of the PROXY_COUNT trusted proxies appends the address it received the
    request from to X-Forwarded-For, so the visitor is that many entries from the
    right; anything further left was written by the visitor and is not trusted.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    if settings.PROXY_COUNT <= 0:
        return remote_addr
    forwarded = [item.strip() for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    if len(forwarded) < settings.PROXY_COUNT:
        return remote_addr
    return forwarded[-settings.PROXY_COUNT]


def client_ip(request):
    """The visitor's address for the form rate limit: the same one the admin
    lockout uses (see PROXY_COUNT), checked, so that a missing or garbled
    address never turns into an error."""
    for candidate in (client_ip_address(request), request.META.get("REMOTE_ADDR", "")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return "0.0.0.0"  # noqa: S104 - one shared bucket for requests with no usable address


def is_rate_limited(request):
    return is_ratelimited(
        request,
        group="public-forms",
        key="ip",
        rate=settings.PUBLIC_FORM_RATE_LIMIT,
        method="POST",
        increment=True,
    )


def too_many_requests(request, template_name, context=None):
    """A friendly page, the form's own `template_name`, for someone who sent
    many forms in a short time. The Connect form, when it was the one sent,
    is shown again with what was typed."""
    return TemplateResponse(request, template_name, context or {}, status=429)
