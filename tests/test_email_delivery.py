"""Every help request reaches a person: its email is a stored job that a
worker sends, retrying while a real SMTP server (aiosmtpd, in this process)
refuses it, and delivering it exactly once when the server accepts."""

import json
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.forms.models import FormSubmission

from home.models.connect import LANGUAGE_FIELD
from tests.connect_helpers import answers, send
from tests.servers import free_port
from tests.translation_helpers import CONNECT_IN_SPANISH, translate
from wpa_site.outbox.delivery import deliver, retry_delay
from wpa_site.outbox.models import OutgoingEmail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


class SwitchableMailServer:
    """An SMTP handler that refuses every message until told to accept."""

    def __init__(self):
        self.accepting = False
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not self.accepting:
            return "451 4.3.2 Not accepting mail right now"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted"


@pytest.fixture
def mail_server(settings):
    handler = SwitchableMailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", controller.port, 5
    yield handler
    controller.stop()


@pytest.fixture
def email_queue(settings):
    """The production queue: jobs in the database, sent by `db_worker`."""
    settings.TASKS = {
        **settings.TASKS,
        "email": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["email"]},
    }


def run_worker():
    """One pass of the worker, as production runs it: every job that is due, once."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "email", "--backend", "email")


def let_retry_time_pass(email):
    """Move the job's retry time to now, as waiting out the backoff would."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())


# The worker closes its database connection between jobs, as a real worker
# process does: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_a_message_sent_while_the_mail_server_refuses_arrives_once_it_accepts(
    connect, client, admin_client, mail_server, email_queue
):
    connect.to_address = "office@example.org"
    connect.save()

    response = send(client, connect, your_message="Please call me back.")
    assert response.status_code == 303
    assert client.get(response["Location"]).status_code == 200
    submission = FormSubmission.objects.get()
    email = OutgoingEmail.objects.about(submission).get()
    assert email.status == "waiting"
    assert DBTaskResult.objects.filter(status="READY").count() == 1, "queued with the message"

    run_worker()
    email.refresh_from_db()
    assert email.status == "failing" and email.attempts == 1
    assert "451" in email.last_error
    assert email.next_attempt_at > timezone.now(), "the retry waits"
    assert mail_server.received == []
    response = admin_client.get(f"/admin/forms/submissions/{connect.pk}/")
    assert response.status_code == 200
    listing = response.content.decode()
    assert "Not sent yet: 1 try, last error:" in listing

    run_worker()  # the retry is not due yet
    email.refresh_from_db()
    assert email.attempts == 1

    mail_server.accepting = True
    let_retry_time_pass(email)
    run_worker()
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 2
    assert len(mail_server.received) == 1
    assert "Please call me back." in mail_server.received[0]
    listing = admin_client.get(f"/admin/forms/submissions/{connect.pk}/").content.decode()
    assert "Sent " in listing

    # Another pass and the safety sweep send nothing more.
    let_retry_time_pass(email)
    call_command("requeue_stranded_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_worker()
    assert len(mail_server.received) == 1


def test_a_message_and_its_email_are_stored_together_or_not_at_all(connect, client, email_queue, monkeypatch):
    connect.to_address = "office@example.org"
    connect.save()

    def fail(*args, **kwargs):
        raise RuntimeError("the queue broke")

    monkeypatch.setattr("wpa_site.outbox.delivery.schedule", fail)
    with pytest.raises(RuntimeError):
        send(client, connect)
    assert FormSubmission.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_retries_back_off_and_go_on_for_at_least_a_day(settings):
    delays = [retry_delay(attempt) for attempt in range(1, 30)]
    assert delays[0] == timedelta(seconds=settings.OUTBOX_RETRY_FIRST_SECONDS)
    assert delays == sorted(delays)
    assert max(delays) == timedelta(seconds=settings.OUTBOX_RETRY_MAX_SECONDS)
    assert settings.OUTBOX_RETRY_HOURS >= 24


@pytest.mark.django_db(transaction=True)
def test_a_stranded_email_is_queued_again_by_the_sweep(connect, client, email_queue, mail_server):
    connect.to_address = "office@example.org"
    connect.save()
    send(client, connect)
    DBTaskResult.objects.all().delete()  # the job was lost
    email = OutgoingEmail.objects.get()
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    mail_server.accepting = True

    call_command("requeue_stranded_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_worker()

    email.refresh_from_db()
    assert email.status == "sent"
    assert len(mail_server.received) == 1


def test_staff_are_warned_and_health_says_so_when_a_message_waits_too_long(
    connect, client, admin_client, email_queue, mail_server
):
    connect.to_address = "office@example.org"
    connect.save()
    send(client, connect)
    health = json.loads(client.get("/healthz").content)
    assert health["status"] == "ok" and health["email"]["unsent"] == 1
    assert "not yet delivered" not in admin_client.get("/admin/").content.decode()

    OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(minutes=20))
    response = client.get("/healthz")
    health = json.loads(response.content)
    assert response.status_code == 200, "a mail outage degrades the site, it does not take it down"
    assert health["status"] == "degraded"
    assert health["email"]["status"] == "delayed" and health["email"]["oldest_unsent_seconds"] >= 20 * 60
    dashboard = admin_client.get("/admin/").content.decode()
    assert "Messages not yet delivered by email" in dashboard
    assert "One message sent through the site has waited more than 15 minutes" in dashboard


def test_editors_who_cannot_read_messages_see_no_warning(seeded, client, django_user_model):
    from django.contrib.auth.models import Group

    OutgoingEmail.objects.create(subject="s", body="b", to=["office@example.org"])
    OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(hours=1))
    editor = django_user_model.objects.create_user("editor", password="a-long-test-password-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert "Messages not yet delivered by email" not in client.get("/admin/").content.decode()
    manager = django_user_model.objects.create_user("manager", password="a-long-test-password-1")
    manager.groups.add(Group.objects.get(name="Form managers"))
    client.force_login(manager)
    assert "Messages not yet delivered by email" in client.get("/admin/").content.decode()


def test_the_export_lists_each_messages_delivery(connect, client, admin_client, settings):
    settings.EMAIL_BACKEND = "tests.connect_helpers.FailingEmailBackend"
    connect.to_address = "office@example.org"
    connect.save()
    send(client, connect)
    response = admin_client.get(f"/admin/forms/submissions/{connect.pk}/?export=csv")
    export = b"".join(response.streaming_content).decode()
    header, row = export.splitlines()[:2]
    assert "Email delivery" in header
    assert "Not sent yet: 1 try, last error: ConnectionRefusedError" in row


def test_a_spanish_message_is_kept_with_its_language_while_the_mail_server_refuses(
    connect, spanish, client, admin_client, mail_server, django_capture_on_commit_callbacks
):
    connect.to_address = "office@example.org"
    connect.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        spanish_page = translate(connect, spanish, CONNECT_IN_SPANISH)

    response = client.post(spanish_page.url, answers(how_can_we_help="Prensa", your_message="Llámenme, por favor."))
    assert response.status_code == 303
    submission = FormSubmission.objects.get()
    assert submission.form_data[LANGUAGE_FIELD] == "es"
    email = OutgoingEmail.objects.about(submission).get()
    assert email.status == "failing" and "451" in email.last_error
    assert mail_server.received == []
    listing = admin_client.get(f"/admin/forms/submissions/{connect.pk}/").content.decode()
    assert "Llámenme, por favor." in listing and "Español" in listing

    mail_server.accepting = True
    deliver(email.pk)
    assert len(mail_server.received) == 1
    body = message_from_bytes(mail_server.received[0].encode(), policy=policy.default).get_content()
    assert "Language: Español" in body and "Llámenme, por favor." in body


@pytest.mark.django_db(transaction=True)
def test_the_delivered_email_replies_to_the_visitor_and_the_worker_records_each_run(
    connect, client, mail_server, email_queue, settings
):
    from wpa_site.outbox.models import WorkerHeartbeat

    settings.WAGTAILADMIN_BASE_URL = "https://cms.example.org"
    connect.to_address = "office@example.org"
    connect.save()
    mail_server.accepting = True
    send(client, connect, your_name="Ana Secret", your_message="Please call me back.")
    submission = FormSubmission.objects.get()
    assert WorkerHeartbeat.last_run() is None

    run_worker()
    received = message_from_bytes(mail_server.received[0].encode(), policy=policy.default)
    assert received["Reply-To"] == "reporter@example.org"
    assert received["Subject"] == f"Connect message #{submission.pk}"
    assert f"https://cms.example.org/admin/connect-inbox/{submission.pk}/" in received.get_content()
    first_run = WorkerHeartbeat.last_run()
    assert first_run is not None

    # With nothing to send, the sweep's heartbeat job still shows the worker is running.
    call_command("requeue_stranded_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_worker()
    assert WorkerHeartbeat.last_run() > first_run
    assert len(mail_server.received) == 1
