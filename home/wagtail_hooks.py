from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem as PageSubmitItem
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.contrib.forms.utils import get_form_types, get_forms_for_user
from wagtail.contrib.forms.views import FormPagesListView
from wagtail.models import Locale, Page, Revision
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.action_menu import SubmitForModerationMenuItem as SnippetSubmitItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.audit import ACTIONS, LoggedDeleteSubmissionsView
from home.guide import GuideMenuItem, GuidePanel, GuideView
from home.inbox import urls as inbox_urls
from home.inbox.panels import open_messages_panel, ready_for_visitors_panel
from home.models import HomePage, SiteWideContent, next_window_change
from home.models.inbox import can_handle


class SiteStatusPanel(Component):
    """The dashboard's answer to "what are visitors seeing, and what changes next?"."""

    name = "site_status"
    template_name = "home/admin/site_status_panel.html"
    order = 50
    upcoming_limit = 5

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        finder = AdminURLFinder(request.user)
        home = HomePage.objects.select_related("promotion").first()
        promotion = home.promotion if home else None
        context = {
            "home_page": home,
            "home_edit_url": finder.get_edit_url(home) if home else None,
            "promotion": promotion,
            "promotion_edit_url": finder.get_edit_url(promotion) if promotion else None,
            "promotion_showing": bool(promotion and promotion.live and promotion.is_showing()),
            "promotion_next_change": next_window_change(promotion) if promotion else None,
            "scheduled": self.scheduled(finder),
        }
        return context

    def scheduled(self, finder):
        """Changes approved to go live later, earliest first, pages and press items alike."""
        revisions = Revision.objects.filter(approved_go_live_at__gt=timezone.now()).order_by("approved_go_live_at")
        entries = []
        for revision in revisions[: self.upcoming_limit]:
            target = revision.content_object
            if target is None:
                continue
            entries.append(
                {
                    "title": revision.object_str or str(target),
                    "kind": target._meta.verbose_name,
                    "go_live_at": revision.approved_go_live_at,
                    "edit_url": finder.get_edit_url(target),
                }
            )
        return entries


@hooks.register("construct_homepage_panels")
def add_site_status_panel(request, panels):
    panels.append(SiteStatusPanel())


@hooks.register("construct_homepage_panels")
def add_connect_panels(request, panels):
    """Administrators see what is not set yet; whoever handles messages sees the open ones."""
    ready = ready_for_visitors_panel(request)
    if ready:
        panels.append(ready)
    if can_handle(request.user):
        panels.append(open_messages_panel())


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return can_handle(request.user)


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(
        _("Connect inbox"),
        reverse("connect_inbox:index") + "?status=open",
        name="connect-inbox",
        icon_name="mail",
        order=150,
    )


@hooks.register("construct_homepage_panels")
def add_guide_panel(request, panels):
    panels.append(GuidePanel())


@hooks.register("register_admin_menu_item")
def register_guide_menu_item():
    return GuideMenuItem()


def plain_submit_label(item_class):
    """Wagtail labels the button "Submit to <workflow name>"; staff know it as
    "Submit for moderation". A resubmission keeps Wagtail's own label."""

    class PlainSubmitItem(item_class):
        def get_context_data(self, parent_context):
            context = super().get_context_data(parent_context)
            if str(context.get("label", "")).startswith("Submit to "):
                context["label"] = item_class.label
            return context

    return PlainSubmitItem


PlainPageSubmitItem = plain_submit_label(PageSubmitItem)
PlainSnippetSubmitItem = plain_submit_label(SnippetSubmitItem)


def relabel_submit(menu_items, item_class, replacement):
    for position, item in enumerate(menu_items):
        if type(item) is item_class:
            menu_items[position] = replacement(order=item.order)


@hooks.register("construct_page_action_menu")
def relabel_page_submit(menu_items, request, context):
    relabel_submit(menu_items, PageSubmitItem, PlainPageSubmitItem)


@hooks.register("construct_snippet_action_menu")
def relabel_snippet_submit(menu_items, request, context):
    relabel_submit(menu_items, SnippetSubmitItem, PlainSnippetSubmitItem)


SUBMISSIONS_PERMISSION = "wagtailforms.view_formsubmission"


@hooks.register("filter_form_submissions_for_user")
def only_form_managers_see_submissions(user, editable_forms):
    """What people send through the site's forms is seen only by
    administrators and the Form managers group, not by everyone who may
    edit the form's page. A translated form is listed once, in the default language."""
    if user.is_superuser:
        forms = editable_forms
    elif user.is_active and user.has_perm(SUBMISSIONS_PERMISSION):
        forms = Page.objects.filter(content_type__in=get_form_types())
    else:
        return editable_forms.none()
    # A translation keeps its messages with its page in the default language
    # (ConnectPage.inbox_page): one list per form, every language in it. A
    # form with no page in the default language keeps its own, and is listed.
    default = Locale.get_default()
    has_default_page = Page.objects.filter(locale=default).values("translation_key")
    return forms.exclude(~Q(locale=default) & Q(translation_key__in=has_default_page))


class SubmissionsIndexView(FormPagesListView):
    """Wagtail's list of forms, open to whoever may read submissions rather
    than to whoever may edit pages."""

    any_permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not get_forms_for_user(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@hooks.register("register_log_actions")
def register_sensitive_data_actions(actions):
    for action, label, message in ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_submissions_index():
    # This app's hooks run before Wagtail's forms app, so these paths answer first.
    return [
        path("connect-inbox/", include(inbox_urls)),
        path(
            "forms/submissions/<int:page_id>/delete/",
            LoggedDeleteSubmissionsView.as_view(),
            name="delete_submissions_logged",
        ),
        path("guide/", GuideView.as_view(), name="admin_guide"),
        path("forms/", SubmissionsIndexView.as_view(), name="forms_index_for_form_managers"),
        path(
            "forms/results/",
            SubmissionsIndexView.as_view(results_only=True),
            name="forms_index_results_for_form_managers",
        ),
    ]


class OneSetPerLanguagePolicy(ModelPermissionPolicy):
    """Each language has one set of site-wide content: "Add" is offered only
    while a language of the site has none (a translation makes the others)."""

    def user_has_permission(self, user, action):
        if action == "add" and not Locale.objects.exclude(pk__in=SiteWideContent.objects.values("locale_id")).exists():
            return False
        return super().user_has_permission(user, action)


register_permission_policy(SiteWideContent, OneSetPerLanguagePolicy(SiteWideContent))


class SiteWideContentViewSet(SnippetViewSet):
    """The menu, quick-exit words, footer and newsletter texts, one set per
    language: in the admin menu of its own, where editors look for them."""

    model = SiteWideContent
    icon = "list-ul"
    menu_label = _("Site-wide content")
    menu_order = 720
    add_to_admin_menu = True
    list_display = ["__str__", "locale"]


register_snippet(SiteWideContentViewSet)
