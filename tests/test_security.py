import json
import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

from tests.servers import PRODUCTION_ENV, run_manage
from wpa_site.settings import base as base_settings

PASSWORD = "correct horse battery staple"


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def test_public_pages_get_a_strict_content_security_policy(seeded, client):
    response = client.get("/")
    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    every_source = {source for sources in policy.values() for source in sources}
    assert not {"'unsafe-inline'", "'unsafe-eval'", "data:", "blob:", "*"} & every_source
    assert not [source for source in every_source if "://" in source or source.endswith(":")]


def test_not_found_pages_get_the_strict_policy_too(seeded, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert csp_directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_admin_gets_the_looser_policy_it_needs_and_is_still_never_framed_by_others(db, client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])

    assert "blob:" in policy["img-src"]
    assert "data:" in policy["img-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert not [source for sources in policy.values() for source in sources if "://" in source]


def test_public_pages_send_the_other_security_headers(seeded, client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "serial", "hid"]:
        assert permissions[feature] == "()", feature


def test_production_cookies_are_secure_http_only_and_same_site():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({name: getattr(s, name) for name in "
        "['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', "
        "'CSRF_COOKIE_SAMESITE', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT']}))"
    )
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True


@pytest.fixture
def editor(db, settings):
    # The test settings leave axes' backend out for Wagtail's test helpers; put production's back.
    settings.AUTHENTICATION_BACKENDS = base_settings.AUTHENTICATION_BACKENDS
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_a_correct_admin_login_works_and_sets_a_http_only_session_cookie(editor, client):
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_five_wrong_passwords_lock_the_username_out_with_429(editor, client, caplog):
    for _ in range(4):
        assert log_in(client, "editor", "wrong password").status_code == 200
    with caplog.at_level(logging.WARNING):
        assert log_in(client, "editor", "wrong password").status_code == 429

    locked = log_in(client, "editor", PASSWORD, address="198.51.100.9")

    # Locked even with the right password, even from another address.
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    assert "_auth_user_id" not in client.session
    lockout = [record.getMessage() for record in caplog.records if "Locking out" in record.getMessage()]
    assert lockout and "203.0.113.7" in lockout[0]


def test_five_wrong_passwords_from_one_address_lock_that_address_out(editor, client):
    get_user_model().objects.create_user("other", "other@example.org", PASSWORD, is_staff=True)
    for attempt in range(4):
        assert log_in(client, f"guess{attempt}", "wrong password").status_code == 200
    assert log_in(client, "guess4", "wrong password").status_code == 429

    assert log_in(client, "other", PASSWORD).status_code == 429
    # Someone else, from another address, is unaffected.
    assert log_in(client, "editor", PASSWORD, address="198.51.100.9").status_code == 302


def test_the_lockout_ends_after_the_cool_off(editor, client):
    for _ in range(5):
        log_in(client, "editor", "wrong password")
    assert log_in(client, "editor", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))

    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_four_wrong_passwords_do_not_lock_anyone_out(editor, client):
    for _ in range(4):
        log_in(client, "editor", "wrong password")
    assert log_in(client, "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["Short1!", "password1234", "123456789012", "editor-editor"])
def test_weak_passwords_are_refused(db, password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = get_user_model()(username="editor-editor", email="editor@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_media_on_s3_is_allowed_by_the_policy_and_nothing_else_is():
    code = (
        "from django.conf import settings as s; "
        "print(' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']), '|', ' '.join(s.ADMIN_CSP['script-src']))"
    )
    env = {**PRODUCTION_ENV, "AWS_STORAGE_BUCKET_NAME": "wpa-media", "AWS_S3_CUSTOM_DOMAIN": "media.example.org"}
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    img_src, admin_script_src = result.stdout.strip().splitlines()[-1].split(" | ")
    assert img_src.split() == ["'self'", "https://media.example.org"]
    assert "media.example.org" not in admin_script_src
