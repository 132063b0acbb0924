"""The impact report's blocks: charts that staff enter as rows of data, drawn
on the server as SVG (home/charts.py) with their figures in a table beside them."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from home import charts
from home.blocks import BodyStreamBlock

# Larger than any figure a report of WPA's could hold: a slip of the keyboard.
LARGEST_VALUE = Decimal(1_000_000_000)
DECIMAL_PLACES = 2
MAX_ROWS = 100
SHARE_KINDS = {"stacked", "donut"}
KINDS = [
    ("bar", _("Bars: one bar per row, to compare amounts")),
    ("stacked", _("Stacked bar: one bar split into the shares of a whole")),
    ("donut", _("Donut: a ring split into the shares of a whole")),
    ("line", _("Line: one value per year, to show a change over time")),
]


def as_number(value):
    """The row's value as a Decimal, or None when it is missing or not a number."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value):
    """A number as the page's language writes it: 1,250.5 in English, 1 250,5 in Spanish."""
    value = Decimal(str(value))
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=min(places, DECIMAL_PLACES), force_grouping=True)


def format_share(fraction):
    share = Decimal(str(fraction * 100)).quantize(Decimal("0.1") if 0 < fraction < 0.01 else Decimal(1))
    return gettext("%(number)s%%") % {"number": format_number(share)}


class ChartValueBlock(blocks.DecimalBlock):
    """A number that a non-number, as typed, never breaks: it is refused by clean() instead."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        # A text box, not the browser's number box: that one would send "1,200" as nothing
        # at all, and the editor would be told the value is missing instead of why it is wrong.
        self.field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.field.error_messages["invalid"] = _(
            "Enter a number, e.g. 120 or 3.5: digits only, with a point for decimals, "
            "and no words, commas or percent sign."
        )

    def to_python(self, value):
        number = as_number(value)
        return value if number is None and value not in (None, "") else number

    def get_prep_value(self, value):
        return str(value) if isinstance(value, Decimal) else value


class ChartRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        max_length=60,
        label=_("Label"),
        help_text=_("What this value is, e.g. a year (2024) or a program (Housing)."),
    )
    value = ChartValueBlock(
        label=_("Value"), help_text=_("The number itself, e.g. 120. No words, commas or percent sign.")
    )

    class Meta:
        icon = "list-ul"
        label = _("Row")

    def clean(self, value):
        value = super().clean(value)
        number = as_number(value.get("value"))
        message = None
        if value.get("value") in (None, ""):
            message = _("This row has no value. Enter a number, or remove the row.")
        elif number is None:
            message = self.child_blocks["value"].field.error_messages["invalid"]
        elif number < 0:
            message = _("Values cannot be negative. Enter the amount without a minus sign.")
        elif number > LARGEST_VALUE:
            message = _("This is more than a billion: check for extra digits.")
        elif -number.as_tuple().exponent > DECIMAL_PLACES:
            message = _("Use at most two decimal places.")
        if message:
            raise StructBlockValidationError(block_errors={"value": ErrorList([ValidationError(message)])})
        return value


class ChartStructValue(blocks.StructValue):
    @cached_property
    def numbers(self):
        """(label, value) of each row, or None when a value stored somehow is not a sensible number."""
        rows = [(row.get("label") or "", as_number(row.get("value"))) for row in self.get("rows") or []]
        if not rows or any(value is None or not 0 <= value <= LARGEST_VALUE for _label, value in rows):
            return None
        if self.get("kind") in SHARE_KINDS and not sum(value for _label, value in rows):
            return None
        return rows

    @property
    def is_share(self):
        return self.get("kind") in SHARE_KINDS

    @cached_property
    def table(self):
        """The rows as the table shows them: label, value and, for a share, its percentage."""
        if not self.numbers:
            return []
        fractions = charts.shares([float(value) for _label, value in self.numbers])
        return [
            {"label": label, "value": format_number(value), "share": format_share(fraction) if self.is_share else ""}
            for (label, value), fraction in zip(self.numbers, fractions, strict=True)
        ]

    @property
    def total(self):
        return format_number(sum(value for _label, value in self.numbers)) if self.numbers else ""

    @property
    def whole(self):
        return format_share(1)

    @property
    def first_column_heading(self):
        return self.get("rows_heading") or (gettext("Year") if self.get("kind") == "line" else gettext("Category"))

    @property
    def values_heading(self):
        return self.get("unit") or gettext("Value")

    @cached_property
    def drawing(self):
        """The chart's shapes for its template, or None when it has nothing sensible to draw."""
        if not self.numbers:
            return None
        kind = self.get("kind")
        rows = [
            (row["label"], float(value), row["share"] or row["value"])
            for row, (_label, value) in zip(self.table, self.numbers, strict=True)
        ]
        if kind == "bar":
            return charts.bar_chart(rows)
        if kind == "stacked":
            return charts.stacked_chart(rows)
        if kind == "donut":
            return charts.donut_chart(rows)
        if kind == "line":
            return charts.line_chart(rows, format_number)
        return None

    @property
    def template_name(self):
        return f"blocks/charts/{self.get('kind')}.html"


class ChartBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=KINDS,
        default="bar",
        label=_("Kind of chart"),
        help_text=_("How the rows are drawn. Every kind also shows its figures in a table beside the chart."),
    )
    title = blocks.CharBlock(
        max_length=120, label=_("Title"), help_text=_("What the chart shows, e.g. Women housed each year.")
    )
    summary = blocks.TextBlock(
        max_length=400,
        label=_("Summary"),
        help_text=_(
            "The chart's message in a sentence or two, e.g. The number of women housed rose every year. "
            "Shown under the title and read out to people who cannot see the chart."
        ),
    )
    unit = blocks.CharBlock(
        required=False,
        max_length=40,
        label=_("Unit"),
        help_text=_("What the numbers count, e.g. Women or Dollars. Heads the table's numbers. Optional."),
    )
    rows_heading = blocks.CharBlock(
        required=False,
        max_length=40,
        label=_("What the rows are"),
        help_text=_("Heads the table's first column, e.g. Program. Leave empty for Year (line) or Category."),
    )
    percentages = blocks.BooleanBlock(
        required=False,
        label=_("The values are percentages"),
        help_text=_("For the stacked bar and the donut: tick it and the values must add up to 100."),
    )
    rows = blocks.ListBlock(
        ChartRowBlock(),
        label=_("Data"),
        help_text=_("One row per bar, share or year, in the order they are drawn. Up to 100 rows; 8 for shares."),
    )

    class Meta:
        icon = "table"
        label = _("Chart")
        template = "blocks/chart_block.html"
        value_class = ChartStructValue

    def clean(self, value):
        value = super().clean(value)
        rows = value.get("rows") or []
        kind = value.get("kind")
        labels = [row.get("label") for row in rows]
        numbers = [as_number(row.get("value")) or 0 for row in rows]
        message = None
        if not rows:
            message = _("Add at least one row of data.")
        elif kind in SHARE_KINDS and len(rows) > charts.MAX_SHARES:
            message = _("A share chart can show at most 8 parts. Group the smallest ones into one row, e.g. Other.")
        elif len(rows) > MAX_ROWS:
            message = _("A chart can show at most 100 rows. Split the data into two charts.")
        elif duplicates := sorted({label for label in labels if labels.count(label) > 1}):
            message = _("Each row needs its own label: %(label)s appears more than once.") % {"label": duplicates[0]}
        elif kind in SHARE_KINDS and not sum(numbers):
            message = _("A share chart needs at least one value above zero.")
        elif kind in SHARE_KINDS and 0 in numbers:
            message = _("A share of zero would not show in the chart: give it a value, or remove the row.")
        elif kind in SHARE_KINDS and value.get("percentages") and not 99 <= sum(numbers) <= 101:
            message = _("These percentages add up to %(total)s, not 100. Check each share.") % {
                "total": format_number(sum(numbers))
            }
        if message:
            rows_error = ListBlockValidationError(non_block_errors=[ValidationError(message)])
            raise StructBlockValidationError(block_errors={"rows": rows_error})
        return value


class ReportStreamBlock(BodyStreamBlock):
    """The report's body: the body of any page, and charts."""

    chart = ChartBlock()
