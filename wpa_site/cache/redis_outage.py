"""Redis as a cache that may go away: the site then serves every request
without it, quickly, and picks it up again by itself.

django-redis (IGNORE_EXCEPTIONS) turns a failed cache call into a miss. What
it does not do is stop trying: with Redis gone, every cache call of every
request would wait for its own connect timeout. So the first failure opens a
short window (CACHE_RETRY_SECONDS) in which no connection is tried at all and
every call fails at once; the first call after the window tries Redis again.
The outage is logged when it starts, at most once per CACHE_LOG_SECONDS while
it lasts, and when it ends.
"""

import logging
import threading
import time

from django.conf import settings
from redis.backoff import NoBackoff
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger("wpa_site.cache")


class Outage:
    """Whether Redis failed moments ago, shared by a worker's threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0
        self.logged_at = None
        self.since = None

    def is_active(self):
        return time.monotonic() < self.retry_at

    def began(self, error):
        now = time.monotonic()
        with self.lock:
            self.retry_at = now + settings.CACHE_RETRY_SECONDS
            if self.since is None:
                self.since = now
            should_log = self.logged_at is None or now - self.logged_at >= settings.CACHE_LOG_SECONDS
            if should_log:
                self.logged_at = now
        if should_log:
            logger.warning(
                "The cache (Redis) cannot be reached; pages are served without it until it answers again: %s",
                error,
            )

    def ended(self):
        if self.since is None:
            return
        with self.lock:
            since, self.since, self.logged_at, self.retry_at = self.since, None, None, 0.0
        if since is not None:
            logger.warning(
                "The cache (Redis) answers again after %.1f s; caching has resumed.", time.monotonic() - since
            )


outage = Outage()
FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class FailFastConnection(Connection):
    """A Redis connection that refuses at once while an outage window is open."""

    def connect_check_health(self, *args, **kwargs):
        if self._sock is None and outage.is_active():
            raise RedisConnectionError("Redis was unreachable moments ago; not trying again yet.")
        try:
            super().connect_check_health(*args, **kwargs)
        except FAILURES as error:
            outage.began(error)
            raise
        outage.ended()

    def send_packed_command(self, *args, **kwargs):
        try:
            return super().send_packed_command(*args, **kwargs)
        except FAILURES as error:
            outage.began(error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except FAILURES as error:
            outage.began(error)
            raise


def redis_cache(url, key_prefix, timeout_seconds):
    """The CACHES entry for Redis at `url`: django-redis, failures read as
    misses, short timeouts, and no connection tried during an outage."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout_seconds,
            "SOCKET_TIMEOUT": timeout_seconds,
            "CONNECTION_POOL_KWARGS": {
                "connection_class": FailFastConnection,
                # redis-py retries with growing pauses by default; an outage is handled here instead.
                "retry": Retry(NoBackoff(), 0),
            },
        },
    }
