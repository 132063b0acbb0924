"""The inbox's filters: status, owner, answer, language and age."""

import datetime

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from home.models import ConnectPage, ConnectSubmission
from home.models.connect import LANGUAGE_FIELD
from home.models.inbox import (
    MessageStatus,
    handlers,
    new_q,
    open_q,
    start_of_today,
    unassigned_q,
    working_day_cutoff,
)
from home.public_forms import TOPIC_FIELD

OPEN = "open"
UNASSIGNED = "unassigned"
MINE = "me"
STATUS_CHOICES = [(OPEN, _("Open (new or in progress)")), *MessageStatus.choices]
AGE_CHOICES = [
    ("today", _("Today")),
    ("recent", _("1–3 days")),
    ("older", _("Older than 3 days")),
    ("waiting", _("New for over a working day")),
]


def display_name(user):
    return (user.get_full_name() or "").strip() or user.get_username()


def age_q(value, now=None):
    today = start_of_today(now)
    three_days_ago = today - datetime.timedelta(days=3)
    if value == "today":
        return Q(submit_time__gte=today)
    if value == "recent":
        return Q(submit_time__lt=today, submit_time__gte=three_days_ago)
    if value == "older":
        return Q(submit_time__lt=three_days_ago)
    if value == "waiting":
        return new_q() & Q(submit_time__lt=working_day_cutoff(now))
    return Q()


def topic_labels(pages):
    """Each answer of the default language's Connect page, and every label
    it has in any language: a translated answer keeps its block's id."""
    labels_by_id, choices = {}, []
    for page in pages:
        for route in page.routes:
            labels_by_id.setdefault(route.id, set()).add(route.value["label"])
    default = next((page for page in pages if page.locale.language_code == settings.LANGUAGE_CODE), None)
    for route in default.routes if default else []:
        choices.append((route.id, route.value["label"]))
    return choices, labels_by_id


class InboxFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("All")
    )
    owner = django_filters.ChoiceFilter(label=_("Owner"), choices=[], method="filter_owner", empty_label=_("Anyone"))
    topic = django_filters.ChoiceFilter(label=_("Answer"), choices=[], method="filter_topic", empty_label=_("Any"))
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, method="filter_language", empty_label=_("Any")
    )
    age = django_filters.ChoiceFilter(label=_("Age"), choices=AGE_CHOICES, method="filter_age", empty_label=_("Any"))

    class Meta:
        model = ConnectSubmission
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owners = [(str(user.pk), display_name(user)) for user in handlers()]
        self.filters["owner"].extra["choices"] = [(MINE, _("Me")), (UNASSIGNED, _("Nobody (unassigned)")), *owners]
        pages = list(ConnectPage.objects.select_related("locale"))
        choices, self.labels_by_id = topic_labels(pages)
        self.filters["topic"].extra["choices"] = choices

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(open_q())
        if value == MessageStatus.NEW:
            return queryset.filter(new_q())
        return queryset.filter(handling__status=value)

    def filter_owner(self, queryset, name, value):
        if value == UNASSIGNED:
            return queryset.filter(unassigned_q())
        if value == MINE:
            value = self.request.user.pk
        return queryset.filter(handling__owner_id=value, handling__owner__is_active=True)

    def filter_topic(self, queryset, name, value):
        labels = self.labels_by_id.get(value, ())
        return queryset.filter(**{f"form_data__{TOPIC_FIELD}__in": sorted(labels)})

    def filter_language(self, queryset, name, value):
        language = Q(**{f"form_data__{LANGUAGE_FIELD}": value})
        if value == settings.LANGUAGE_CODE:
            # Messages from before the site had two languages were all in English.
            language |= Q(**{f"form_data__{LANGUAGE_FIELD}__isnull": True})
        return queryset.filter(language)

    def filter_age(self, queryset, name, value):
        return queryset.filter(age_q(value))
