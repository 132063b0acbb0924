"""The safety net behind the retry schedule: run it every few minutes (see
docs/operating.md). It queues again every unsent email whose next try is long
overdue, as happens when a job was lost or a worker was down for a while;
a job queued twice is harmless, as a sent email is never sent again. It also
queues a heartbeat job, which the worker records as its last run."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from wpa_site.outbox.delivery import gives_up_at, queue_heartbeat, schedule
from wpa_site.outbox.models import OutgoingEmail


class Command(BaseCommand):
    help = "Queue again every unsent email whose next delivery attempt is overdue."

    def handle(self, *args, **options):
        now = timezone.now()
        overdue = now - timedelta(minutes=settings.OUTBOX_STRANDED_MINUTES)
        stranded = OutgoingEmail.objects.unsent().filter(
            Q(next_attempt_at__lt=overdue) | Q(next_attempt_at__isnull=True, attempts=0, created_at__lt=overdue)
        )
        count = 0
        for email in stranded:
            if now <= gives_up_at(email):
                schedule(email, now)
                count += 1
        # The worker records when it last ran (the dashboard shows it), even with no email to send.
        queue_heartbeat()
        self.stdout.write(f"Queued {count} stranded email(s) again.")
