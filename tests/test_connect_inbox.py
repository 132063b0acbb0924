"""The Connect inbox: every message has a status and an owner until it is
closed; Form managers open, assign, note and close messages, every step in
the audit log; editors see none of it; the dashboard shows what is waiting;
the notification email names the message by number and links to it."""

import datetime
import importlib
import io
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import ModelLogEntry

from home import audit
from home.models import ConnectHandling, ConnectNote, MessageStatus
from home.models.inbox import working_day_cutoff
from home.public_forms import TOPIC_FIELD
from tests.admin_helpers import make_staff
from tests.connect_helpers import send
from tests.translation_helpers import CONNECT_IN_SPANISH, translate
from wpa_site.outbox.models import OutgoingEmail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

INBOX = "/admin/connect-inbox/"


def message_url(submission):
    return reverse("connect_inbox:message", args=[submission.pk])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager(form_manager):
    return signed_in(form_manager)


def sent(client, page, **answers):
    send(client, page, **answers)
    return FormSubmission.objects.order_by("-pk").first()


def backdate(submission, **delta):
    FormSubmission.objects.filter(pk=submission.pk).update(submit_time=timezone.now() - datetime.timedelta(**delta))


# A message arrives


def test_a_new_message_is_stored_as_new_with_no_owner_and_listed_in_the_inbox(connect, client, manager):
    submission = sent(client, connect)
    handling = ConnectHandling.objects.get(submission=submission)
    assert (handling.status, handling.owner) == (MessageStatus.NEW, None)

    html = manager.get(INBOX, {"status": "open"}).content.decode()
    assert f"#{submission.pk}" in html
    assert "Press" in html and "New" in html and "Nobody" in html


def test_a_message_from_before_the_inbox_counts_as_new_and_the_migration_gives_it_a_row(connect, client, manager):
    submission = sent(client, connect)
    ConnectHandling.objects.all().delete()
    assert f"#{submission.pk}" in manager.get(INBOX, {"status": "new"}).content.decode()

    migration = importlib.import_module("home.migrations.0018_connect_inbox")
    migration.existing_messages_are_new(django_apps, None)
    assert ConnectHandling.objects.get(submission=submission).status == MessageStatus.NEW


# Who may see it


def test_editors_see_no_inbox_no_menu_item_and_get_403_on_every_address(connect, client, editor):
    submission = sent(client, connect)
    editors = signed_in(editor)
    assert "Connect inbox" not in editors.get("/admin/").content.decode()
    assert editors.get(INBOX).status_code == 403
    assert editors.get(message_url(submission)).status_code == 403
    for action in ("assign", "note", "close", "reopen"):
        url = reverse(f"connect_inbox:{action}", args=[submission.pk])
        assert editors.post(url, {"owner": editor.pk, "text": "x"}).status_code == 403
    assert ConnectHandling.objects.get(submission=submission).owner is None
    assert not ModelLogEntry.objects.filter(action__startswith="wpa.connect.").exists()


def test_form_managers_have_the_menu_item(manager):
    html = manager.get("/admin/").content.decode()
    assert "Connect inbox" in html and f"{INBOX}?status=open" in html


# Handling a message


def test_open_assign_note_close_and_reopen_each_go_in_the_audit_log(connect, client, manager, form_manager):
    submission = sent(client, connect)
    url = message_url(submission)

    page = manager.get(url)
    assert page.status_code == 200
    assert "A question about your programs." in page.content.decode()

    manager.post(reverse("connect_inbox:assign", args=[submission.pk]), {"owner": form_manager.pk})
    handling = ConnectHandling.objects.get(submission=submission)
    assert (handling.status, handling.owner) == (MessageStatus.IN_PROGRESS, form_manager)

    note = "Called back 50% {sure} <b>done</b>"
    manager.post(reverse("connect_inbox:note", args=[submission.pk]), {"text": note})
    html = manager.get(url).content.decode()
    assert "Called back 50% {sure} &lt;b&gt;done&lt;/b&gt;" in html

    response = manager.post(reverse("connect_inbox:close", args=[submission.pk]))
    assert response.status_code == 302
    assert ConnectHandling.objects.get(submission=submission).status == MessageStatus.CLOSED
    closed = manager.get(url)
    assert closed.status_code == 404
    assert "This message is closed" in closed.content.decode()
    assert f"#{submission.pk}" not in manager.get(INBOX, {"status": "open"}).content.decode()
    assert f"#{submission.pk}" in manager.get(INBOX, {"status": "closed"}).content.decode()
    assert manager.post(reverse("connect_inbox:note", args=[submission.pk]), {"text": "late"}).status_code == 404

    manager.post(reverse("connect_inbox:reopen", args=[submission.pk]))
    assert ConnectHandling.objects.get(submission=submission).status == MessageStatus.IN_PROGRESS
    assert manager.get(url).status_code == 200

    entries = ModelLogEntry.objects.filter(action__startswith="wpa.connect.").order_by("pk")
    assert [entry.action for entry in entries] == [
        audit.VIEW_MESSAGE,
        audit.ASSIGN_MESSAGE,
        audit.NOTE_MESSAGE,
        audit.VIEW_MESSAGE,
        audit.CLOSE_MESSAGE,
        audit.REOPEN_MESSAGE,
        audit.VIEW_MESSAGE,
    ]
    assert {entry.user for entry in entries} == {form_manager}
    # The log outlives the message: it names it by number, never by what it says.
    assert {entry.label for entry in entries} == {f"Connect message #{submission.pk}"}
    history = manager.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Closed the message" in history


def test_assigning_to_someone_who_may_not_handle_messages_is_refused(connect, client, manager, editor):
    submission = sent(client, connect)
    manager.post(reverse("connect_inbox:assign", args=[submission.pk]), {"owner": editor.pk})
    assert ConnectHandling.objects.get(submission=submission).owner is None


def test_an_empty_note_is_refused(connect, client, manager):
    submission = sent(client, connect)
    manager.post(reverse("connect_inbox:note", args=[submission.pk]), {"text": "   "})
    assert not ConnectNote.objects.exists()


def test_a_deleted_messages_link_answers_not_found_in_words(connect, client, manager):
    submission = sent(client, connect)
    url, number = message_url(submission), submission.pk
    submission.delete()
    response = manager.get(url)
    assert response.status_code == 404
    assert "Message not found" in response.content.decode()
    assert manager.post(reverse("connect_inbox:close", args=[number])).status_code == 404


def test_a_deactivated_owners_messages_are_open_unassigned_and_flagged(connect, client, manager):
    leaver = make_staff("leaver", "Form managers")
    submission = sent(client, connect)
    manager.post(reverse("connect_inbox:assign", args=[submission.pk]), {"owner": leaver.pk})
    leaver.is_active = False
    leaver.save()

    html = manager.get(INBOX, {"status": "open", "owner": "unassigned"}).content.decode()
    assert f"#{submission.pk}" in html
    assert "Nobody (Leaver has left)" in html
    assert "whose account has been deactivated" in manager.get(message_url(submission)).content.decode()
    dashboard = manager.get("/admin/").content.decode()
    assert "belonged to someone whose account was deactivated" in dashboard


# Filters


def test_the_inbox_filters_by_status_owner_answer_language_and_age(connect, client, manager, form_manager, spanish):
    press = sent(client, connect)
    family = sent(client, connect, **{TOPIC_FIELD: "I’m a family member or friend"})
    translate(connect, spanish, CONNECT_IN_SPANISH)
    spanish_page = connect.get_translation(spanish)
    spanish_label = spanish_page.routes[3].value["label"]
    in_spanish = sent(client, spanish_page, **{TOPIC_FIELD: spanish_label})
    backdate(family, days=5)
    manager.post(reverse("connect_inbox:assign", args=[family.pk]), {"owner": form_manager.pk})

    def listed(**filters):
        html = manager.get(INBOX, filters).content.decode()
        return {message.pk for message in (press, family, in_spanish) if f'href="{message_url(message)}"' in html}

    assert listed() == {press.pk, family.pk, in_spanish.pk}
    assert listed(status="new") == {press.pk, in_spanish.pk}
    assert listed(status="in_progress") == {family.pk}
    assert listed(owner="me") == {family.pk}
    assert listed(owner="unassigned") == {press.pk, in_spanish.pk}
    press_id = connect.routes[3].id
    assert listed(topic=press_id) == {press.pk, in_spanish.pk}
    assert listed(language="es") == {in_spanish.pk}
    assert listed(language="en") == {press.pk, family.pk}
    assert listed(age="today") == {press.pk, in_spanish.pk}
    assert listed(age="older") == {family.pk}


def test_the_inbox_makes_the_same_number_of_queries_for_3_or_30_messages(
    connect, client, manager, django_assert_max_num_queries
):
    first = sent(client, connect)
    for _ in range(2):
        FormSubmission.objects.create(page=connect, form_data=first.form_data)
    manager.get(INBOX)
    with django_assert_max_num_queries(16) as few:
        assert manager.get(INBOX).status_code == 200
    for _ in range(27):
        FormSubmission.objects.create(page=connect, form_data=first.form_data)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert manager.get(INBOX).status_code == 200
    with django_assert_max_num_queries(24):
        assert manager.get(message_url(first)).status_code == 200


# The dashboard


def test_the_dashboard_shows_open_messages_by_age_and_those_new_for_over_a_working_day(connect, client, manager):
    today = sent(client, connect)
    two_days = sent(client, connect)
    old = sent(client, connect)
    closed = sent(client, connect)
    backdate(two_days, days=2)
    backdate(old, days=10)
    ConnectHandling.objects.filter(submission=closed).update(status=MessageStatus.CLOSED)

    html = manager.get("/admin/").content.decode()
    assert "3 messages are waiting for an answer." in html
    assert "<td>1</td>" in html
    assert "still New after a working day" in html
    del today


def test_a_working_day_leaves_out_the_weekend():
    new_york = ZoneInfo("America/New_York")
    monday_noon = datetime.datetime(2026, 11, 30, 12, tzinfo=new_york)
    saturday_noon = datetime.datetime(2026, 11, 28, 12, tzinfo=new_york)
    # On Monday at noon, a message from Friday morning has waited a working day; one from Saturday has not.
    cutoff = working_day_cutoff(monday_noon)
    assert datetime.datetime(2026, 11, 27, 9, tzinfo=new_york) < cutoff
    assert not datetime.datetime(2026, 11, 28, 9, tzinfo=new_york) < cutoff
    # On Saturday, a message from Friday afternoon has not.
    assert not datetime.datetime(2026, 11, 27, 15, tzinfo=new_york) < working_day_cutoff(saturday_noon)


def test_the_dashboard_makes_a_fixed_number_of_queries(connect, client, manager, django_assert_max_num_queries):
    first = sent(client, connect)
    manager.get("/admin/")
    with django_assert_max_num_queries(40) as few:
        manager.get("/admin/")
    for _ in range(20):
        FormSubmission.objects.create(page=connect, form_data=first.form_data)
    with django_assert_max_num_queries(len(few.captured_queries)):
        manager.get("/admin/")


# The email


def test_the_email_names_the_message_by_number_replies_to_the_visitor_and_links_to_it(connect, client, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://cms.example.org"
    connect.to_address = "office@example.org"
    connect.save()
    submission = sent(client, connect, your_name="Ana Secret")
    email = mail.outbox[-1]
    assert email.subject == f"Connect message #{submission.pk}"
    assert email.reply_to == ["reporter@example.org"]
    assert f"https://cms.example.org/admin/connect-inbox/{submission.pk}/" in email.body
    assert "Language: English" in email.body


def test_no_reply_to_when_the_visitor_gave_no_email_address(connect, client):
    connect.to_address = "office@example.org"
    connect.save()
    sent(client, connect, how_should_we_reach_you="+1 212 555 0100")
    assert mail.outbox[-1].reply_to == []


def test_a_spanish_message_is_emailed_in_english_with_its_language_stated(connect, client, spanish):
    connect.to_address = "office@example.org"
    connect.save()
    translate(connect, spanish, CONNECT_IN_SPANISH)
    spanish_page = connect.get_translation(spanish)
    submission = sent(client, spanish_page, **{TOPIC_FIELD: spanish_page.routes[0].value["label"]})
    email = mail.outbox[-1]
    assert email.subject == f"{connect.title} message #{submission.pk}"
    assert "Language: Español" in email.body
    assert "Open it in the admin" in email.body


# Retention


def test_the_purge_deletes_messages_with_their_notes_handling_and_emails(connect, client, manager):
    connect.to_address = "office@example.org"
    connect.save()
    old = sent(client, connect)
    kept = sent(client, connect)
    for submission in (old, kept):
        manager.post(reverse("connect_inbox:note", args=[submission.pk]), {"text": "Called back."})
    backdate(old, days=900)

    call_command("purge_expired_submissions", stdout=io.StringIO())

    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [kept.pk]
    assert list(ConnectNote.objects.values_list("submission_id", flat=True)) == [kept.pk]
    assert list(ConnectHandling.objects.values_list("submission_id", flat=True)) == [kept.pk]
    assert list(OutgoingEmail.objects.values_list("about_id", flat=True)) == [kept.pk]
    assert manager.get(message_url(old)).status_code == 404
