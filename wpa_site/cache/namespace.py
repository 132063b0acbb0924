"""Where a site's cache lives by default: a folder and a Redis key prefix of
its own database's.

Two deployments on one machine, or on one Redis, would otherwise read each
other's content version, stored pages and Wagtail's site root paths, and one
would serve the other's pages and addresses. Every instance of one site names
the same database, so they still share theirs. CACHE_DIR and
CACHE_KEY_PREFIX, when set, win.
"""

import hashlib
import os
import tempfile
from pathlib import Path

DEFAULT_PORTS = {"postgresql": "5432", "mysql": "3306"}


def database_identity(database):
    """What tells this database from any other on the machine: the SQLite
    file's absolute path, or the engine, host, port and name."""
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    name = str(database.get("NAME") or "")
    if engine == "sqlite3":
        if name and name != ":memory:" and not name.startswith("file:"):
            name = os.path.realpath(name)
        return f"sqlite3:{name}"
    host = str(database.get("HOST") or "").lower()
    port = str(database.get("PORT") or "") or DEFAULT_PORTS.get(engine, "")
    return f"{engine}://{host}:{port}/{name}"


def database_namespace(database):
    """A short name for the database, safe in a folder name and a Redis key."""
    return hashlib.sha256(database_identity(database).encode()).hexdigest()[:12]


def cache_dir(database, explicit=""):
    return explicit or str(Path(tempfile.gettempdir()) / f"wpa-site-cache-{database_namespace(database)}")


def cache_key_prefix(database, explicit=""):
    return explicit or f"wpa-{database_namespace(database)}"
