"""The translations report, the Editors' way to send a translation to the
Moderators, and wagtail-localize's own screens held to the site's roles."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.models import Translation
from wagtail_localize.views.submit_translations import SubmitPageTranslationView, SubmitSnippetTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsForm, UpdateTranslationsView

from wpa_site.translations import status

TRANSLATE_PERMISSION = "wagtail_localize.submit_translation"


def may_translate(user):
    return user.is_active and (user.is_superuser or user.has_perm(TRANSLATE_PERMISSION))


# --- the report -----------------------------------------------------------


class TranslationStatusFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=[(key, status.STATUS_LABELS[key]) for key in status.STATUS_ORDER],
        widget=django_filters.widgets.CSVWidget,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("page", _("Pages")), ("snippet", _("Site-wide texts"))],
        empty_label=_("Pages and site-wide texts"),
    )

    class Meta:
        fields = ["status", "kind"]


class ActionsColumn(Column):
    cell_template_name = "translations/actions_cell.html"


class TranslationStatusReportView(ReportView):
    """Every English page and site-wide text whose translation is missing,
    unpublished or behind the English, with the button that fixes it."""

    page_title = _("Missing and outdated translations")
    header_icon = "wagtail-localize-language"
    index_url_name = "translation_status_report"
    index_results_url_name = "translation_status_report_results"
    filterset_class = TranslationStatusFilterSet
    paginate_by = 100
    columns = [
        TitleColumn("title", label=_("English"), get_url=lambda row: row.source_edit_url),
        Column("kind", label=_("Type")),
        Column("target_locale", label=_("Language"), accessor="target_locale.get_display_name"),
        StatusTagColumn("status_label", label=_("Translation"), primary=lambda row: row.needs_work),
        ActionsColumn("actions", label=_("What to do")),
    ]
    list_export = ["title", "kind", "status_label"]
    export_headings = {"title": _("English"), "kind": _("Type"), "status_label": _("Translation")}

    def dispatch(self, request, *args, **kwargs):
        if not may_translate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return status.all_rows()

    def filter_queryset(self, rows):
        if not (self.filters and self.filters.is_valid()):
            return rows
        wanted = self.filters.form.cleaned_data.get("status")
        kind = self.filters.form.cleaned_data.get("kind")
        if wanted:
            rows = [row for row in rows if row.status in wanted]
        if kind:
            rows = [row for row in rows if row.is_page == (kind == "page")]
        return rows

    def get_filterset_kwargs(self):
        data = self.request.GET.copy()
        if "status" not in data and not self.request.GET.get("p"):
            # What needs doing, unless staff ask for more.
            data["status"] = ",".join(key for key in status.STATUS_ORDER if key != status.UP_TO_DATE)
        # The rows are not a queryset; filter_queryset above reads the form alone.
        return {"data": data, "request": self.request, "queryset": Page.objects.none()}


# --- Editors hand a translation to the Moderators -------------------------


def translation_of(page):
    """The enabled wagtail-localize translation that `page` is the target of, if any."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def needs_moderation(user, page):
    """Staff who may edit a page but not publish it send their changes to the
    Moderators, in Spanish as in English."""
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() and not permissions.can_publish() and page.get_workflow() is not None


class SubmitTranslationForModerationView(View):
    """Saves the translation as it stands as a draft of the Spanish page and
    starts the moderation workflow on it, as "Submit for moderation" does for
    an English page."""

    template_name = "translations/submit_for_moderation.html"

    def dispatch(self, request, page_id):
        page = get_object_or_404(Page, pk=page_id).specific
        translation = translation_of(page)
        if translation is None or not needs_moderation(request.user, page):
            raise PermissionDenied
        editor_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        workflow_state = page.current_workflow_state
        if request.method == "POST":
            with transaction.atomic():
                # Not save_target(publish=False): that writes the words into
                # the live page's row, where visitors would read them at once.
                draft = translation.source.get_ephemeral_translated_instance(translation.target_locale, fallback=True)
                draft.save_revision(user=request.user)
                page.refresh_from_db()
                if workflow_state is None:
                    page.get_workflow().start(page, request.user)
                elif workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
                    workflow_state.resume(request.user)
            messages.success(
                request,
                gettext("'%(title)s' in %(language)s was submitted for moderation.")
                % {"title": page.get_admin_display_title(), "language": translation.target_locale.get_display_name()},
            )
            return redirect(editor_url)
        context = {
            "page": page,
            "translation": translation,
            "language": translation.target_locale.get_display_name(),
            "editor_url": editor_url,
            "in_moderation": workflow_state is not None and workflow_state.status == workflow_state.STATUS_IN_PROGRESS,
        }
        return TemplateResponse(request, self.template_name, context)


class SaveTranslationDraftView(View):
    """ "Save draft" in the translation editor's own footer, for staff who
    send their work to the Moderators: the Spanish as written so far becomes
    a draft of the Spanish page (its History lists it), and nothing is published."""

    http_method_names = ["post"]

    def post(self, request, page_id):
        page = get_object_or_404(Page, pk=page_id).specific
        translation = translation_of(page)
        if translation is None or not needs_moderation(request.user, page):
            raise PermissionDenied
        draft = translation.source.get_ephemeral_translated_instance(translation.target_locale, fallback=True)
        draft.save_revision(user=request.user)
        messages.success(
            request,
            gettext("'%(title)s' in %(language)s was saved as a draft. Visitors see nothing new yet.")
            % {"title": page.get_admin_display_title(), "language": translation.target_locale.get_display_name()},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


# --- wagtail-localize's screens, held to the roles ------------------------


class GuardedSubmitPageTranslationView(SubmitPageTranslationView):
    """wagtail-localize lets anyone with its permission translate any page;
    here only staff who may edit the English page may start its translation."""

    def get_object(self):
        page = super().get_object()
        if not page.permissions_for_user(self.request.user).can_edit():
            raise PermissionDenied
        return page


class GuardedSubmitSnippetTranslationView(SubmitSnippetTranslationView):
    """A translated snippet without drafts goes live as soon as it exists:
    only staff who may add that kind of snippet may create one."""

    def get_object(self):
        instance = super().get_object()
        if not self.request.user.has_perm(get_permission_name("add", type(instance))):
            raise PermissionDenied
        return instance


def may_publish(user, instance):
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    action = "publish" if isinstance(instance, DraftStateMixin) else "change"
    return user.is_superuser or user.has_perm(get_permission_name(action, type(instance)))


class RoleUpdateTranslationsForm(UpdateTranslationsForm):
    def __init__(self, *args, may_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["publish_translations"]

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data.setdefault("publish_translations", False)
        return cleaned_data


class GuardedUpdateTranslationsView(UpdateTranslationsView):
    """ "Sync translated pages" may publish every translation at once:
    offered only to staff who may publish each of them."""

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return RoleUpdateTranslationsForm(data, may_publish=self.may_publish_all())

    def may_publish_all(self):
        user = self.request.user
        targets = self.object.translations.filter(enabled=True).select_related("target_locale")
        return all(may_publish(user, translation.get_target_instance()) for translation in targets)
