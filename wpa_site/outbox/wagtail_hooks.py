from django.conf import settings
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from wpa_site.outbox.models import OutgoingEmail

SUBMISSIONS_PERMISSION = "wagtailforms.view_formsubmission"


class UndeliveredEmailPanel(Component):
    """Warns the people who answer messages that some have not reached them by email."""

    name = "undelivered_email"
    template_name = "outbox/admin/undelivered_email_panel.html"
    order = 40

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context):
        return {
            "count": self.count,
            "minutes": settings.OUTBOX_WARN_AFTER_MINUTES,
            "forms_url": reverse("wagtailforms:index"),
        }


@hooks.register("construct_homepage_panels")
def warn_about_undelivered_email(request, panels):
    user = request.user
    if not (user.is_superuser or user.has_perm(SUBMISSIONS_PERMISSION)):
        return
    count = OutgoingEmail.objects.undelivered_for(settings.OUTBOX_WARN_AFTER_MINUTES).count()
    if count:
        panels.append(UndeliveredEmailPanel(count))
