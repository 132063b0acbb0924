"""Gunicorn settings, read from the environment.

Gunicorn loads this file by itself when started from the project folder:
`gunicorn wpa_site.wsgi:application`.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:" + os.environ.get("PORT", "8000"))
# Each sync worker holds its own copy of the site in memory, and a page
# from the cache takes a worker a millisecond: four suit a small server.
# WEB_CONCURRENCY sets another number.
DEFAULT_WORKERS = min(2 * (os.cpu_count() or 1) + 1, 4)
workers = int(os.environ.get("WEB_CONCURRENCY", "") or DEFAULT_WORKERS)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Load the site once and fork the workers from it: a worker recycled below
# starts in milliseconds instead of importing Django again while visitors wait.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() != "false"
# Recycle workers now and then so a slow leak can never take the site down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
