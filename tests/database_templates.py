"""The run's seeded databases and collected static files, made once and
copied for each test worker's database and each real server."""

import fcntl
import os
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path

from tests.servers import PGHOST, PGPORT, PGUSER, add_the_chief, manage, postgres_database, production_env, psql


@contextmanager
def once_per_run(folder, name):
    """Whether this process is the first of the run's processes (one per
    pytest-xdist worker) to ask for `name`, under a lock held by the block:
    the first builds the thing while the others wait, then they share it."""
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / f"{name}.done"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield done
        fcntl.flock(lock, fcntl.LOCK_UN)


class DatabaseTemplates:
    """The run's seeded databases and collected static files, each made once
    for the whole run, whichever worker asks first, in `folder`: a server test
    starts on a copy of a seeded database (Postgres's CREATE DATABASE …
    TEMPLATE, or a copy of the SQLite file) instead of migrating and seeding
    one of its own, and each test worker's own database is a copy too. Kinds:
    "postgres" or "sqlite"; flavours: see template_url."""

    def __init__(self, folder):
        self.folder = Path(folder)

    @property
    def static_root(self):
        static_root = self.folder / "staticfiles"
        with once_per_run(self.folder, "staticfiles") as done:
            if not done.exists():
                env = production_env(f"sqlite:///{self.folder / 'collect.sqlite3'}", static_root)
                manage(env, "collectstatic", "--noinput", "-v0")
                done.write_text(str(static_root))
        return static_root

    def template_url(self, kind, flavour="seeded"):
        """The URL of the run's template database of `kind` and `flavour`:
        "migrated", as the migrations leave it; "seeded", with the starting
        content; "chief", with the superuser of seed_with_a_chief too."""
        with once_per_run(self.folder, f"{kind}-{flavour}") as done:
            if not done.exists():
                url = self.new_database_url(kind, flavour)
                if flavour == "migrated":
                    manage(self.build_env(url), "migrate", "--noinput", "-v0")
                elif flavour == "seeded":
                    copy_database(self.template_url(kind, "migrated"), url)
                    manage(self.build_env(url), "load_initial_data")
                else:
                    copy_database(self.template_url(kind), url)
                    add_the_chief(self.build_env(url))
                done.write_text(url)
            return done.read_text()

    def build_env(self, url):
        return production_env(url, self.folder / "unused-static", CACHE_DIR=str(self.folder / "build-cache"))

    def new_database_url(self, kind, flavour):
        if kind == "postgres":
            name = f"wpa_template_{flavour}_{os.getpid()}_{secrets.token_hex(3)}"
            psql(f"CREATE DATABASE {name}")
            return f"postgres://{PGUSER}@{PGHOST}:{PGPORT}/{name}"
        return f"sqlite:///{self.folder / f'{flavour}.sqlite3'}"

    @contextmanager
    def copy(self, kind, workdir, flavour="seeded"):
        """A fresh database's URL, a copy of the seeded template; dropped afterwards."""
        template = self.template_url(kind, flavour)
        if kind == "postgres":
            with postgres_database("wpa_site", template=template.rsplit("/", 1)[1]) as name:
                yield f"postgres://{PGUSER}@{PGHOST}:{PGPORT}/{name}"
        else:
            url = f"sqlite:///{Path(workdir) / f'site-{secrets.token_hex(3)}.sqlite3'}"
            copy_database(template, url)
            yield url

    def drop(self):
        """Drop the run's Postgres templates, once every worker is done."""
        for done in self.folder.glob("postgres-*.done"):
            psql(f"DROP DATABASE IF EXISTS {done.read_text().rsplit('/', 1)[1]} WITH (FORCE)")


def copy_database(template_url, url):
    """Copy one database into another, empty or new, of the same kind."""
    if template_url.startswith("postgres"):
        target, template = url.rsplit("/", 1)[1], template_url.rsplit("/", 1)[1]
        psql(f"DROP DATABASE IF EXISTS {target}", f"CREATE DATABASE {target} TEMPLATE {template}")
    else:
        shutil.copyfile(template_url.removeprefix("sqlite:///"), url.removeprefix("sqlite:///"))
