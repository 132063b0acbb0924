"""The Connect form: routing, never losing a message, who may read what was sent,
retention and donate."""

import datetime
import io
import re
import socket
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Site

from home.models import (
    ConnectPage,
    ConnectSettings,
    HomePage,
    OrganizationSettings,
    SafetySettings,
    SeedRecord,
    SiteWideContent,
    StandardPage,
)
from home.models.connect import LANGUAGE_FIELD
from home.public_forms import TOPIC_FIELD
from home.seed.loader import SeedLoader
from tests.admin_helpers import signed_in_client
from tests.connect_helpers import TOPICS, send, visible_error_summary
from tests.queries import PAGE_QUERY_BUDGET, count_queries
from wpa_site.outbox.models import OutgoingEmail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

# The page as seeded


def test_seeded_connect_page_offers_the_five_routes_without_inventing_addresses(connect, client):
    assert connect.title == "Connect"
    assert [route.value["label"] for route in connect.routes] == TOPICS
    assert all(route.value["email"] == "" for route in connect.routes)
    assert connect.to_address == ""
    html = client.get(connect.url).content.decode()
    for topic in TOPICS:
        assert f">{topic}</label>" in unescape(html)
    assert 'type="radio" name="how_can_we_help"' in html


def test_only_the_contact_method_and_the_route_are_required(connect):
    fields = {field.clean_name: field.required for field in connect.form_fields.all()}
    assert fields == {
        "how_should_we_reach_you": True,
        "your_name": False,
        "your_pronouns": False,
        "your_message": False,
    }


def test_home_pages_connect_invitation_leads_to_the_connect_page(connect, client):
    assert HomePage.objects.get(locale__language_code="en").connect_page_id == connect.pk
    html = client.get("/").content.decode()
    assert f'href="{connect.url}"' in html


def test_a_database_seeded_before_connect_existed_gets_it_on_the_next_run(seeded):
    ConnectPage.objects.get(locale__language_code="en").delete()
    StandardPage.objects.filter(slug="browsing-safely").delete()
    new_keys = ["page:connect", "page:safety_page", "home-connect-link", "safety-settings"]
    SeedRecord.objects.filter(key__in=new_keys).delete()
    assert HomePage.objects.get(locale__language_code="en").connect_page_id is None

    created = SeedLoader().run()

    assert set(new_keys) <= set(created)
    connect = ConnectPage.objects.get(locale__language_code="en")
    assert HomePage.objects.get(locale__language_code="en").connect_page_id == connect.pk
    assert SafetySettings.objects.get().safety_page.specific.title == "Browsing safely"
    assert SeedLoader().run() == []


def test_seed_keeps_a_connect_link_staff_chose(seeded):
    home = HomePage.objects.get(locale__language_code="en")
    home.connect_page = None
    home.connect_url = "https://example.org/contact"
    home.save_revision().publish()
    SeedRecord.objects.filter(key="home-connect-link").delete()
    SeedLoader().run()
    home.refresh_from_db()
    assert home.connect_page_id is None
    assert home.connect_url == "https://example.org/contact"


def test_page_text_comes_from_the_cms(connect, client):
    connect.introduction = "Write to us, in your own words."
    connect.submit_label = "Send my message"
    connect.topic_label = "What brings you here?"
    connect.save_revision().publish()
    html = unescape(client.get(connect.url).content.decode())
    assert "Write to us, in your own words." in html
    assert "Send my message</button>" in html
    assert "What brings you here?" in html


def test_connect_page_query_count_is_fixed(connect, client):
    assert count_queries(client, connect.url, warm=True) <= PAGE_QUERY_BUDGET


# Never lose a submission


def test_a_valid_message_is_stored_emailed_to_its_route_and_redirected(connect, client):
    connect.routes = [
        ("route", {"label": route.value["label"], "email": "press-team@example.org" if i == 3 else ""})
        for i, route in enumerate(connect.routes)
    ]
    connect.to_address = "everyone-else@example.org"
    connect.save()

    response = send(client, connect)

    assert response.status_code == 303
    assert response["Location"] == connect.url + "sent/"
    submission = FormSubmission.objects.get()
    assert submission.form_data == {
        TOPIC_FIELD: "Press",
        "how_should_we_reach_you": "reporter@example.org",
        "your_name": "Ana",
        "your_pronouns": "she/her",
        "your_message": "A question about your programs.",
        LANGUAGE_FIELD: "en",
    }
    assert [message.to for message in mail.outbox] == [["press-team@example.org"]]
    assert "A question about your programs." in mail.outbox[0].body

    landing = client.get(response["Location"])
    assert landing.status_code == 200
    assert "Thank you" in landing.content.decode()
    assert 'name="how_should_we_reach_you"' not in landing.content.decode()


def test_a_route_without_an_address_falls_back_to_the_pages_address(connect, client):
    connect.to_address = "office@example.org"
    connect.save()
    send(client, connect, **{TOPIC_FIELD: "I need support for myself"})
    assert [message.to for message in mail.outbox] == [["office@example.org"]]


def test_reloading_the_confirmation_sends_nothing_again(connect, client):
    response = send(client, connect)
    client.get(response["Location"])
    client.get(response["Location"])
    assert FormSubmission.objects.count() == 1


def test_with_the_email_server_down_the_message_is_kept_and_confirmed(connect, client, settings, caplog):
    settings.EMAIL_BACKEND = "tests.connect_helpers.FailingEmailBackend"
    connect.to_address = "office@example.org"
    connect.save()

    response = send(client, connect)

    assert response.status_code == 303
    assert client.get(response["Location"]).status_code == 200
    assert FormSubmission.objects.count() == 1
    email = OutgoingEmail.objects.about(FormSubmission.objects.get()).get()
    assert email.status == "failing" and email.attempts == 1
    assert "ConnectionRefusedError: The email server is down." in email.last_error
    assert any("not sent" in record.getMessage() for record in caplog.records)


def test_with_nothing_listening_on_the_smtp_port_the_message_is_kept(connect, client, settings, admin_client):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    connect.to_address = "office@example.org"
    connect.save()

    response = send(client, connect, your_message="Please call me back.")

    assert response.status_code == 303
    listing = admin_client.get(f"/admin/forms/submissions/{connect.pk}/")
    assert "Please call me back." in listing.content.decode()


def test_invalid_input_shows_every_error_at_the_top_linked_to_its_field_and_keeps_what_was_typed(connect, client):
    response = send(client, connect, how_should_we_reach_you="", **{TOPIC_FIELD: ""}, your_message="My words stay.")

    assert response.status_code == 200
    html = response.content.decode()
    summary = visible_error_summary(html)
    assert 'role="alert"' in summary and "autofocus" in summary
    assert "There is a problem" in summary
    assert 'href="#id_how_can_we_help_0"' in summary
    assert 'href="#id_how_should_we_reach_you"' in summary
    assert 'id="id_how_can_we_help_0"' in html
    assert "My words stay.</textarea>" in html
    assert 'value="she/her"' in html
    contact = re.search(r'<input[^>]*name="how_should_we_reach_you"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in contact
    assert 'aria-describedby="id_how_should_we_reach_you-hint id_how_should_we_reach_you-error"' in contact
    assert FormSubmission.objects.count() == 0


def test_error_messages_are_plain_words_whatever_staff_typed_in_the_questions(connect, client):
    field = connect.form_fields.get(clean_name="how_should_we_reach_you")
    field.label = "Email or phone: 100% {private} %(x)s <b>"
    field.save()
    response = send(client, connect, how_should_we_reach_you="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Please fill this in." in html
    assert "Email or phone: 100% {private} %(x)s &lt;b&gt;" in html
    assert "<b>" not in html.split("<main", 1)[1]


# Who may read what was sent


def test_form_managers_see_and_export_submissions_and_editors_do_not(connect, client):
    send(client, connect, your_message="Private words.")
    managers = signed_in_client("manager", "Form managers")
    editors = signed_in_client("editor", "Editors")
    listing = f"/admin/forms/submissions/{connect.pk}/"

    response = managers.get(listing)
    assert response.status_code == 200
    assert "Private words." in response.content.decode()
    export = managers.get(listing + "?export=csv")
    assert export.status_code == 200
    assert "Private words." in b"".join(export.streaming_content).decode()
    assert managers.get("/admin/forms/").status_code == 200

    for path in (listing, listing + "?export=csv", listing + "?export=xlsx"):
        response = editors.get(path)
        assert response.status_code in (302, 403)
        assert b"Private words." not in response.content
    forms_index = editors.get("/admin/forms/").content.decode()
    assert "Connect" not in re.sub(r"<head>.*?</head>", "", forms_index, flags=re.S).split("<main", 1)[-1]


def test_form_managers_group_is_made_once_and_grants_only_reading_and_deleting():
    group = Group.objects.get(name="Form managers")
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "view_formsubmission",
        "delete_formsubmission",
        "view_newslettersignup",
        "delete_newslettersignup",
    }


def test_form_managers_migration_is_idempotent():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("home.migrations.0006_form_managers_permissions")
    migration.create_form_managers(apps, None)
    migration.create_form_managers(apps, None)
    assert Group.objects.filter(name="Form managers").count() == 1
    assert Group.objects.get(name="Form managers").permissions.count() == 5


# Retention


def test_purge_deletes_only_submissions_older_than_the_retention_period(connect, client):
    for _ in range(3):
        send(client, connect)
    old, older, recent = FormSubmission.objects.order_by("pk")
    now = timezone.now()
    FormSubmission.objects.filter(pk=old.pk).update(submit_time=now - datetime.timedelta(days=366))
    FormSubmission.objects.filter(pk=older.pk).update(submit_time=now - datetime.timedelta(days=900))
    FormSubmission.objects.filter(pk=recent.pk).update(submit_time=now - datetime.timedelta(days=364))

    out = io.StringIO()
    call_command("purge_expired_submissions", "--dry-run", stdout=out)
    assert "Would delete 2" in out.getvalue()
    assert FormSubmission.objects.count() == 3

    call_command("purge_expired_submissions", stdout=io.StringIO())
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]


def test_retention_follows_the_setting_and_zero_keeps_everything(connect, client):
    send(client, connect)
    FormSubmission.objects.update(submit_time=timezone.now() - datetime.timedelta(days=40))
    retention = ConnectSettings.for_site(Site.objects.get(is_default_site=True))
    retention.submission_retention_days = 0
    retention.save()
    call_command("purge_expired_submissions", stdout=io.StringIO())
    assert FormSubmission.objects.count() == 1
    retention.submission_retention_days = 30
    retention.save()
    call_command("purge_expired_submissions", stdout=io.StringIO())
    assert FormSubmission.objects.count() == 0


# Donate


def test_donate_shows_in_the_header_and_on_connect_only_when_set(connect, client):
    assert "button--donate" not in client.get(connect.url).content.decode()
    organization = OrganizationSettings.objects.get()
    organization.donate_url = "https://donate.example.org/wpa"
    organization.save()
    html = client.get(connect.url).content.decode()
    assert 'href="https://donate.example.org/wpa">Donate</a>' in html, "no words of staff's: Donate"
    content = SiteWideContent.objects.get(locale__language_code="en")
    content.donate_label = "Give today"
    content.save()
    connect.donate_text = "Your gift keeps women at home."
    connect.save_revision().publish()
    html = client.get(connect.url).content.decode()
    # The header's button (its twin in the phone menu), the hero-less page's aside, the footer.
    assert html.count('href="https://donate.example.org/wpa">Give today</a>') == 4
    assert "Your gift keeps women at home." in html


# Staff


def test_staff_preview_the_form_and_the_thank_you_page(connect):
    form = connect.make_preview_request(preview_mode="form")
    landing = connect.make_preview_request(preview_mode="landing")
    assert form.status_code == landing.status_code == 200
    assert 'name="how_should_we_reach_you"' in form.rendered_content
    assert "Thank you" in landing.rendered_content


def test_staff_can_create_a_connect_page_with_questions_and_routes_in_the_admin(seeded, admin_client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    ConnectPage.objects.get(locale__language_code="en").delete()
    home = HomePage.objects.get(locale__language_code="en")
    data = nested_form_data(
        {
            "title": "Get in touch",
            "slug": "get-in-touch",
            "introduction": "",
            "topic_label": "How can we help?",
            "topic_help_text": "",
            "routes": streamfield([("route", {"label": "Press", "email": "press@example.org"})]),
            "form_fields": inline_formset(
                [{"label": "How should we reach you?", "field_type": "singleline", "required": "on"}]
            ),
            "privacy_note": "",
            "submit_label": "Send",
            "thank_you_heading": "Thank you",
            "thank_you_text": "",
            "donate_text": "",
            "to_address": "",
            "from_address": "",
            "subject": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/admin/pages/add/home/connectpage/{home.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ConnectPage.objects.get(locale__language_code="en")
    assert page.live and page.title == "Get in touch"
    assert page.recipients_for("Press") == ["press@example.org"]
    assert [field.clean_name for field in page.form_fields.all()] == ["how_should_we_reach_you"]


def test_the_error_page_keeps_a_quick_exit_without_the_database(django_db_blocker):
    from django.test import RequestFactory

    from wpa_site.errors import server_error

    with django_db_blocker.block():
        html = server_error(RequestFactory().get("/")).content.decode()
    assert '<a class="quick-exit__button" href="https://weather.com" rel="noreferrer" data-quick-exit>' in html
