"""Two-factor sign-in for staff: a password, then a code from an authenticator
app (django-otp's TOTP devices) or a single-use backup code (its static
devices), on Wagtail's own login page. Staff without an app set one up at
their next sign-in; an administrator can reset someone's app."""

from django.conf import settings


def required():
    return settings.STAFF_TWO_FACTOR_REQUIRED
