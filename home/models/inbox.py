"""Who handles each Connect message: its status (New, In progress, Closed),
its owner, and the team's internal notes. Wagtail's FormSubmission cannot
take fields, so each message has one handling row, made with it; a message
without one (sent before the inbox existed) counts as New."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Who may read messages may handle them: administrators and the Form managers.
HANDLE_PERMISSION = "wagtailforms.view_formsubmission"


class MessageStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class ConnectHandling(models.Model):
    submission = models.OneToOneField(
        "wagtailforms.FormSubmission",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="handling",
        verbose_name=_("message"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.NEW, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("Connect message handling")
        verbose_name_plural = _("Connect message handling")

    def __str__(self):
        return str(_("Connect message #%(number)s") % {"number": self.submission_id})


class ConnectNote(models.Model):
    """An internal note on a message: read by staff only, deleted with the message."""

    submission = models.ForeignKey(
        "wagtailforms.FormSubmission", on_delete=models.CASCADE, related_name="notes", verbose_name=_("message")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return str(_("Note on Connect message #%(number)s") % {"number": self.submission_id})


def handlers():
    """The staff who may be given a message: active administrators and
    active users allowed to read messages (the Form managers), by name."""
    app_label, codename = HANDLE_PERMISSION.split(".")
    allowed = (
        Q(is_superuser=True)
        | Q(groups__permissions__content_type__app_label=app_label, groups__permissions__codename=codename)
        | Q(user_permissions__content_type__app_label=app_label, user_permissions__codename=codename)
    )
    users = get_user_model().objects.filter(is_active=True).filter(allowed).distinct()
    return users.order_by("first_name", "last_name", "username")


def can_handle(user):
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(HANDLE_PERMISSION)))


def open_q(prefix=""):
    """Messages not closed; one without a handling row is New."""
    return Q(**{f"{prefix}handling__isnull": True}) | ~Q(**{f"{prefix}handling__status": MessageStatus.CLOSED})


def new_q(prefix=""):
    return Q(**{f"{prefix}handling__isnull": True}) | Q(**{f"{prefix}handling__status": MessageStatus.NEW})


def unassigned_q(prefix=""):
    """No owner, or an owner who has left (deactivated): either way nobody has it."""
    return (
        Q(**{f"{prefix}handling__isnull": True})
        | Q(**{f"{prefix}handling__owner__isnull": True})
        | Q(**{f"{prefix}handling__owner__is_active": False})
    )


def status_of(submission):
    handling = getattr(submission, "handling", None)
    return handling.status if handling else MessageStatus.NEW


def owner_of(submission):
    """The message's owner, or None when it has none or its owner was deactivated."""
    handling = getattr(submission, "handling", None)
    owner = handling.owner if handling else None
    return owner if owner is not None and owner.is_active else None


def left_owner_of(submission):
    """The deactivated user who still holds an open message, if any."""
    handling = getattr(submission, "handling", None)
    owner = handling.owner if handling else None
    return owner if owner is not None and not owner.is_active else None


def working_day_cutoff(now=None):
    """Messages sent before this moment have waited more than one working
    day (weekends do not count): the same time on the last working day
    before now, in the site's time zone."""
    moment = timezone.localtime(now or timezone.now()) - datetime.timedelta(days=1)
    while moment.weekday() >= 5:
        moment -= datetime.timedelta(days=1)
    return moment


def start_of_today(now=None):
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
