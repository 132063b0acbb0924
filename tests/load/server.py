"""Start the site production-like on loopback: a fresh database, gunicorn.

Used by the load and fault scripts and by the tests that need a real gunicorn.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PGHOST, PGPORT, PGUSER = "127.0.0.1", "5432", "postgres"
# Variables of the calling process that must not leak into the production site.
NOT_INHERITED = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "CACHE_DIR",
    "REDIS_URL",
}


@dataclass
class RunningSite:
    base_url: str
    port: int
    database_url: str
    log_path: Path
    process: subprocess.Popen
    env: dict


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(*commands):
    args = ["psql", "-h", PGHOST, "-p", PGPORT, "-U", PGUSER, "-v", "ON_ERROR_STOP=1", "-q"]
    for command in commands:
        args += ["-c", command]
    subprocess.run(args, check=True, capture_output=True, text=True, timeout=60)


def wait_until_healthy(url, seconds, process, path="/healthz"):
    """Wait until `path` answers 200; a site without a health check passes "/"."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url + path, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"The site at {url} was not healthy within {seconds} s")


@contextmanager
def production_site(database="postgres", workers=4, extra_env=None):
    """Yield a RunningSite: production settings, DEBUG off, plain HTTP on loopback."""
    workdir = Path(tempfile.mkdtemp(prefix="wpa-site-"))
    database_name = f"wpa_site_{os.getpid()}_{secrets.token_hex(3)}"
    if database == "postgres":
        psql(f"DROP DATABASE IF EXISTS {database_name}", f"CREATE DATABASE {database_name}")
        database_url = f"postgres://{PGUSER}@{PGHOST}:{PGPORT}/{database_name}"
    else:
        database_url = f"sqlite:///{workdir / 'db.sqlite3'}"
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "wpa_site.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            # Without Redis the cache lives in files; a fresh folder keeps pages of an earlier run out.
            "CACHE_DIR": str(workdir / "cache"),
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            **(extra_env or {}),
        }
    )
    log_path = workdir / "gunicorn.log"
    process = None
    try:
        for command in (["migrate", "--noinput"], ["load_initial_data"], ["collectstatic", "--noinput", "-v0"]):
            done = subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=PROJECT_ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            if done.returncode != 0:
                raise RuntimeError(f"manage.py {command[0]} failed:\n{done.stdout}{done.stderr}")
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "wpa_site.wsgi:application"],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        wait_until_healthy(base_url, 60, process)
        yield RunningSite(base_url, port, database_url, log_path, process, env)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if database == "postgres":
            try:
                psql(f"DROP DATABASE IF EXISTS {database_name} WITH (FORCE)")
            except subprocess.CalledProcessError:
                print(f"Could not drop the database {database_name}; drop it by hand.", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)
