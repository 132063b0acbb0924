import os

import pytest
from django.core.management import call_command

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
def forget_remembered_content():
    """Each test starts with nothing remembered from the content of an earlier
    one, whose database changes were rolled back without a signal. Content
    types too: a transactional test empties their table, and they come back
    with other ids than Django's and Wagtail's form-type caches remember."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.contrib.forms.utils import get_form_types

    from wpa_site.cache.memory import forget_remembered

    forget_remembered()
    ContentType.objects.clear_cache()
    get_form_types.cache_clear()


@pytest.fixture
def seeded(db):
    """The site as `load_initial_data` builds it."""
    call_command("load_initial_data", stdout=open(os.devnull, "w"))  # noqa: SIM115


def restore_wagtail_root():
    """Put back the locale and root page that Wagtail's migrations create.

    A transactional test empties every table when it ends, so the next one
    starts without them.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture
def spanish(seeded):
    """The seeded site, with a published Spanish version of every page and
    of the site-wide content (the seed translates them; this adds a copy of
    any the seed did not). The Spanish locale."""
    from tests.pages import add_spanish_versions

    return add_spanish_versions()


@pytest.fixture
def seeded_live_server(live_server, transactional_db):
    """A live server over the seeded site, for browser tests."""
    restore_wagtail_root()
    call_command("load_initial_data", verbosity=0)
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


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Hashed, compressed static files, as production serves them; collected once per run."""
    from tests.servers import manage, production_env

    static_root = tmp_path_factory.mktemp("staticfiles")
    env = production_env(f"sqlite:///{static_root.parent / 'collect.sqlite3'}", static_root)
    manage(env, "collectstatic", "--noinput", "-v0")
    return static_root


@pytest.fixture
def production_database(tmp_path):
    """A throwaway database for real servers."""
    from tests.servers import throwaway_database

    yield from throwaway_database(tmp_path, "servers")


@pytest.fixture
def fresh_rate_limits():
    """The public-form rate limit counts posts in the default cache: each test starts and ends with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
