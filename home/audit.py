"""What people sent through the site is sensitive: every export and deletion
of Connect messages or newsletter sign-ups goes into Wagtail's audit log
(Reports → Site history, and the form page's own history): who, when, which
form, how many rows."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.views import DeleteSubmissionsView
from wagtail.log_actions import log
from wagtail.models import Site

EXPORT = "wpa.export"
DELETE_SUBMISSIONS = "wpa.delete_submissions"
ACTIONS = [
    (EXPORT, _("Export sensitive data"), _("Exported")),
    (DELETE_SUBMISSIONS, _("Delete form submissions"), _("Deleted form submissions")),
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
