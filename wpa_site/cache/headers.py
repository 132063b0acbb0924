"""Cache-Control for public pages, so a CDN or browser may keep them briefly.

Only a response that is the same for every visitor is marked public: an
anonymous GET or HEAD of an HTML page that sets no cookie, from a request that
carries no session (no staff login, no page password entered). Everything
else that says nothing itself is marked private and not stored. Responses
that already carry Cache-Control (never_cache views, documents) keep theirs.

Browsers keep pages BROWSER_CACHE_SECONDS (default 0: always ask, so a
publish shows on the next visit; the page cache answers fast); a shared
cache (Varnish, a CDN) keeps them CDN_CACHE_SECONDS (default 300) and is
purged on every change when FRONTEND_CACHE is set. Neither keeps a page past
the next local midnight, when a page may change with nobody publishing (a
promotion's display window opens or closes): no purge is needed then.

It sits before the session, CSRF and authentication middleware so that it
sees the cookies they set on the way out.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

from wpa_site.paths import admin_prefix


def seconds_left_today():
    """Whole seconds until the next local midnight (rounded down, so that no
    cache keeps a page into the next day)."""
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)
    return int(midnight.timestamp() - now.timestamp())


def is_public(request, response):
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        # A form's CSRF token sets its cookie on every response that shows it,
        # and a token is one visitor's: a shared cache must never hand it on.
        # (So the Connect form's page, the one public page with a token, stays private.)
        and not response.cookies
        and not (not response.streaming and b'name="csrfmiddlewaretoken"' in response.content)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not getattr(request, "is_preview", False)
        and not request.path.startswith(admin_prefix())
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if is_public(request, response):
            left = seconds_left_today()
            patch_cache_control(
                response,
                public=True,
                max_age=min(settings.BROWSER_CACHE_SECONDS, left),
                s_maxage=min(settings.CDN_CACHE_SECONDS, left),
            )
        elif response.get("Content-Type", "").startswith("text/html"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
