import os
from dataclasses import dataclass

import pytest

from tests import database_snapshot

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def in_the_default_language():
    """Each test starts in the site's default language, whatever language an
    earlier test in the same worker left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def forget_remembered_content():
    """Each test starts with nothing remembered from the content of an earlier
    one, whose database changes were rolled back without a signal: every test
    shares the seeded rows and their ids, so what one cached would otherwise
    pass for the next one's. Content types too: a transactional test empties
    their table, and they come back with other ids than Django's and Wagtail's
    form-type caches remember."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from wagtail.contrib.forms.utils import get_form_types

    from wpa_site.cache.memory import forget_remembered

    for cache in caches.all():
        cache.clear()
    forget_remembered()
    ContentType.objects.clear_cache()
    get_form_types.cache_clear()


@dataclass
class SiteSnapshots:
    bare: database_snapshot.Snapshot  # as the migrations leave it
    seeded: database_snapshot.Snapshot  # as `load_initial_data` builds it

    def differing_tables(self):
        return self.seeded.tables_differing_from(self.bare)


SITE = pytest.StashKey()


@pytest.fixture(scope="session")
def django_db_setup(
    django_test_environment, django_db_modify_db_settings, django_db_blocker, database_templates, pytestconfig
):
    """Each worker's test database, a copy of the run's seeded template
    (migrated and seeded once for the whole run): every test starts on the
    seeded site, an ordinary one inside a transaction rolled back when it
    ends, a transactional one followed by the seeded rows put back
    (pytest_runtest_teardown). The snapshots put either state back in
    milliseconds where a test needs it."""
    from django.conf import settings
    from django.db import connection

    from tests.database_templates import copy_database
    from tests.servers import database_kind

    kind = database_kind()
    if kind == "postgres":
        name = connection.creation._get_test_db_name()
        url = f"{os.environ['DATABASE_URL'].rsplit('/', 1)[0]}/{name}"
    else:
        name = str(database_templates.folder / f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.sqlite3")
        url = f"sqlite:///{name}"
    original_name = connection.settings_dict["NAME"]

    def use_copy_of(flavour):
        connection.close()
        copy_database(database_templates.template_url(kind, flavour), url)
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = name

    with django_db_blocker.unblock():
        use_copy_of("migrated")
        bare = database_snapshot.take()
        use_copy_of("seeded")
        seeded = database_snapshot.take()
    snapshots = SiteSnapshots(bare=bare, seeded=seeded)
    pytestconfig.stash[SITE] = (snapshots, django_db_blocker)
    yield snapshots
    with django_db_blocker.unblock():
        connection.close()
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = original_name
        if kind == "postgres":
            from tests.servers import psql

            psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def is_transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with every table emptied; the seeded rows
    go back at once, so that whatever test runs next, in whatever order
    pytest-xdist hands them out, starts on the seeded site."""
    result = yield
    # After the last test the database itself is gone.
    if nextitem is not None and SITE in item.config.stash and is_transactional(item):
        snapshots, blocker = item.config.stash[SITE]
        with blocker.unblock():
            database_snapshot.restore(snapshots.seeded)
    return result


@pytest.fixture
def seeded(db):
    """The site as `load_initial_data` builds it: every test starts on it."""


@pytest.fixture
def bare_database(db, django_db_setup):
    """The database as the migrations leave it, before the seed, for tests
    of seeding and of migrations' own rows."""
    database_snapshot.restore(django_db_setup.bare, django_db_setup.differing_tables())


@pytest.fixture
def spanish(seeded):
    """The seeded site, with a published Spanish version of every page and
    of the site-wide content (the seed translates them; this adds a copy of
    any the seed did not). The Spanish locale."""
    from tests.pages import add_spanish_versions

    return add_spanish_versions()


@pytest.fixture
def seeded_live_server(live_server, transactional_db, seeded):
    """A live server over the seeded site, for browser tests."""
    return live_server


@pytest.fixture(scope="session")
def chromium():
    # Playwright's sync API runs an event loop in this thread; Django's
    # live server answers from another thread, so its ORM calls are safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def run_folder(tmp_path_factory):
    """A folder of the whole run's, shared by its pytest-xdist workers."""
    basetemp = tmp_path_factory.getbasetemp()
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory):
    """The run's seeded databases and static files for real servers, made once."""
    from tests.database_templates import DatabaseTemplates

    return DatabaseTemplates(run_folder(tmp_path_factory) / "templates")


PREPARING = pytest.StashKey()


def pytest_sessionstart(session):
    """A run across workers starts building its seeded database and its
    static files at once, side by side, in the process that starts the
    workers: they are ready sooner than if the first worker to need each
    built it, once booted, while the other waited."""
    if os.environ.get("PYTEST_XDIST_WORKER") or getattr(session.config.option, "dist", "no") == "no":
        return
    import threading

    from tests.database_templates import DatabaseTemplates
    from tests.servers import database_kind

    templates = DatabaseTemplates(session.config._tmp_path_factory.getbasetemp() / "templates")
    builds = [lambda: templates.template_url(database_kind()), lambda: templates.static_root]
    threads = [threading.Thread(target=build, daemon=True) for build in builds]
    for thread in threads:
        thread.start()
    session.config.stash[PREPARING] = threads


def pytest_sessionfinish(session):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the run's templates outlive each worker; the process that started them drops them
    for thread in session.config.stash.get(PREPARING, []):
        thread.join()  # long done in a whole run; a run that ends sooner waits for the build to finish
    factory = getattr(session.config, "_tmp_path_factory", None)
    folder = factory.getbasetemp() / "templates" if factory else None
    if folder and folder.exists():
        from tests.database_templates import DatabaseTemplates

        DatabaseTemplates(folder).drop()


@pytest.fixture(scope="session")
def collected_static(database_templates):
    """Hashed, compressed static files, as production serves them; collected once per run."""
    return database_templates.static_root


@pytest.fixture
def production_database(tmp_path):
    """A throwaway database for real servers, empty."""
    from tests.servers import throwaway_database

    yield from throwaway_database(tmp_path, "servers")


@pytest.fixture
def seeded_production_database(database_templates, tmp_path):
    """A throwaway database for real servers, with the starting content: a copy of the run's seeded one."""
    from tests.servers import database_kind

    with database_templates.copy(database_kind(), tmp_path) as url:
        yield url


@pytest.fixture
def production_database_with_a_chief(database_templates, tmp_path):
    """A copy of the run's seeded database with the superuser "chief" too
    (password tests.servers.CHIEF_PASSWORD), who signs in with an
    authenticator code (tests.servers.current_code)."""
    from tests.servers import database_kind

    with database_templates.copy(database_kind(), tmp_path, flavour="chief") as url:
        yield url


@pytest.fixture
def fresh_rate_limits():
    """The public-form rate limit counts posts in the default cache: each test starts and ends with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def in_february(seeded):
    """A day in February, when the seeded Books Are Magic promotion shows on the home page."""
    import datetime
    from unittest import mock

    with mock.patch("home.models.promotion.timezone.localdate", return_value=datetime.date(2027, 2, 10)):
        yield


@pytest.fixture
def connect(seeded):
    """The seeded Connect page."""
    from home.models import ConnectPage

    return ConnectPage.objects.get(locale__language_code="en")


@pytest.fixture
def editor(seeded):
    """A member of the Editors role on the seeded site: edits, submits for moderation, never publishes."""
    from tests.admin_helpers import make_staff

    return make_staff("editor", "Editors")


@pytest.fixture
def moderator(seeded):
    """A member of the Moderators role on the seeded site: approves, publishes and locks."""
    from tests.admin_helpers import make_staff

    return make_staff("moderator", "Moderators")


@pytest.fixture
def form_manager(seeded):
    """A member of the Form managers role on the seeded site: reads what people sent, nothing else."""
    from tests.admin_helpers import make_staff

    return make_staff("forms", "Form managers")
