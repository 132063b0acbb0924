"""Two-factor sign-in for staff: a password, then a code from an authenticator
app or a single-use backup code, on Wagtail's login page; setting an app up at
the first sign-in; an administrator's reset; the lockout shared with wrong
passwords; idle staff sessions; and sessions elsewhere ended by a password change.

The test settings leave the requirement off, so that the rest of the suite can
reach the admin with force_login(); these tests turn it on (`required`), and
check that production settings always have it."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.servers import PRODUCTION_ENV, run_manage
from wpa_site.settings import base as base_settings
from wpa_site.staff_sessions import LAST_SEEN_KEY

PASSWORD = "correct horse battery staple"
BACKUP_CODE = "a1b2c3d4"
ADDRESS = "203.0.113.7"


@pytest.fixture
def required(db, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    # The lockout needs axes' backend, which the test settings leave out.
    settings.AUTHENTICATION_BACKENDS = base_settings.AUTHENTICATION_BACKENDS
    return settings


def make_staff(username, **extra):
    return get_user_model().objects.create_superuser(username, f"{username}@example.org", PASSWORD, **extra)


def add_app(user):
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=backup, token=BACKUP_CODE)
    return device


def code_for(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


@pytest.fixture
def editor(required):
    return make_staff("editor")


@pytest.fixture
def app(editor):
    return add_app(editor)


def log_in(client, username, password=PASSWORD, code="", address=ADDRESS):
    return client.post(
        "/admin/login/", {"username": username, "password": password, "otp_token": code}, REMOTE_ADDR=address
    )


def signed_in(client):
    return "_auth_user_id" in client.session


# The password alone


def test_the_login_page_asks_for_the_code_with_the_password(required, client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b'name="otp_token"' in response.content
    assert b'autocomplete="one-time-code"' in response.content


def test_a_password_without_the_code_does_not_sign_in_someone_with_an_app(app, client):
    response = log_in(client, "editor")
    assert response.status_code == 200
    assert b"authentication code didn&#x27;t match" in response.content
    assert not signed_in(client)


ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/users/", "/admin/account/"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_password_only_session_is_sent_to_the_second_step_from_any_admin_page(app, client, path):
    client.force_login(app.user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/?next=")


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/admin/api/main/pages/", {}),
        ("/admin/choose-page/", {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}),
        ("/admin/pages/search/?q=home", {"HTTP_ACCEPT": "application/json"}),
    ],
)
def test_a_password_only_session_gets_403_from_the_admin_api_and_choosers(app, client, path, headers):
    client.force_login(app.user)
    response = client.get(path, **headers)
    assert response.status_code == 403
    assert "error" in response.json()


def test_a_password_only_session_cannot_send_admin_forms(app, client):
    client.force_login(app.user)
    response = client.post("/admin/account/", {"name_email-first_name": "Mallory"})
    assert response.status_code == 403
    app.user.refresh_from_db()
    assert app.user.first_name != "Mallory"


def test_the_admin_api_and_pages_answer_once_the_code_is_given(app, client, seeded):
    assert log_in(client, "editor", code=code_for(app)).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200
    api = client.get("/admin/api/main/pages/")
    assert api.status_code == 200
    assert api.json()["meta"]["total_count"] > 0


# The code


def test_the_password_and_a_correct_code_sign_in(app, client):
    response = log_in(client, "editor", code=code_for(app))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_is_accepted_with_spaces(app, client):
    code = code_for(app)
    assert log_in(client, "editor", code=f"{code[:3]} {code[3:]}").status_code == 302


def test_a_backup_code_works_once(app, client):
    assert log_in(client, "editor", code=BACKUP_CODE.upper()).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")

    again = Client()
    response = log_in(again, "editor", code=BACKUP_CODE)
    assert response.status_code == 200
    assert not signed_in(again)
    assert not StaticToken.objects.filter(token=BACKUP_CODE).exists()


def test_the_second_step_page_lets_a_password_only_session_in_with_a_code(app, client):
    client.force_login(app.user)
    page = client.get("/admin/two-factor/?next=/admin/pages/")
    assert page.status_code == 200
    assert b'name="otp_token"' in page.content

    wrong = client.post("/admin/two-factor/", {"otp_token": "000000", "next": "/admin/pages/"}, REMOTE_ADDR=ADDRESS)
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302

    right = client.post("/admin/two-factor/", {"otp_token": code_for(app), "next": "/admin/pages/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_the_second_step_never_sends_anyone_to_another_site(app, client):
    client.force_login(app.user)
    response = client.post("/admin/two-factor/", {"otp_token": code_for(app), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


# The lockout


def test_wrong_codes_and_wrong_passwords_lock_out_together_with_429(app, client):
    assert log_in(client, "editor", password="wrong password").status_code == 200
    assert log_in(client, "editor", password="wrong password").status_code == 200
    assert log_in(client, "editor", code="000000").status_code == 200
    assert log_in(client, "editor", code="123456").status_code == 200

    fifth = log_in(client, "editor", code="654321")
    assert fifth.status_code == 429

    # Locked even with the right password and code, even from another address.
    locked = log_in(client, "editor", code=code_for(app), address="198.51.100.9")
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    assert not signed_in(client)


def test_wrong_codes_on_the_second_step_page_count_toward_the_same_lockout(app, client):
    client.force_login(app.user)
    for _ in range(4):
        assert log_in(Client(), "editor", password="wrong password").status_code == 200

    response = client.post("/admin/two-factor/", {"otp_token": "000000"}, REMOTE_ADDR=ADDRESS)

    assert response.status_code == 429
    assert not signed_in(client)
    assert log_in(Client(), "editor", code=code_for(app)).status_code == 429


# Setting up an app


def test_someone_without_an_app_sets_one_up_at_their_next_sign_in(editor, client):
    assert log_in(client, "editor").status_code == 302
    sent = client.get("/admin/")
    assert sent.status_code == 302
    assert sent["Location"].startswith("/admin/two-factor/setup/")

    page = client.get(sent["Location"])
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    qr = re.search(r"<figure[^>]*data-two-factor-qr[^>]*>(.*?)</figure>", html, re.S).group(1)
    assert qr.strip().startswith("<svg")
    assert "<img" not in qr and "http" not in qr.replace("http://www.w3.org/2000/svg", "")
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    assert device.key and "otpauth" not in html  # the address is drawn, not printed

    # A wrong first code leaves the app unconfirmed.
    wrong = client.post(sent["Location"], {"otp_token": "000000"})
    assert wrong.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302

    done = client.post(sent["Location"], {"otp_token": code_for(device)})
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200

    # Shown once: the setup page is gone, and a backup code signs in.
    assert client.get("/admin/two-factor/setup/")["Location"].startswith("/admin/two-factor/")
    assert codes[0].encode() not in client.get("/admin/").content
    assert log_in(Client(), "editor", code=codes[0]).status_code == 302


def test_a_password_only_session_cannot_add_an_app_to_an_account_that_has_one(app, client):
    client.force_login(app.user)
    response = client.get("/admin/two-factor/setup/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/?")
    assert TOTPDevice.objects.filter(user=app.user).count() == 1


# An administrator's reset


@pytest.fixture
def administrator(required):
    admin = make_staff("administrator")
    device = add_app(admin)
    client = Client()
    assert log_in(client, "administrator", code=code_for(device), address="192.0.2.1").status_code == 302
    return client


def test_an_administrator_resets_someone_elses_app_from_the_user_listing(administrator, app):
    editors_client = Client()
    assert log_in(editors_client, "editor", code=BACKUP_CODE).status_code == 302

    listing = administrator.get("/admin/users/")
    assert listing.status_code == 200
    reset_url = f"/admin/two-factor/reset/{app.user.pk}/"
    assert reset_url.encode() in listing.content
    assert administrator.get(reset_url).status_code == 200

    response = administrator.post(reset_url)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=app.user).exists()
    assert not StaticDevice.objects.filter(user=app.user).exists()
    # Signed out everywhere; the next sign-in, with the password alone, leads to setup.
    assert editors_client.get("/admin/")["Location"].startswith("/admin/login/")
    assert log_in(editors_client, "editor").status_code == 302
    assert editors_client.get("/admin/")["Location"].startswith("/admin/two-factor/setup/")


def test_only_those_who_may_change_users_can_reset_an_app(required, app, client):
    wagtail_editor = get_user_model().objects.create_user("wagtail-editor", "we@example.org", PASSWORD)
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    wagtail_editor.groups.add(group)
    device = add_app(wagtail_editor)
    assert log_in(client, "wagtail-editor", code=code_for(device)).status_code == 302

    # Wagtail answers a refused admin view by sending the user to the dashboard.
    refused = client.post(f"/admin/two-factor/reset/{app.user.pk}/")
    assert refused.status_code == 302
    assert refused["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=app.user).exists()


# Development and production


def settings_value(name, env):
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_always_requires_the_second_step():
    assert settings_value("STAFF_TWO_FACTOR_REQUIRED", PRODUCTION_ENV) == "True"
    env = {**PRODUCTION_ENV, "STAFF_TWO_FACTOR_REQUIRED": "false"}
    assert settings_value("STAFF_TWO_FACTOR_REQUIRED", env) == "True"


def test_development_lets_the_local_superuser_skip_it():
    dev = {"DJANGO_SETTINGS_MODULE": "wpa_site.settings.dev"}
    assert settings_value("STAFF_TWO_FACTOR_REQUIRED", dev) == "False"
    assert settings_value("STAFF_TWO_FACTOR_REQUIRED", {**dev, "STAFF_TWO_FACTOR_REQUIRED": "true"}) == "True"


def test_without_the_requirement_a_password_signs_in(db, settings, client):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    make_staff("local")
    assert log_in(client, "local").status_code == 302
    assert client.get("/admin/").status_code == 200


# Idle sessions and password changes


def make_idle(client, minutes):
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_a_staff_session_ends_after_the_idle_period(db, settings, client):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    client.force_login(make_staff("editor"))
    assert client.get("/admin/").status_code == 200

    make_idle(client, 29)
    assert client.get("/admin/").status_code == 200

    make_idle(client, 31)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not signed_in(client)


def test_visitors_are_given_no_session_by_the_idle_check(db, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_a_password_change_ends_the_users_other_sessions(db, client):
    user = make_staff("editor")
    elsewhere = Client()
    client.force_login(user)
    elsewhere.force_login(user)
    assert elsewhere.get("/admin/").status_code == 200

    new_password = "a brand new long passphrase"
    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": "Ed",
            "name_email-last_name": "Itor",
            "name_email-email": user.email,
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "password-old_password": PASSWORD,
            "password-new_password1": new_password,
            "password-new_password2": new_password,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)

    assert client.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_second_step_pages_offer_a_way_out(app, client):
    client.force_login(app.user)
    page = client.get("/admin/two-factor/").content.decode()
    assert re.search(r'<form method="post" action="/admin/logout/">', page)
    assert client.post("/admin/logout/").status_code == 302
    assert not signed_in(client)
