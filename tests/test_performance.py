"""Query budgets for every page type, and the production settings that keep
uncached rendering lean. Speed itself is measured by `make bench`, not here."""

import runpy
from pathlib import Path

import pytest
from django.db import connection
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from home.models import HomePage, SearchEngineSettings
from programs.models import ProgramIndexPage, ProgramPage
from tests.queries import HOME_QUERY_BUDGET, PAGE_QUERY_BUDGET, count_queries, page_types
from tests.servers import PRODUCTION_ENV, run_manage
from wpa_site.cache.version import invalidate_page_cache

PAGE_TYPES = page_types()
BASE_SETTINGS = Path(__file__).resolve().parent.parent / "wpa_site" / "settings" / "base.py"


def add_images(count):
    return [
        Image.objects.create(title=f"Photo {number}", file=get_test_image_file(), description=f"Photo {number}")
        for number in range(count)
    ]


@pytest.fixture
def with_images(seeded):
    """Every program, the home page's opening and the share image illustrated, as staff will have them."""
    programs = list(ProgramPage.objects.all())
    for program, image in zip(programs, add_images(len(programs)), strict=True):
        program.image = image
        program.save_revision().publish()
    for home in HomePage.objects.all():
        home.hero_image = add_images(1)[0]
        home.save_revision().publish()
    site_settings = SearchEngineSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.default_share_image = add_images(1)[0]
    site_settings.save()


def in_language(page, language, request):
    """`page`, or its Spanish version (the seed's, or the `spanish` fixture's
    where the seed has none)."""
    if language == "en":
        return page
    return page.get_translation(request.getfixturevalue("spanish"))


LANGUAGES = ["en", "es"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda page_type: page_type.__name__)
def test_every_page_type_renders_within_its_query_budget(with_images, client, settings, page_type, language, request):
    settings.PAGE_CACHE_SECONDS = 0
    page = in_language(page_type.objects.live().filter(locale__language_code="en").first(), language, request)
    url = page.url
    budget = HOME_QUERY_BUDGET if page_type is HomePage else PAGE_QUERY_BUDGET
    response = client.get(url)  # renditions are made once, on the first visit
    assert response["Content-Language"] == language
    invalidate_page_cache()
    first_after_change = count_queries(client, url)
    warm = count_queries(client, url)
    assert first_after_change <= budget
    assert warm <= first_after_change


@pytest.mark.parametrize("language", LANGUAGES)
def test_illustrated_program_cards_cost_no_query_per_image(with_images, client, settings, language, request):
    settings.PAGE_CACHE_SECONDS = 0
    index = in_language(ProgramIndexPage.objects.get(locale__language_code="en"), language, request)
    home = in_language(HomePage.objects.get(locale__language_code="en"), language, request)
    client.get(index.url)
    before = count_queries(client, index.url)
    for image in add_images(4):
        program = ProgramPage(title=f"More help {image.pk}", summary="More help.", image=image)
        index.add_child(instance=program)
        program.save_revision().publish()
    for url in [home.url, index.url]:
        html = client.get(url).content.decode()
        assert html.count('class="card card--image"') == 8
    assert count_queries(client, index.url) == before


def test_production_keeps_database_connections_and_compiled_templates():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.TEMPLATES[0]['OPTIONS']['loaders'][0][0], "
        "s.FRAGMENT_CACHE)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    conn_max_age, health_checks, loader, fragments = result.stdout.splitlines()[-1].split()
    assert int(conn_max_age) >= 60
    assert health_checks == "True"
    assert loader == "django.template.loaders.cached.Loader"
    assert fragments == "True"


def database_options(monkeypatch, **environ):
    """The database OPTIONS of the base settings, as a process with `environ` reads them."""
    for name in ("DATABASE_URL", "POSTGRES_JIT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS))["DATABASES"]["default"].get("OPTIONS", {})


@pytest.mark.django_db
def test_postgres_never_compiles_the_sites_short_queries_unless_told_to(monkeypatch):
    """Postgres's JIT compiler took 0.6 s over the site lookup, a 0.5 ms query."""
    postgres = "postgres://wpa@db.example.org/wpa"
    assert database_options(monkeypatch, DATABASE_URL=postgres)["options"] == "-c jit=off"
    assert "options" not in database_options(monkeypatch, DATABASE_URL=postgres, POSTGRES_JIT="on")
    assert "options" not in database_options(monkeypatch, DATABASE_URL="sqlite:///site.sqlite3")
    if connection.vendor == "postgresql":  # the suite's own connection, made from the same settings
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
