"""Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request.

Only a request that already carries a session cookie is looked at: a visitor
without one is never given a session (the page cache serves only those), and
their pages do not vary on the cookie. The time of the last request is written
at most once a minute, not on every request the admin makes."""

import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN_KEY = "staff_last_seen"
WRITE_EVERY_SECONDS = 60


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        limit = settings.STAFF_SESSION_IDLE_MINUTES * 60
        if not limit or not request.user.is_authenticated:
            return
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > limit:
            # An empty session: the cookie is deleted, and the admin asks to sign in again.
            logout(request)
        elif last_seen is None or now - last_seen >= WRITE_EVERY_SECONDS:
            request.session[LAST_SEEN_KEY] = now
