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
from django.views.decorators.csrf import requires_csrf_token

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
