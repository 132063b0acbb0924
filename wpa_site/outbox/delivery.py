"""Queueing an email and trying to send it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend

from wpa_site.outbox.models import OutgoingEmail, WorkerHeartbeat

logger = logging.getLogger(__name__)


def queue_email(*, subject, body, to, from_email="", reply_to=(), about=None):
    """Store an email and queue its delivery. Call it inside the transaction
    that stores what the email is about: with the database queue the job is
    written in that same transaction, so both are kept or neither is."""
    email = OutgoingEmail.objects.create(
        subject=subject, body=body, to=list(to), from_email=from_email or "", reply_to=list(reply_to), about=about
    )
    schedule(email, timezone.now())
    return email


def schedule(email, when):
    email.next_attempt_at = when
    email.save(update_fields=["next_attempt_at"])
    if isinstance(send_queued_email.get_backend(), DatabaseBackend):
        send_queued_email.using(run_after=when).enqueue(email.pk)
    else:
        # Development and most tests: the job runs here and now, with no
        # worker. It cannot wait, so a failure waits for the sweep
        # (requeue_stranded_emails) instead of a retry.
        send_queued_email.enqueue(email.pk)


def retry_delay(attempts):
    """Doubling from OUTBOX_RETRY_FIRST_SECONDS up to OUTBOX_RETRY_MAX_SECONDS."""
    first, longest = settings.OUTBOX_RETRY_FIRST_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS
    return timedelta(seconds=min(first * 2 ** max(attempts - 1, 0), longest))


def gives_up_at(email):
    return email.created_at + timedelta(hours=settings.OUTBOX_RETRY_HOURS)


@task(backend="email", queue_name="email")
def send_queued_email(email_id):
    record_worker_run()
    deliver(email_id)


@task(backend="email", queue_name="email")
def worker_heartbeat():
    """Queued by every sweep, so that an idle worker still shows it is running."""
    record_worker_run()


def record_worker_run():
    if isinstance(send_queued_email.get_backend(), DatabaseBackend):
        WorkerHeartbeat.beat("email")


def queue_heartbeat():
    if isinstance(worker_heartbeat.get_backend(), DatabaseBackend):
        worker_heartbeat.enqueue()


def deliver(email_id):
    """Try once. The row stays locked while the mail server is asked, so two
    workers never send the same email; a sent email is never sent again."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        if email is None or email.sent_at:
            return
        now = timezone.now()
        email.attempts += 1
        email.last_attempt_at = now
        message = EmailMessage(
            email.subject, email.body, email.from_email or None, email.to, reply_to=email.reply_to or None
        )
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            retry_at = now + retry_delay(email.attempts)
            email.next_attempt_at = retry_at if retry_at <= gives_up_at(email) else None
            email.save()
            logger.warning("Email %s not sent (attempt %s): %s", email.pk, email.attempts, email.last_error)
            if email.next_attempt_at and isinstance(send_queued_email.get_backend(), DatabaseBackend):
                send_queued_email.using(run_after=retry_at).enqueue(email.pk)
            return
        email.sent_at = now
        email.next_attempt_at = None
        email.last_error = ""
        # What the visitor wrote stays with what the email is about (and is
        # deleted with it), not in a second copy here.
        email.body = ""
        email.save()
