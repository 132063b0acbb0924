"""Running the site: production settings, the health check, the seed and the basic error pages."""

import io
import json
import os
import re
import runpy
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.template.loader import render_to_string
from wagtail.models import Page, Site

from home.management.commands import ensure_local_superuser, run_local
from home.models import HomePage
from tests.servers import PRODUCTION_ENV, PROJECT_ROOT, run_manage


def test_production_refuses_to_start_without_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_database_url():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DATABASE_URL"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_production_settings_pass_the_deployment_checklist_silently():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_health_endpoint_reports_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_endpoint_reports_503_when_database_is_unreachable(client):
    with mock.patch("wpa_site.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["status"] == "unavailable"
    assert "no-cache" in response["Cache-Control"]


def test_seed_creates_the_home_page_as_site_root_and_is_idempotent(seeded):
    from django.core.management import call_command

    home = HomePage.objects.get(locale__language_code="en")
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    pages_before = Page.objects.count()

    home.title = "Changed by staff"
    home.save_revision().publish()
    call_command("load_initial_data", stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert Page.objects.count() == pages_before
    assert HomePage.objects.get(locale__language_code="en").title == "Changed by staff"


def test_unknown_address_gets_the_sites_own_404_page(seeded, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Skip to main content" in response.content


def test_500_page_renders_with_no_database_and_no_context(django_db_blocker):
    with django_db_blocker.block():
        html = render_to_string("500.html")
    assert '<h1 class="page-header__title">Something went wrong</h1>' in html


def test_make_run_gives_the_site_the_address_it_serves_it_at(seeded, client, settings):
    """Canonical links, the sitemap and the newsletter's links carry the port
    `make run` serves at (set_local_site_address), not http://localhost/."""
    settings.DEBUG = True
    call_command("set_local_site_address", "127.0.0.1", "8311", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8311, "http://127.0.0.1:8311")
    html = client.get("/", HTTP_HOST="127.0.0.1:8311").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8311/">' in html
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8311").content.decode()
    assert "<loc>http://127.0.0.1:8311/</loc>" in sitemap


def test_set_local_site_address_refuses_production_like_settings(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="outside development settings"):
        call_command("set_local_site_address", "www.example.org", "80", verbosity=0)
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


@pytest.mark.django_db
def test_make_run_prints_the_address_and_the_admin_login_after_the_servers_banner(settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(ensure_local_superuser, "PASSWORD_FILE", tmp_path / "password")
    output = io.StringIO()
    command = run_local.Command(stdout=output)
    command.addr, command._raw_ipv6, command.username = "127.0.0.1", False, "admin"
    command.on_bind(8311)

    password = (tmp_path / "password").read_text().strip()
    output = output.getvalue()
    assert output.index("Starting development server at http://127.0.0.1:8311/") < output.index("The site:")
    assert output.rstrip().splitlines()[-5:] == [
        "  The site: http://127.0.0.1:8311/",
        "  Admin: http://127.0.0.1:8311/admin/",
        "  Username: admin",
        f"  Password: {password}",
        "  Connect messages: emailed to admin@localhost (printed in this terminal)",
    ]
    assert get_user_model().objects.get(username="admin").check_password(password)


@pytest.mark.parametrize(
    ("cores", "environ", "workers"), [(1, {}, 3), (2, {}, 4), (16, {}, 4), (16, {"WEB_CONCURRENCY": "9"}, 9)]
)
def test_gunicorn_starts_few_workers_unless_told_otherwise(cores, environ, workers, monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with mock.patch("os.cpu_count", return_value=cores):
        config = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    assert config["workers"] == workers


ENVIRONMENT_READ = re.compile(r"""(?:environ\.get|getenv|env_bool|env_int|env_list)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_every_environment_variable_the_site_reads_is_in_the_deploying_docs():
    documented = (PROJECT_ROOT / "docs" / "deploying.md").read_text().split("## Environment variables", 1)[1]
    sources = [PROJECT_ROOT / "gunicorn.conf.py"] + [
        path
        for package in ("wpa_site", "home", "news", "programs")
        for path in (PROJECT_ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    ]
    read = {name for path in sources for name in ENVIRONMENT_READ.findall(path.read_text())}
    assert {"SECRET_KEY", "DATABASE_URL", "WEB_CONCURRENCY", "DEEPL_API_KEY"} <= read
    assert sorted(name for name in read if f"`{name}`" not in documented) == []
