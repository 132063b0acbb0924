"""Start the site production-like (gunicorn, production settings) on loopback:
for the tests that need real servers, the load and fault scripts, the
benchmark and the page-weight audit. A throwaway database, collected static
files and loopback ports only."""

import http.client
import http.cookiejar
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django_otp.oath import totp

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PGHOST, PGPORT, PGUSER = "127.0.0.1", "5432", "postgres"

# Production settings as a deployment would give them, for `manage.py check`
# and the like; no server is started with these.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "wpa_site.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-deploy-test-0123456789",
    "ALLOWED_HOSTS": "www.example.org",
    "DATABASE_URL": "postgres://wpa@127.0.0.1:5432/wpa",
    "DEFAULT_FROM_EMAIL": "website@example.org",
}

# Variables of the calling process that must not leak into a production site.
NOT_INHERITED_PREFIXES = ("DJANGO_", "PYTEST_", "DATABASE_URL", "REDIS_URL")
NOT_INHERITED = {"SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT", "MEDIA_ROOT", "CACHE_DIR"}


def inherited_env():
    """This process's environment without the test run's own settings: a
    production process starts with none of them."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(NOT_INHERITED_PREFIXES) and key not in NOT_INHERITED
    }


def run_manage(*args, env):
    """manage.py in a fresh process with `env`, for checks of the production settings."""
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**inherited_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(env, *args, cwd=PROJECT_ROOT):
    """manage.py in a fresh process with exactly `env`; its output, or an error with all it said."""
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def database_kind():
    """The kind of database this run's servers use: the one DATABASE_URL names."""
    return "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, static_root, **extra):
    """Production settings over plain HTTP on loopback, for a server started here."""
    return {
        **inherited_env(),
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


def psql(*commands):
    args = ["psql", "-h", PGHOST, "-p", PGPORT, "-U", PGUSER, "-v", "ON_ERROR_STOP=1", "-q"]
    for command in commands:
        args += ["-c", command]
    subprocess.run(args, check=True, capture_output=True, text=True, timeout=60)


class Server:
    """gunicorn on a free loopback port, started and answering when made.

    The site's own gunicorn.conf.py applies (gunicorn reads it from the project
    folder; another project passes `config`). Its output goes to `log_path`
    when given. The port is a free one unless given. Use it as a context
    manager, or call stop().
    """

    def __init__(
        self,
        env,
        workers=1,
        app="wpa_site.wsgi:application",
        cwd=PROJECT_ROOT,
        config=None,
        health_path="/healthz",
        log_path=None,
        port=None,
    ):
        self.env = env
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        config_args = ["--config", str(config)] if config else []
        self.log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                *config_args,
                app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                # gunicorn 27 gives every instance on a machine the same
                # control socket by default; servers started side by side
                # would take it from each other.
                "--no-control-socket",
            ],
            cwd=cwd,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_ready(health_path)

    def wait_until_ready(self, path, seconds=60):
        """Wait until `path` answers 200; a site without a health check passes "/"."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"gunicorn exited with status {self.process.returncode}{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:  # refused while gunicorn boots, or a slow first answer
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer on {self.url} within {seconds} s{self.log_tail()}")

    def log_tail(self):
        if not self.log_path or not Path(self.log_path).exists():
            return ""
        return ":\n" + Path(self.log_path).read_text(errors="replace")[-3000:]

    def stop(self):
        self.process.terminate()
        try:
            # More than gunicorn.conf.py's graceful_timeout.
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.log is not subprocess.DEVNULL:
            self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


@contextmanager
def postgres_database(prefix, template=None):
    """The name of a fresh database on the local Postgres (a copy of the
    database `template` if given), dropped afterwards."""
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    psql(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    try:
        yield name
    finally:
        try:
            psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        except subprocess.CalledProcessError:
            print(f"Could not drop the database {name}; drop it by hand.", file=sys.stderr)


@contextmanager
def site_database(database, workdir):
    """A fresh database's URL: on the local Postgres, or a SQLite file in `workdir`."""
    if database == "postgres":
        with postgres_database("wpa_site") as name:
            yield f"postgres://{PGUSER}@{PGHOST}:{PGPORT}/{name}"
    else:
        yield f"sqlite:///{workdir / 'db.sqlite3'}"


@contextmanager
def production_site(database="postgres", workers=4, extra_env=None, templates=None):
    """Yield a running Server over a fresh database (Postgres, or "sqlite") with
    the starting content: production settings, DEBUG off, plain HTTP on loopback.
    With `templates` (DatabaseTemplates), the database is a copy of the run's
    seeded one and the static files are the run's; otherwise both are made here."""
    workdir = Path(tempfile.mkdtemp(prefix="wpa-site-"))
    try:
        with templates.copy(database, workdir) if templates else site_database(database, workdir) as database_url:
            env = production_env(
                database_url,
                templates.static_root if templates else workdir / "static",
                MEDIA_ROOT=str(workdir / "media"),
                # Without Redis the cache lives in files; a fresh folder keeps pages of an earlier run out.
                CACHE_DIR=str(workdir / "cache"),
                **(extra_env or {}),
            )
            if not templates:
                manage(env, "migrate", "--noinput")
                manage(env, "load_initial_data")
                manage(env, "collectstatic", "--noinput", "-v0")
            with Server(env, workers=workers, log_path=workdir / "gunicorn.log") as server:
                yield server
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


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

    def sign_in(self, username, password):
        """Sign staff in at the admin's login, with the code of the
        authenticator app give_staff_an_authenticator_app gave them."""
        return self.post_form(
            "/admin/login/", {"username": username, "password": password, "otp_token": current_code()}
        )


def throwaway_database(tmp_path, kind):
    """A new, empty database for real servers and commands: on the Postgres
    that DATABASE_URL names when it names one, otherwise a SQLite file; a
    generator that drops it afterwards."""
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        (tmp_path / kind).mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{tmp_path / kind / 'site.sqlite3'}"
        return
    import psycopg

    name = f"wpa_{kind}_{os.getpid()}_{tmp_path.name[-8:].replace('-', '_')}"
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield database_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# A fixed authenticator-app key for staff on production-like servers, where
# two-factor sign-in is always required.
STAFF_TOTP_KEY = "3132333435363738393031323334353637383930"


def give_staff_an_authenticator_app(env, username):
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "from django_otp.plugins.otp_totp.models import TOTPDevice; "
        f"TOTPDevice.objects.create(user=get_user_model().objects.get(username={username!r}), "
        f"name='Test app', key={STAFF_TOTP_KEY!r}, confirmed=True)",
    )


# The superuser of seed_with_a_chief; their password is CHIEF_PASSWORD unless
# the environment's DJANGO_SUPERUSER_PASSWORD says otherwise.
CHIEF_PASSWORD = "a-long-test-password-1845"


def seed_with_a_chief(env):
    """Migrate, load the starting content and add the superuser "chief"
    (password DJANGO_SUPERUSER_PASSWORD in `env`), who signs in with an
    authenticator code (current_code)."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_initial_data")
    add_the_chief(env)


def add_the_chief(env):
    env = {"DJANGO_SUPERUSER_PASSWORD": CHIEF_PASSWORD, **env}
    manage(env, "createsuperuser", "--noinput", "--username", "chief", "--email", "chief@example.org")
    give_staff_an_authenticator_app(env, "chief")


def current_code():
    """The code the staff member's authenticator app shows now."""
    return f"{totp(bytes.fromhex(STAFF_TOTP_KEY)):06d}"


class RedisServer:
    """A private redis-server on a free loopback port, which a test may stop
    and start again on the same port (nothing kept on disk)."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


VARNISHD = "/usr/sbin/varnishd"
SITE_VCL = PROJECT_ROOT / "wpa_site" / "cache" / "varnish.vcl"


def site_vcl(backend_url, vcl=None):
    """The site's VCL (or `vcl`) with the address of the gunicorn behind it filled in."""
    backend = urllib.parse.urlsplit(backend_url)
    text = SITE_VCL.read_text() if vcl is None else vcl
    return text.replace("${BACKEND_HOST}", backend.hostname).replace("${BACKEND_PORT}", str(backend.port))


class VarnishServer:
    """Debian's varnishd on a free loopback port in front of the gunicorn at
    `backend_url`, with the site's VCL (or `vcl`, the same kind of text),
    its working directory and log under `workdir`, answering when made.
    Use it as a context manager, or call stop()."""

    def __init__(self, backend_url, workdir, vcl=None, port=None, memory="64m", threads=10):
        if not Path(VARNISHD).exists():
            raise RuntimeError(f"{VARNISHD} is missing: run `make varnish` (it installs Debian's varnish package).")
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        vcl_path = self.workdir / "site.vcl"
        vcl_path.write_text(site_vcl(backend_url, vcl))
        self.log_path = self.workdir / "varnishd.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                VARNISHD,
                "-F",  # in the foreground, so that stop() ends it
                "-n",
                str(self.workdir / "instance"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-T",
                "none",  # no management port: nothing is changed at run time
                "-j",
                "none",  # no switch to Debian's varnish user, who cannot enter a private tmp folder
                "-f",
                str(vcl_path),
                "-s",
                f"malloc,{memory}",
                "-p",
                f"thread_pool_min={threads}",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_ready()

    def wait_until_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"varnishd exited with status {self.process.returncode}:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"varnishd did not listen on {self.url} within {seconds} s:\n{self.log_tail()}")

    def log_tail(self):
        return self.log_path.read_text(errors="replace")[-3000:] if self.log_path.exists() else ""

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


@dataclass
class Answer:
    status: int
    headers: object
    body: str


def visit(base_url, path, host, cookie=None):
    """What a visitor's browser gets for `path` on the site called `host`
    (through a proxy at `base_url`), sending only the cookies given."""
    headers = {"Host": host, **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(base_url + path, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return Answer(response.status, response.headers, response.read().decode(errors="replace"))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read().decode(errors="replace"))


def send_purge(base_url, path, host):
    """A PURGE of `path` on `host`, as Wagtail's HTTP backend sends it; the status of the answer."""
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base_url).netloc, timeout=10)
    try:
        connection.request("PURGE", path, headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()
