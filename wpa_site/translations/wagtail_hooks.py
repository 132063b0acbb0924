from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from wpa_site.translations import status
from wpa_site.translations.views import (
    GuardedSubmitPageTranslationView,
    GuardedSubmitSnippetTranslationView,
    GuardedUpdateTranslationsView,
    SaveTranslationDraftView,
    SubmitTranslationForModerationView,
    TranslationStatusReportView,
    may_translate,
    needs_moderation,
    translation_of,
)


@hooks.register("register_admin_urls")
def register_translation_urls():
    # The same paths as wagtail-localize's own screens: this app's hooks run
    # first (INSTALLED_APPS), so these guarded views answer them.
    return [
        path("localize/submit/page/<int:page_id>/", GuardedSubmitPageTranslationView.as_view()),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            GuardedSubmitSnippetTranslationView.as_view(),
        ),
        path("localize/update/<int:translation_source_id>/", GuardedUpdateTranslationsView.as_view()),
        path(
            "reports/translation-status/",
            TranslationStatusReportView.as_view(),
            name="translation_status_report",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusReportView.as_view(results_only=True),
            name="translation_status_report_results",
        ),
        path(
            "translations/<int:page_id>/submit/",
            SubmitTranslationForModerationView.as_view(),
            name="submit_translation_for_moderation",
        ),
        path("translations/<int:page_id>/save/", SaveTranslationDraftView.as_view(), name="save_translation_draft"),
    ]


@hooks.register("construct_reports_menu")
def one_translations_report(request, menu_items):
    """Ours lists what still needs translating, with a button for each; wagtail-localize's
    own list of the translations it manages would be a second "Translations" report."""
    # Found by its address: importing wagtail-localize's hooks module here would
    # register its hooks before these, and its views would answer before the guarded ones.
    theirs = reverse("wagtail_localize:translations_report")
    menu_items[:] = [item for item in menu_items if item.url != theirs]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return may_translate(request.user)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Missing and outdated translations"),
        reverse("translation_status_report"),
        name="translation-status",
        icon_name="wagtail-localize-language",
        order=150,
    )


@hooks.register("before_edit_page", order=-1)
def explain_translation_editor(request, page):
    """Says in the translation editor what it cannot: that the English has
    changed since, and how an Editor's translation reaches the Moderators."""
    if request.method != "GET":
        return None
    translation = translation_of(page)
    if translation is None:
        return None
    source = translation.source
    english = source.get_source_instance()
    if english.last_published_at and english.last_published_at > source.last_updated_at:
        update_url = reverse("wagtail_localize:update_translations", args=[source.pk])
        next_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        messages.warning(
            request,
            gettext("The English page has changed since this translation was last updated."),
            buttons=[messages.button(f"{update_url}?next={next_url}", gettext("Bring in the English changes"))],
        )
    if needs_moderation(request.user, page):
        state = page.current_workflow_state
        if state is not None and state.status == state.STATUS_IN_PROGRESS:
            messages.info(request, gettext("This translation is awaiting moderation."))
        else:
            messages.info(
                request,
                gettext("Your changes are saved as you type. When the translation is ready, send it to a Moderator."),
                buttons=[
                    messages.button(
                        reverse("submit_translation_for_moderation", args=[page.pk]), gettext("Submit for moderation")
                    )
                ],
            )
    return None


class TranslationStatusPanel(Component):
    """The dashboard's count of what is missing or behind in Spanish."""

    name = "translation_status"
    template_name = "translations/dashboard_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        counts = status.summary()
        return {
            "missing": counts[status.MISSING] + counts[status.UNPUBLISHED],
            "outdated": counts[status.OUTDATED],
            "report_url": reverse("translation_status_report"),
        }


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request, panels):
    if may_translate(request.user):
        panels.append(TranslationStatusPanel())
