"""The Connect inbox in a real browser, in English and in Spanish: a Form
manager finds a new message from the dashboard, opens it, takes it, notes
it and closes it; an administrator sees what is not ready for visitors.

With INBOX_SHOTS=<folder> in the environment, each screen is saved there
as a PNG at 1280 px, for people to look at."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from tests.admin_helpers import PASSWORD, make_staff, sign_in
from tests.connect_helpers import send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("INBOX_SHOTS", "")


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        # The admin scrolls inside its own layout: a tall window shows the whole screen.
        page.set_viewport_size({"width": 1280, "height": 1600})
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))
        page.set_viewport_size({"width": 1280, "height": 900})


def prefer(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.fixture
def message(seeded_live_server, connect, fresh_rate_limits):
    from django.test import Client

    connect.to_address = "office@example.org"
    connect.save()
    send(Client(), connect, your_message="I need a place to stay 50% {soon} <b>please</b>.")
    return connect.get_submissions().get()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_form_manager_takes_a_message_from_the_dashboard_to_closed(
    seeded_live_server, message, browser_page, language
):
    manager = make_staff("forms", "Form managers")
    prefer(manager, language)
    page = browser_page
    sign_in(page, seeded_live_server.url, "forms", PASSWORD)
    dashboard = page.locator("#open-connect-messages-section")
    assert dashboard.is_visible()
    shoot(page, f"dashboard-form-manager-{language}")

    page.locator("#open-connect-messages-content a").first.click()
    page.wait_for_url("**/admin/connect-inbox/?status=open")
    assert page.locator(f'a[href="/admin/connect-inbox/{message.pk}/"]').is_visible()
    shoot(page, f"inbox-{language}")

    page.locator(f'a[href="/admin/connect-inbox/{message.pk}/"]').click()
    page.wait_for_url(f"**/admin/connect-inbox/{message.pk}/")
    assert page.get_by_text("I need a place to stay 50% {soon} <b>please</b>.").is_visible()
    page.locator('form[action$="/assign/"] button').first.click()
    page.wait_for_load_state()
    page.locator("#id_note").fill("Called her back; a bed is held until Friday.")
    page.locator('form[action$="/note/"] button').click()
    page.wait_for_load_state()
    assert page.get_by_text("a bed is held until Friday").is_visible()
    shoot(page, f"message-{language}")

    page.locator('form[action$="/close/"] button').click()
    page.wait_for_url("**/admin/connect-inbox/?status=open")
    assert page.locator(f'a[href="/admin/connect-inbox/{message.pk}/"]').count() == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_administrator_sees_what_is_not_ready_for_visitors(seeded_live_server, browser_page, language):
    chief = get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    prefer(chief, language)
    sign_in(browser_page, seeded_live_server.url, "chief", PASSWORD)
    panel = browser_page.locator("#ready-for-visitors-section")
    assert panel.is_visible()
    assert panel.locator("a.button").count() >= 4
    shoot(browser_page, f"dashboard-administrator-{language}")
