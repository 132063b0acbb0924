"""The database: the one DATABASE_URL names, else SQLite in the project
folder, so that a fresh machine works with no database server (production
insists on DATABASE_URL, see production.py)."""

import os

import dj_database_url

from wpa_site.settings.environment import env_bool, env_int


def database_from_environment(default_url):
    database = dj_database_url.parse(
        os.environ.get("DATABASE_URL", "") or default_url,
        # A new Postgres connection per request halves throughput; health
        # checks let a kept connection recover after the server restarts.
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        # A database host that drops packets must not hold a worker for
        # minutes: give up connecting and answer 503 instead.
        options["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 3)
        # Postgres's JIT compiler spent 0.6 s compiling the site lookup (one
        # query joining every site setting) that then ran in 0.5 ms: the
        # site's short queries never repay it. POSTGRES_JIT=on gives it back.
        if not env_bool("POSTGRES_JIT", False):
            options["options"] = "-c jit=off"
    return database
