"""Views that belong to the site as a whole rather than to its content."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wpa_site.outbox.models import OutgoingEmail


def email_health():
    """How far behind outgoing email is: a mail server that refuses mail
    degrades the site, it does not take it down."""
    unsent = OutgoingEmail.objects.unsent()
    oldest = unsent.order_by("created_at").values_list("created_at", flat=True).first()
    age = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    delayed = age > settings.OUTBOX_WARN_AFTER_MINUTES * 60
    return {"status": "delayed" if delayed else "ok", "unsent": unsent.count(), "oldest_unsent_seconds": age}


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
    status = "degraded" if email["status"] != "ok" else "ok"
    return JsonResponse({"status": status, "database": "ok", "email": email})


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    admin_url = reverse("wagtailadmin_home")
    lines = ["User-agent: *", f"Disallow: {admin_url}", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
