"""A reference for the benchmark: the smallest Wagtail site there is.

`wagtail start` makes a new project whose home page is Wagtail's welcome
page; served the same way as ours (gunicorn, the same gunicorn.conf.py,
production settings, Postgres, persistent connections), its throughput is
about what rendering any Wagtail page costs before a site adds anything of
its own. The project is made in a temporary folder and thrown away.
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tests.load.server import (
    NOT_INHERITED,
    PGHOST,
    PGPORT,
    PGUSER,
    PROJECT_ROOT,
    free_port,
    psql,
    wait_until_healthy,
)

LOCAL_SETTINGS = """
DATABASES = {{"default": {{
    "ENGINE": "django.db.backends.postgresql", "NAME": "{database}", "USER": "{user}",
    "HOST": "{host}", "PORT": "{port}", "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True,
}}}}
SECRET_KEY = "{secret}"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STATIC_ROOT = "{static_root}"
"""


@contextmanager
def empty_wagtail_site(workers=4):
    workdir = Path(tempfile.mkdtemp(prefix="wagtail-reference-"))
    database = f"wagtail_reference_{os.getpid()}_{secrets.token_hex(3)}"
    psql(f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}")
    process = None
    log = None
    try:
        wagtail = Path(sys.executable).with_name("wagtail")
        subprocess.run([wagtail, "start", "reference", str(workdir)], check=True, capture_output=True)
        settings_dir = workdir / "reference" / "settings"
        (settings_dir / "local.py").write_text(
            LOCAL_SETTINGS.format(
                database=database,
                user=PGUSER,
                host=PGHOST,
                port=PGPORT,
                secret=secrets.token_urlsafe(40),
                static_root=workdir / "static",
            )
        )
        port = free_port()
        env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "reference.settings.production",
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": str(workers),
            }
        )
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=workdir, env=env, check=True, capture_output=True
            )
        log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(PROJECT_ROOT / "gunicorn.conf.py"),
                "reference.wsgi:application",
            ],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_until_healthy(base_url, 60, process, path="/")
        yield base_url
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if log is not None:
            log.close()
        psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        shutil.rmtree(workdir, ignore_errors=True)
