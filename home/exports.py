"""Spreadsheet exports that cannot run anything when opened.

A value that starts with = + - @ or a tab or carriage return is read by
spreadsheet programs as a formula; a leading apostrophe makes it plain text.
Wagtail's XLSX export already stores such values as text, but its CSV export
does not, so both go through here.
"""

from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.snippets.views.snippets import IndexView

from home.audit import record_export

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    def as_spreadsheet(self, queryset, spreadsheet_format):
        rows = queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
        record_export(self.request, self.export_subject(), self.export_title(), rows, spreadsheet_format)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise_formula(super().get_heading(queryset, field))


class SafeSubmissionsListView(SafeSpreadsheetExportMixin, SubmissionsListView):
    def export_subject(self):
        return self.form_page

    def export_title(self):
        return str(self.form_page.title)

    def get_base_queryset(self):
        # Each message's delivery state, read for the whole page at once.
        queryset = super().get_base_queryset()
        if hasattr(queryset.model, "emails"):
            queryset = queryset.prefetch_related("emails")
        return queryset


class SafeSnippetIndexView(SafeSpreadsheetExportMixin, IndexView):
    def export_subject(self):
        return None

    def export_title(self):
        return str(self.model._meta.verbose_name_plural).capitalize()
