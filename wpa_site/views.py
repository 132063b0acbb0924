"""Views that belong to the site as a whole rather than to its content."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView

from wpa_site.cache.redis_outage import FAILURES, outage
from wpa_site.outbox.models import OutgoingEmail


def email_health():
    """How far behind outgoing email is: a mail server that refuses mail
    degrades the site, it does not take it down."""
    unsent = OutgoingEmail.objects.unsent()
    oldest = unsent.order_by("created_at").values_list("created_at", flat=True).first()
    age = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    delayed = age > settings.OUTBOX_WARN_AFTER_MINUTES * 60
    return {"status": "delayed" if delayed else "ok", "unsent": unsent.count(), "oldest_unsent_seconds": age}


def cache_health():
    """Whether the shared cache answers. Without it the site still serves
    every page, only slower: degraded, not down."""
    client = getattr(cache, "client", None)  # django-redis: ask Redis itself, misses hide failures
    if client is None:
        return "ok"
    if outage.is_active():
        return "unreachable"
    try:
        client.get_client(write=False).ping()
    except FAILURES:
        return "unreachable"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """Tell a load balancer whether this instance can reach its database (503
    when it cannot), and monitoring what else is behind (200, "degraded")."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        email = email_health()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    cache_status = cache_health()
    status = "degraded" if email["status"] != "ok" or cache_status != "ok" else "ok"
    return JsonResponse({"status": status, "database": "ok", "cache": cache_status, "email": email})


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    admin_url = reverse("wagtailadmin_home")
    lines = ["User-agent: *", f"Disallow: {admin_url}", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def moved_to(url_name):
    """A view that sends an old address for good (301) to the one named
    `url_name`, with the same arguments and query string."""
    return RedirectView.as_view(pattern_name=url_name, permanent=True, query_string=True)


def favicon(request):
    """/favicon.ico, where browsers and feed readers look without asking the
    page: the site's mark, at its hashed static address."""
    response = HttpResponseRedirect(static("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
