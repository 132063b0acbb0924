"""What people sent through the site is sensitive: every export and deletion
of Connect messages or newsletter sign-ups goes into Wagtail's audit log
(Reports → Site history, and the form page's own history): who, when, which
form, how many rows. So does who opened, assigned, noted, closed or reopened
each Connect message in the inbox: the entry names the message by its
number only, since it outlives the message."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.views import DeleteSubmissionsView
from wagtail.log_actions import log
from wagtail.models import Site

EXPORT = "wpa.export"
DELETE_SUBMISSIONS = "wpa.delete_submissions"
VIEW_MESSAGE = "wpa.connect.view"
ASSIGN_MESSAGE = "wpa.connect.assign"
NOTE_MESSAGE = "wpa.connect.note"
CLOSE_MESSAGE = "wpa.connect.close"
REOPEN_MESSAGE = "wpa.connect.reopen"
ACTIONS = [
    (EXPORT, _("Export sensitive data"), _("Exported")),
    (DELETE_SUBMISSIONS, _("Delete form submissions"), _("Deleted form submissions")),
    (VIEW_MESSAGE, _("Open a Connect message"), _("Opened the message")),
    (ASSIGN_MESSAGE, _("Assign a Connect message"), _("Assigned the message")),
    (NOTE_MESSAGE, _("Add a note to a Connect message"), _("Added an internal note")),
    (CLOSE_MESSAGE, _("Close a Connect message"), _("Closed the message")),
    (REOPEN_MESSAGE, _("Reopen a Connect message"), _("Reopened the message")),
]


def record_export(request, subject, title, rows, spreadsheet_format):
    """`subject`: the form page whose messages were exported; None for the
    newsletter sign-ups, which are logged against the site."""
    instance = subject or Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    log(
        instance,
        EXPORT,
        user=request.user,
        title=title,
        data={"what": title, "rows": rows, "format": spreadsheet_format},
    )


class LoggedDeleteSubmissionsView(DeleteSubmissionsView):
    def handle_delete(self, submissions):
        count = submissions.count()
        log(
            self.page,
            DELETE_SUBMISSIONS,
            user=self.request.user,
            data={"what": str(self.page.title), "rows": count},
        )
        super().handle_delete(submissions)
