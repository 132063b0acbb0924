"""The Connect notification email's subject, Reply-To and closing lines.
The subject names the message by its number, never by what it says: it shows
in inboxes, previews and mail server logs. Staff read it in the site's
default language."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext


def email_subject(inbox_page, submission):
    """`inbox_page`: the Connect page in the default language, whose subject
    (else title) starts it."""
    if submission is None:
        return inbox_page.subject or inbox_page.title
    with translation.override(settings.LANGUAGE_CODE):
        if inbox_page.subject:
            return gettext("%(subject)s #%(number)s") % {"subject": inbox_page.subject, "number": submission.pk}
        return gettext("%(form)s message #%(number)s") % {"form": inbox_page.title, "number": submission.pk}


def visitor_address(form):
    """The visitor's email address, to reply to: an email-type answer, else
    any one-line answer that is an email address and nothing else."""
    fields = sorted(form.visitor_fields, key=lambda field: getattr(field.field.widget, "input_type", "") != "email")
    for field in fields:
        value = form.cleaned_data.get(field.name)
        if not isinstance(value, str) or not value.strip():
            continue
        try:
            validate_email(value.strip())
        except ValidationError:
            continue
        return [value.strip()]
    return []


def message_link_lines(submission):
    """The email's last lines: the message's reference and its address in
    the admin (from WAGTAILADMIN_BASE_URL); nothing without a message."""
    if submission is None:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        lines = ["", "", gettext("Reference: Connect message #%(number)s") % {"number": submission.pk}]
        try:
            path = reverse("connect_inbox:message", args=[submission.pk])
        except NoReverseMatch:
            return "\n".join(lines)
        url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
        lines.append(gettext("Open it in the admin, to assign it and answer it: %(url)s") % {"url": url})
    return "\n".join(lines)
