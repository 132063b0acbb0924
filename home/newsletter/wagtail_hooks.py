"""The newsletter sign-ups in the admin: a list staff can filter, and an
export of the confirmed addresses, the mailing list."""

import django_filters
from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.exports import SafeSnippetIndexView
from home.newsletter.models import NewsletterSignup


def confirmation_state(signup):
    if signup.confirmed_at is None:
        return gettext("Waiting for confirmation")
    return date_format(localtime(signup.confirmed_at), "DATETIME_FORMAT")


class NewsletterSignupFilterSet(WagtailFilterSet):
    confirmation = django_filters.ChoiceFilter(
        label=gettext_lazy("Subscription"),
        choices=[("confirmed", gettext_lazy("Confirmed")), ("waiting", gettext_lazy("Waiting for confirmation"))],
        empty_label=gettext_lazy("All sign-ups"),
        widget=forms.RadioSelect,
        method="filter_confirmation",
    )

    class Meta:
        model = NewsletterSignup
        fields = []

    def filter_confirmation(self, queryset, name, value):
        return queryset.confirmed() if value == "confirmed" else queryset.unconfirmed()


class NewsletterSignupIndexView(SafeSnippetIndexView):
    def get_base_queryset(self):
        # The export is the mailing list: an address whose owner never
        # confirmed it gets no newsletter.
        queryset = super().get_base_queryset()
        return queryset.confirmed() if self.is_export else queryset


class NewsletterSignupViewSet(SnippetViewSet):
    """Every sign-up, confirmed or waiting for its owner to follow the emailed
    link; the export lists the confirmed ones only."""

    model = NewsletterSignup
    # The admin addresses it had as a home snippet, which staff have bookmarked.
    url_prefix = "snippets/home/newslettersignup"
    url_namespace = "wagtailsnippets_home_newslettersignup"
    icon = "mail"
    menu_label = gettext_lazy("Newsletter sign-ups")
    menu_order = 710
    add_to_admin_menu = True
    list_display = [
        "email",
        "first_name",
        "language",
        Column("created_at", label=gettext_lazy("Signed up"), sort_key="created_at"),
        Column("confirmed_at", label=gettext_lazy("Confirmed"), accessor=confirmation_state, sort_key="confirmed_at"),
    ]
    list_export = ["email", "first_name", "get_language_display", "consent_text", "created_at", "confirmed_at"]
    # The mailing list's columns keep the names mailing tools were set up with.
    export_headings = {
        "email": gettext_lazy("Email"),
        "consent_text": gettext_lazy("Consent text"),
        "get_language_display": gettext_lazy("Language"),
        "created_at": gettext_lazy("Signed up"),
        "confirmed_at": gettext_lazy("Confirmed"),
    }
    export_filename = "newsletter-signups"
    filterset_class = NewsletterSignupFilterSet
    search_fields = ["email", "first_name"]
    search_backend_name = None
    inspect_view_enabled = True
    index_view_class = NewsletterSignupIndexView


register_snippet(NewsletterSignupViewSet)
