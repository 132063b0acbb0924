"""The Connect inbox in the admin: every message in one list, each with a
status and an owner, opened, assigned, noted and closed by the Form
managers. Every step goes into Wagtail's audit log."""

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.contrib.forms.models import FormSubmission
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from home import audit
from home.inbox.filters import InboxFilterSet, age_q, display_name
from home.models import ConnectHandling, ConnectNote, ConnectPage, ConnectSubmission, MessageStatus
from home.models.connect import LANGUAGE_FIELD
from home.models.inbox import (
    can_handle,
    handlers,
    left_owner_of,
    open_q,
    owner_of,
    status_of,
    unassigned_q,
    working_day_cutoff,
)
from home.public_forms import TOPIC_FIELD

NOTE_MAX_LENGTH = 5000


def inbox_messages():
    """Every message sent through a Connect page, with its handling and owner, in one query."""
    return ConnectSubmission.objects.filter(page_id__in=ConnectPage.objects.values("pk")).select_related(
        "handling__owner"
    )


def message_url(submission_id):
    return reverse("connect_inbox:message", args=[quote(submission_id)])


def reference(submission_id):
    return _("Connect message #%(number)s") % {"number": submission_id}


class FormManagersOnly:
    """Administrators and the Form managers; everyone else gets 403 (not
    Wagtail's redirect to the dashboard, which would say nothing of why)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_handle(request.user):
            context = {"page_title": _("Connect inbox")}
            return TemplateResponse(request, "home/admin/inbox/forbidden.html", context, status=403)
        return super().dispatch(request, *args, **kwargs)


def status_label(submission, cutoff):
    status = status_of(submission)
    if status == MessageStatus.NEW and submission.submit_time < cutoff:
        return _("New, waiting over a working day")
    return MessageStatus(status).label


def owner_label(submission):
    owner = owner_of(submission)
    if owner:
        return display_name(owner)
    left = left_owner_of(submission)
    if left and status_of(submission) != MessageStatus.CLOSED:
        return _("Nobody (%(name)s has left)") % {"name": display_name(left)}
    return _("Nobody")


class MessagePaginator(WagtailPaginator):
    """ "1 message", "12 messages" under the list, in the admin's language."""

    @cached_property
    def items_count_label(self):
        return ngettext("%(count)s message", "%(count)s messages", self.count) % {"count": self.count}


class InboxView(FormManagersOnly, BaseListingView):
    page_title = gettext_lazy("Connect inbox")
    header_icon = "mail"
    paginate_by = 50
    filterset_class = InboxFilterSet
    index_url_name = "connect_inbox:index"
    index_results_url_name = "connect_inbox:index_results"
    default_ordering = "-submit_time"
    verbose_name_plural = gettext_lazy("messages")
    paginator_class = MessagePaginator

    @cached_property
    def cutoff(self):
        return working_day_cutoff()

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "reference",
                label=_("Message"),
                accessor=lambda submission: f"#{submission.pk}",
                get_url=lambda submission: message_url(submission.pk),
            ),
            DateColumn("submit_time", label=_("Received"), sort_key="submit_time"),
            Column(
                "topic", label=_("Answer"), accessor=lambda submission: submission.form_data.get(TOPIC_FIELD) or "—"
            ),
            Column("language", label=_("Language"), accessor=lambda submission: submission.language),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor=lambda submission: status_label(submission, self.cutoff),
                primary=lambda submission: status_of(submission) != MessageStatus.CLOSED,
            ),
            Column("owner", label=_("Owner"), accessor=owner_label),
        ]

    def get_base_queryset(self):
        return inbox_messages()


class MessageMixin(FormManagersOnly):
    """The message of the address, or a clear "not found" page: it may have
    been deleted, by staff or by the retention purge."""

    def get_submission(self, submission_id):
        submission = inbox_messages().filter(pk=submission_id).first()
        if submission is None:
            raise MessageNotFound(submission_id)
        return submission

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except MessageNotFound as missing:
            return not_found(request, missing.submission_id)

    def handling(self, submission):
        handling = getattr(submission, "handling", None)
        if handling is None:
            handling = ConnectHandling.objects.create(submission=submission)
        return handling

    def record(self, submission, action, **data):
        # Logged as a form submission, which Form managers may see in Reports → Site history.
        instance = FormSubmission(pk=submission.pk, page_id=submission.page_id, form_data=submission.form_data)
        log(instance=instance, action=action, user=self.request.user, title=reference(submission.pk), data=data)


class MessageNotFound(Exception):
    def __init__(self, submission_id):
        self.submission_id = submission_id


def not_found(request, submission_id, submission=None):
    """404, in words: the message is gone, or closed (with the button to reopen it)."""
    context = {
        "submission_id": submission_id,
        "submission": submission,
        "closed_at": getattr(getattr(submission, "handling", None), "closed_at", None),
        "inbox_url": reverse("connect_inbox:index") + "?status=open",
        "page_title": reference(submission_id),
    }
    return TemplateResponse(request, "home/admin/inbox/not_found.html", context, status=404)


class MessageView(MessageMixin, View):
    def get(self, request, submission_id):
        submission = self.get_submission(submission_id)
        if status_of(submission) == MessageStatus.CLOSED:
            return not_found(request, submission_id, submission)
        self.record(submission, audit.VIEW_MESSAGE)
        page = ConnectPage.objects.get(pk=submission.page_id)
        data = submission.get_data()
        # When and in which language it was sent are shown above, as dates and words.
        shown_above = {"submit_time", LANGUAGE_FIELD}
        fields = [(name, label) for name, label in page.get_data_fields() if name in data and name not in shown_above]
        answers = [(label, data.get(name)) for name, label in fields]
        owner = owner_of(submission)
        history = ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(FormSubmission), object_id=str(submission.pk)
        )
        history = history.select_related("user").order_by("-timestamp", "-pk")[:20]
        context = {
            "submission": submission,
            "page_title": reference(submission.pk),
            "answers": [(label, ", ".join(value) if isinstance(value, list) else value) for label, value in answers],
            "status": MessageStatus(status_of(submission)),
            "waiting": status_of(submission) == MessageStatus.NEW and submission.submit_time < working_day_cutoff(),
            "owner": owner,
            "left_owner": left_owner_of(submission),
            "handlers": [(user.pk, display_name(user)) for user in handlers()],
            "notes": ConnectNote.objects.filter(submission=submission).select_related("author"),
            "note_max_length": NOTE_MAX_LENGTH,
            "history": history,
            "inbox_url": reverse("connect_inbox:index") + "?status=open",
        }
        return TemplateResponse(request, "home/admin/inbox/message.html", context)


class MessageActionView(MessageMixin, View):
    """A button on the message: POST only, then back to the message."""

    http_method_names = ["post"]

    def post(self, request, submission_id):
        submission = self.get_submission(submission_id)
        with transaction.atomic():
            response = self.act(submission, self.handling(submission))
        return response or redirect(message_url(submission.pk))


class AssignView(MessageActionView):
    def act(self, submission, handling):
        if handling.status == MessageStatus.CLOSED:
            return not_found(self.request, submission.pk, submission)
        chosen = self.request.POST.get("owner", "")
        owner = handlers().filter(pk=chosen).first() if chosen.isdigit() else None
        if chosen and owner is None:
            messages.error(self.request, _("That person cannot be given messages. Choose someone from the list."))
            return None
        handling.owner = owner
        if owner and handling.status == MessageStatus.NEW:
            handling.status = MessageStatus.IN_PROGRESS
        handling.save()
        self.record(submission, audit.ASSIGN_MESSAGE, owner=owner.get_username() if owner else "")
        if owner:
            messages.success(
                self.request,
                _("%(reference)s is now %(name)s’s.")
                % {"reference": reference(submission.pk), "name": display_name(owner)},
            )
        else:
            messages.success(
                self.request, _("%(reference)s has no owner now.") % {"reference": reference(submission.pk)}
            )
        return None


class NoteView(MessageActionView):
    def act(self, submission, handling):
        if handling.status == MessageStatus.CLOSED:
            return not_found(self.request, submission.pk, submission)
        text = self.request.POST.get("text", "").strip()
        if not text:
            messages.error(self.request, _("The note is empty: write something first."))
            return None
        if len(text) > NOTE_MAX_LENGTH:
            messages.error(
                self.request,
                _("Please shorten the note to %(limit)d characters or fewer.") % {"limit": NOTE_MAX_LENGTH},
            )
            return None
        ConnectNote.objects.create(submission=submission, author=self.request.user, text=text)
        handling.save()  # the message was worked on
        self.record(submission, audit.NOTE_MESSAGE)
        messages.success(self.request, _("Note added."))
        return None


class CloseView(MessageActionView):
    def act(self, submission, handling):
        if handling.status != MessageStatus.CLOSED:
            handling.status = MessageStatus.CLOSED
            handling.closed_at = timezone.now()
            handling.save()
            self.record(submission, audit.CLOSE_MESSAGE)
        messages.success(self.request, _("%(reference)s is closed.") % {"reference": reference(submission.pk)})
        return redirect(reverse("connect_inbox:index") + "?status=open")


class ReopenView(MessageActionView):
    def act(self, submission, handling):
        if handling.status == MessageStatus.CLOSED:
            handling.status = MessageStatus.IN_PROGRESS if owner_of(submission) else MessageStatus.NEW
            if handling.owner and not handling.owner.is_active:
                handling.owner = None
            handling.closed_at = None
            handling.save()
            self.record(submission, audit.REOPEN_MESSAGE)
            messages.success(self.request, _("%(reference)s is open again.") % {"reference": reference(submission.pk)})
        return None


def open_counts(now=None):
    """The dashboard's figures for the open messages, in one query."""
    left = Q(handling__owner__isnull=False, handling__owner__is_active=False)
    figures = (
        inbox_messages()
        .filter(open_q())
        .aggregate(
            total=Count("pk"),
            today=Count("pk", filter=age_q("today", now)),
            recent=Count("pk", filter=age_q("recent", now)),
            older=Count("pk", filter=age_q("older", now)),
            waiting=Count("pk", filter=age_q("waiting", now)),
            unassigned=Count("pk", filter=unassigned_q()),
            left=Count("pk", filter=left),
        )
    )
    return figures
