"""Start the site production-like (gunicorn, production settings) for tests
that need real servers: a throwaway database, collected static files and
loopback ports only."""

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


# Production settings as a deployment would give them, for `manage.py check`
# and the like; no server is started with these.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "wpa_site.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-deploy-test-0123456789",
    "ALLOWED_HOSTS": "www.example.org",
    "DATABASE_URL": "postgres://wpa@127.0.0.1:5432/wpa",
}


def run_manage(*args, env):
    """manage.py in a fresh process with `env`, for checks of the production settings."""
    # A production process starts with none of the test run's own variables.
    inherited = set(PRODUCTION_ENV) | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean_env = {key: value for key, value in os.environ.items() if key not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, static_root, **extra):
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "PYTEST_"))
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "wpa_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env, *args):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


class Server:
    def __init__(self, env, workers=1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [GUNICORN, "wpa_site.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_until_ready()

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=5)  # noqa: S310
                return
            except OSError:  # refused while gunicorn boots, or a slow first answer
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer on {self.url}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Browser:
    """A cookie-keeping HTTP client, enough to sign in and press admin buttons."""

    def __init__(self, base_url, host=None):
        self.base_url = base_url
        # Instances behind one proxy all see the site's own host name.
        self.headers = {"Host": host} if host else {}
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        request = urllib.request.Request(self.base_url + path, headers=self.headers)
        with self.opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()

    def post_form(self, path, fields):
        status, _, html = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        headers = {**self.headers, "Referer": self.base_url + path}
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers)
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
