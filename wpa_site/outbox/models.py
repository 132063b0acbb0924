from datetime import timedelta

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingEmailQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def undelivered_for(self, minutes):
        return self.unsent().filter(created_at__lt=timezone.now() - timedelta(minutes=minutes))

    def about(self, instance):
        return self.filter(about_type=ContentType.objects.get_for_model(instance), about_id=instance.pk)


class OutgoingEmail(models.Model):
    """One email, kept until the mail server has taken it, with what happened
    on each try."""

    subject = models.CharField(max_length=255)
    body = models.TextField()
    from_email = models.CharField(max_length=255, blank=True)
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list, blank=True)
    about_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["about_type", "about_id"])]
        verbose_name = _("outgoing email")

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def status(self):
        if self.sent_at:
            return "sent"
        return "failing" if self.attempts else "waiting"


class WorkerHeartbeat(models.Model):
    """When a worker last ran a job of its queue: the dashboard tells staff
    when that is too long ago (the sweep queues a heartbeat job every run)."""

    queue = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")

    def __str__(self):
        return f"{self.queue}: {self.last_run_at}"

    @classmethod
    def beat(cls, queue="email"):
        cls.objects.update_or_create(queue=queue, defaults={"last_run_at": timezone.now()})

    @classmethod
    def last_run(cls, queue="email"):
        return cls.objects.filter(queue=queue).values_list("last_run_at", flat=True).first()
