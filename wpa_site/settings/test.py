"""The test suite: fast, isolated, and never sending real email."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-any-real-site"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Static files come straight from the source folders here; whitenoise serves
# the collected, hashed copies in production.
MIDDLEWARE = [entry for entry in MIDDLEWARE if not entry.startswith("whitenoise.")]  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off by default so that query-count tests measure real rendering; the page
# cache's own tests turn it on.
PAGE_CACHE_SECONDS = 0
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Wagtail's test helpers log in with client.login(), which passes no request,
# and axes' backend refuses that. The lockout tests put the production
# backends back (tests/test_security.py).
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
SILENCED_SYSTEM_CHECKS = ["axes.W003"]
# The same five posts, counted over an hour instead of a minute: a test's
# posts then never straddle the start of a new counting window, which would
# let the sixth through.
PUBLIC_FORM_RATE_LIMIT = "5/h"
# Email is sent as it is queued, so tests read it from mail.outbox at once;
# the delivery tests switch to the database queue and run its worker.
TASKS["email"]["BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"  # noqa: F405
# Most tests reach the admin with client.force_login(), which passes no second
# step; tests/test_two_factor.py turns the requirement on, and checks that
# production settings always have it.
STAFF_TWO_FACTOR_REQUIRED = False
