"""Local development: the site runs on a fresh machine with no services."""

import os

from .base import *  # noqa: F403

DEBUG = True
# A key for this machine only; production refuses to start without its own.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-local-development-only"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Static files come straight from the source folders here; whitenoise serves
# the collected, hashed copies in production.
MIDDLEWARE = [entry for entry in MIDDLEWARE if not entry.startswith("whitenoise.")]  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "wpa-dev"}}
# `make run` sends email as it is queued, with no worker to start; production
# runs `manage.py db_worker` (docs/operating.md).
IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"
TASKS["email"]["BACKEND"] = os.environ.get("EMAIL_QUEUE_BACKEND", "") or IMMEDIATE_TASKS  # noqa: F405
# The local superuser `make run` creates signs in with its password alone;
# STAFF_TWO_FACTOR_REQUIRED=true tries the second step here too.
STAFF_TWO_FACTOR_REQUIRED = env_bool("STAFF_TWO_FACTOR_REQUIRED", False)  # noqa: F405
# Axes logs its version at every process start: five times in `make run`.
LOGGING["loggers"]["axes.apps"] = {"level": "WARNING"}  # noqa: F405
