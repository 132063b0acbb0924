"""Which pages and site-wide texts lack a translation, or have one that the
English has moved past: the answer behind the translations report and the
dashboard's hint.

A few queries for the whole site (one for the pages and one for each
translatable snippet model, per language), never one per page.
"""

import json
from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation, TranslationSource

MISSING = "missing"
UNPUBLISHED = "unpublished"
OUTDATED = "outdated"
UP_TO_DATE = "up_to_date"
STATUS_LABELS = {
    MISSING: _("No translation"),
    UNPUBLISHED: _("Translation not published"),
    OUTDATED: _("Outdated"),
    UP_TO_DATE: _("Up to date"),
}
# The order staff work through them: the gaps visitors notice first.
STATUS_ORDER = [MISSING, UNPUBLISHED, OUTDATED, UP_TO_DATE]


@dataclass
class Row:
    """One English page or snippet and the state of its translation into one language."""

    title: str
    kind: str
    source_edit_url: str
    target_locale: Locale
    status: str
    target_edit_url: str = ""
    translate_url: str = ""
    update_url: str = ""
    is_page: bool = False

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def needs_work(self):
        return self.status != UP_TO_DATE


def target_locales():
    default = Locale.get_default()
    return list(Locale.objects.exclude(pk=default.pk).order_by("language_code")), default


def _translation_annotations(source_locale_field, target_locale, model):
    """Annotations naming, for each source object, its translation in
    `target_locale`, the wagtail-localize source taken from it, and whether
    that translation is kept in step with the source ("synced")."""
    targets = model._default_manager.filter(translation_key=OuterRef("translation_key"), locale=target_locale)
    if issubclass(model, Page):
        # An alias only mirrors the English; wagtail-localize offers to translate it.
        targets = targets.filter(alias_of__isnull=True)
    sources = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale_id=OuterRef(source_locale_field)
    )
    annotations = {
        "target_pk": Subquery(targets.values("pk")[:1]),
        "source_pk": Subquery(sources.values("pk")[:1]),
        "source_synced_at": Subquery(sources.values("last_updated_at")[:1]),
        "synced": Exists(
            Translation.objects.filter(
                source__object_id=OuterRef("translation_key"),
                source__locale_id=OuterRef(source_locale_field),
                target_locale=target_locale,
                enabled=True,
            )
        ),
    }
    if issubclass(model, DraftStateMixin):
        annotations["target_live"] = Subquery(targets.values("live")[:1])
    if issubclass(model, Page):
        annotations["target_published_at"] = Subquery(targets.values("last_published_at")[:1])
    else:
        annotations["source_content"] = Subquery(sources.values("content_json")[:1])
    return annotations


def page_rows(source_locale, target_locale):
    pages = (
        Page.objects.filter(locale=source_locale, depth__gt=1, alias_of__isnull=True)
        .annotate(**_translation_annotations("locale_id", target_locale, Page))
        .order_by("path")
    )
    rows = []
    for page in pages:
        if page.target_pk is None:
            status = MISSING
        elif not page.target_live:
            status = UNPUBLISHED
        elif page_is_outdated(page):
            status = OUTDATED
        else:
            status = UP_TO_DATE
        rows.append(
            Row(
                title=page.title,
                kind=_page_kind(page),
                source_edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                target_locale=target_locale,
                status=status,
                target_edit_url=reverse("wagtailadmin_pages:edit", args=[page.target_pk]) if page.target_pk else "",
                translate_url=reverse("wagtail_localize:submit_page_translation", args=[page.pk])
                if status == MISSING
                else "",
                update_url=_update_url(page, status),
                is_page=True,
            )
        )
    return rows


def page_is_outdated(page):
    """A synced translation is behind when the English was published after
    wagtail-localize last took its words; one staff keep by hand, when the
    English was published after the translation."""
    changed = page.last_published_at
    if changed is None:
        return False
    if page.synced:
        return page.source_synced_at is not None and changed > page.source_synced_at
    return page.target_published_at is not None and changed > page.target_published_at


def _page_kind(page):
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return model._meta.verbose_name if model else ""


def _update_url(instance, status):
    if status == OUTDATED and instance.synced and instance.source_pk:
        return reverse("wagtail_localize:update_translations", args=[instance.source_pk])
    return ""


def translatable_snippet_models():
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def snippet_rows(model, source_locale, target_locale):
    rows = []
    for instance in model._default_manager.filter(locale=source_locale).annotate(
        **_translation_annotations("locale_id", target_locale, model)
    ):
        if instance.target_pk is None:
            status = MISSING
        elif hasattr(instance, "target_live") and not instance.target_live:
            status = UNPUBLISHED
        elif instance.synced and _content_changed(instance):
            status = OUTDATED
        else:
            status = UP_TO_DATE
        opts = model._meta
        edit_name = f"wagtailsnippets_{opts.app_label}_{opts.model_name}:edit"
        rows.append(
            Row(
                title=str(instance),
                kind=opts.verbose_name,
                source_edit_url=reverse(edit_name, args=[quote(instance.pk)]),
                target_locale=target_locale,
                status=status,
                target_edit_url=reverse(edit_name, args=[quote(instance.target_pk)]) if instance.target_pk else "",
                translate_url=reverse(
                    "wagtail_localize:submit_snippet_translation",
                    args=[opts.app_label, opts.model_name, quote(instance.pk)],
                )
                if status == MISSING
                else "",
                update_url=_update_url(instance, status),
            )
        )
    return rows


def _content_changed(instance):
    """Snippets keep no dates of change: compare the English as it is now with
    the English wagtail-localize last took, the way it compares them itself."""
    if instance.source_content is None:
        return False
    if isinstance(instance, ClusterableModel):
        current = instance.to_json()
    else:
        current = json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder)
    return json.loads(current) != json.loads(instance.source_content)


def all_rows():
    """Every English page, then every translatable snippet, for each other language."""
    locales, default = target_locales()
    rows = []
    for locale in locales:
        rows.extend(page_rows(default, locale))
        for model in translatable_snippet_models():
            rows.extend(snippet_rows(model, default, locale))
    return rows


def summary():
    """How many items lack a translation, and how many have an outdated one."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for row in all_rows():
        counts[row.status] += 1
    return counts
