"""The first-day guide inside the admin: where each part of the home page is
edited, how to translate a page, what to do with a Connect message and whom
to ask. Reached from the sidebar and from a dashboard panel."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.forms.utils import get_forms_for_user

from home.models import HomePage, OrganizationSettings


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("First-day guide")
    header_icon = "help"
    template_name = "home/admin/guide.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        home = HomePage.objects.filter(locale__language_code="en").first() or HomePage.objects.first()
        user = self.request.user
        context.update(
            home_edit_url=AdminURLFinder(user).get_edit_url(home) if home else None,
            reads_messages=get_forms_for_user(user).exists(),
            help_contact=OrganizationSettings.for_request(self.request).admin_help_contact,
        )
        return context


class GuideMenuItem(MenuItem):
    def __init__(self):
        super().__init__(_("First-day guide"), reverse("admin_guide"), icon_name="help", order=50)


class GuidePanel(Component):
    """The dashboard's way to the guide."""

    name = "admin_guide"
    template_name = "home/admin/guide_panel.html"
    order = 30

    def get_context_data(self, parent_context):
        return {"guide_url": reverse("admin_guide")}
