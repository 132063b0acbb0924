"""Error pages, each with the quick exit.

The 500 and 503 pages are built without the database, which may be what has
failed: no request reaches their template, so no context processor runs and
nothing queries. They carry the quick exit address from the
QUICK_EXIT_DEFAULT_URL setting instead of the Safety settings.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.views import csrf
from django.views.decorators.csrf import requires_csrf_token
from wagtail.models import Page

from wpa_site.paths import admin_prefix

RETRY_AFTER_SECONDS = 30


def render_without_database(template_name):
    context = {"quick_exit_url": settings.QUICK_EXIT_DEFAULT_URL, "site_name": settings.WAGTAIL_SITE_NAME}
    return render_to_string(template_name, context)


def server_error(request):
    """handler500."""
    return HttpResponseServerError(render_without_database("500.html"))


def unavailable_response():
    """The 503 page for when the database cannot be reached; browsers and
    crawlers are asked to come back shortly."""
    response = HttpResponse(render_without_database("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def bad_request(request, exception):
    """handler400. A Host that is not in ALLOWED_HOSTS names no site of ours,
    and anything that builds an absolute address from it (the share image, a
    canonical link) would raise again, so that page is built without the request."""
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest(render_without_database("400.html"))
    return HttpResponseBadRequest(render_to_string("400.html", request=request))


def form_page(request):
    """The specific Wagtail page a form was sent to, if it was sent to one."""
    match = request.resolver_match
    if match is None or match.url_name != "wagtail_serve":
        return None
    path = match.kwargs.get("path", match.args[0] if match.args else "")
    page = Page.find_for_request(request, path)
    return page.specific if page is not None else None


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. A visitor's form that came back without a valid
    token (left open for hours, or cookies blocked) is shown again with what
    was typed when its page can do that (Connect), and otherwise gets the
    site's own page, with the quick exit, in the visitor's language. The
    admin keeps Django's page."""
    if request.path.startswith(admin_prefix()):
        return csrf.csrf_failure(request, reason)
    page = form_page(request)
    if page is not None and hasattr(page, "form_expired"):
        return page.form_expired(request)
    return TemplateResponse(request, "errors/form_expired.html", {}, status=403)
