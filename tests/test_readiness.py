"""No request can go unread: `check --deploy` and the dashboard's "Ready for
visitors" panel name every missing recipient and every setting a real site
needs, and say where to set it; `make run` makes the local administrator
the recipient on a laptop."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Site

from home import readiness
from home.management.commands.ensure_local_superuser import ensure_local_recipient
from home.models import ConnectPage, OrganizationSettings
from tests.servers import PRODUCTION_ENV, run_manage
from wpa_site.backups.backups import ARCHIVE_PREFIX, ARCHIVE_SUFFIX, TIME_FORMAT
from wpa_site.outbox.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def keys(items):
    return [item.key for item in items]


def home_warnings():
    return {
        message.id: message for message in run_checks(include_deployment_checks=True) if message.id.startswith("home.")
    }


@pytest.fixture
def backups(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


def make_backup(folder, age):
    folder.mkdir(exist_ok=True)
    when = datetime.datetime.now(datetime.UTC) - age
    (folder / f"{ARCHIVE_PREFIX}{when.strftime(TIME_FORMAT)}{ARCHIVE_SUFFIX}").write_bytes(b"")


def set_everything(settings, backups):
    """A site made ready: recipients, contact details, Donate, its address, a sender, two-factor, a backup."""
    for page in ConnectPage.objects.all():
        page.to_address = "help@example.org"
        page.save()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "www.example.org", 443
    site.save()
    organization = OrganizationSettings.for_site(site)
    organization.contact_email, organization.contact_phone = "info@example.org", "+1 646 292 7740"
    organization.address, organization.donate_url = "110 Second Avenue\nNew York", "https://example.org/donate"
    organization.save()
    settings.DEFAULT_FROM_EMAIL = "website@example.org"
    for user in get_user_model().objects.all():
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    make_backup(backups, datetime.timedelta(hours=2))


# What is unmet


def test_the_seeded_site_names_every_answer_without_a_recipient_and_what_else_is_missing(seeded, backups):
    items = readiness.unmet()
    assert keys(items) == [
        "connect-answers",
        "connect-answers",
        "contact",
        "donate",
        "site-address",
        "sender",
        "backup",
    ]
    english = items[0]
    assert "Connect page (English)" in english.problem and "“Press”" in english.problem
    assert "Pages → Connect → Edit" in english.fix
    assert english.url == f"/admin/pages/{ConnectPage.objects.get(locale__language_code='en').pk}/edit/"
    assert "Connect page (Español)" in items[1].problem
    assert "Sync translated pages" in items[1].fix and "Sync translated pages" not in english.fix


def test_an_answer_with_its_own_address_or_a_page_address_has_a_recipient(connect):
    connect.routes = [
        ("route", {"label": route.value["label"], "email": "press@example.org" if index == 3 else ""})
        for index, route in enumerate(connect.routes)
    ]
    connect.save()
    english = [item for item in readiness.connect_recipients() if "(English)" in item.problem]
    assert "“Press”" not in english[0].problem and "“Donations and volunteering”" in english[0].problem
    connect.to_address = "office@example.org"
    connect.save()
    assert not [item for item in readiness.connect_recipients() if "(English)" in item.problem]


def test_a_connect_page_with_no_answers_and_no_address_reaches_nobody(connect):
    connect.routes = []
    connect.save()
    assert "connect-page" in keys(readiness.connect_recipients())


def test_staff_without_two_factor_and_a_stale_backup_and_a_silent_worker_are_listed(seeded, backups, settings):
    get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    make_backup(backups, datetime.timedelta(days=3))
    settings.TASKS = {**settings.TASKS, "email": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["email"]}}
    items = {item.key: item for item in readiness.unmet()}
    assert "1 staff account has no authenticator app" in items["two-factor"].problem
    assert "3 days old" in items["backup"].problem
    assert "never run" in items["worker"].problem
    WorkerHeartbeat.beat("email")
    assert "worker" not in keys(readiness.unmet())
    WorkerHeartbeat.objects.update(last_run_at=timezone.now() - datetime.timedelta(hours=2))
    assert "worker" in keys(readiness.unmet())


# The dashboard


def test_administrators_see_the_panel_with_links_until_everything_is_set(seeded, admin_client, settings, backups):
    html = admin_client.get("/admin/").content.decode()
    assert "Ready for visitors" in html
    assert "Edit the Connect page" in html and "/admin/settings/home/organizationsettings/" in html
    assert "DEFAULT_FROM_EMAIL" in html

    set_everything(settings, backups)
    assert "Ready for visitors" not in admin_client.get("/admin/").content.decode()


def test_form_managers_and_editors_do_not_see_the_panel(seeded, form_manager, editor):
    for user in (form_manager, editor):
        client = Client()
        client.force_login(user)
        assert "Ready for visitors" not in client.get("/admin/").content.decode()


def test_the_panel_is_in_spanish_for_a_spanish_speaking_administrator(seeded, admin_client, admin_user, backups):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "es"
    profile.save()
    html = admin_client.get("/admin/").content.decode()
    assert "Listo para los visitantes" in html
    assert "DEFAULT_FROM_EMAIL" in html


def test_the_dashboard_panel_makes_a_fixed_number_of_queries(seeded, admin_client, django_assert_max_num_queries):
    admin_client.get("/admin/")
    with django_assert_max_num_queries(45) as counted:
        admin_client.get("/admin/")
    for index in range(10):
        get_user_model().objects.create_superuser(f"chief{index}", f"chief{index}@example.org", "pw")
    with django_assert_max_num_queries(len(counted.captured_queries)):
        admin_client.get("/admin/")


# check --deploy


def test_check_deploy_warns_about_recipients_the_sender_and_the_site_address(seeded):
    warnings = home_warnings()
    assert set(warnings) == {"home.W002", "home.W003", "home.W004"}
    assert "Settings → Sites" in warnings["home.W003"].hint
    assert "DEFAULT_FROM_EMAIL" in warnings["home.W004"].hint


def test_check_deploy_is_silent_once_recipients_sender_and_address_are_set(seeded, settings, backups):
    set_everything(settings, backups)
    assert home_warnings() == {}


def test_check_deploy_under_production_settings_names_what_to_set(seeded_production_database):
    env = {**PRODUCTION_ENV, "DATABASE_URL": seeded_production_database, "DEFAULT_FROM_EMAIL": "webmaster@localhost"}
    result = run_manage("check", "--deploy", env=env)
    assert "(home.W002) On the Connect page (English), messages with these answers reach nobody" in result.stderr
    assert "(home.W003) The site’s address is still “localhost”" in result.stderr
    assert "(home.W004) Emails are sent from webmaster@localhost" in result.stderr
    assert "HINT: Set the real host name" in result.stderr


def test_check_deploy_on_a_database_not_migrated_yet_does_not_crash(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# make run


def test_make_run_makes_the_local_administrator_the_recipient_once_and_keeps_staffs(seeded, connect):
    get_user_model().objects.create_superuser("admin", "admin@localhost", "pw")
    line = ensure_local_recipient("admin")
    assert line.strip() == "Connect messages: emailed to admin@localhost (printed in this terminal)"
    assert {page.to_address for page in ConnectPage.objects.all()} == {"admin@localhost"}
    assert ensure_local_recipient("admin") == line
    assert readiness.connect_recipients() == []

    ConnectPage.objects.filter(pk=connect.pk).update(to_address="staff@example.org")
    ensure_local_recipient("admin")
    assert ConnectPage.objects.get(pk=connect.pk).to_address == "staff@example.org"


def test_the_superuser_command_prints_the_recipient_line(seeded, settings, tmp_path, monkeypatch):
    from home.management.commands import ensure_local_superuser

    settings.DEBUG = True
    monkeypatch.setattr(ensure_local_superuser, "PASSWORD_FILE", tmp_path / "password")
    out = io.StringIO()
    call_command("ensure_local_superuser", stdout=out)
    assert "Connect messages: emailed to admin@localhost" in out.getvalue()
