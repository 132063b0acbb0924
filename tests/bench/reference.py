"""A reference for the benchmark: the smallest Wagtail site there is.

`wagtail start` makes a new project whose home page is Wagtail's welcome
page; served the same way as ours (gunicorn, the same gunicorn.conf.py,
production settings, Postgres, persistent connections), its throughput is
about what rendering any Wagtail page costs before a site adds anything of
its own. The project is made in a temporary folder and thrown away.
"""

import secrets
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tests.servers import PGHOST, PGPORT, PGUSER, PROJECT_ROOT, Server, inherited_env, manage, postgres_database

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
    try:
        with postgres_database("wagtail_reference") as database:
            wagtail = Path(sys.executable).with_name("wagtail")
            subprocess.run([wagtail, "start", "reference", str(workdir)], check=True, capture_output=True)
            (workdir / "reference" / "settings" / "local.py").write_text(
                LOCAL_SETTINGS.format(
                    database=database,
                    user=PGUSER,
                    host=PGHOST,
                    port=PGPORT,
                    secret=secrets.token_urlsafe(40),
                    static_root=workdir / "static",
                )
            )
            env = {**inherited_env(), "DJANGO_SETTINGS_MODULE": "reference.settings.production"}
            for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v0"]):
                manage(env, *command, cwd=workdir)
            with Server(
                env,
                workers=workers,
                app="reference.wsgi:application",
                cwd=workdir,
                config=PROJECT_ROOT / "gunicorn.conf.py",
                health_path="/",
                log_path=workdir / "gunicorn.log",
            ) as server:
                yield server.url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
