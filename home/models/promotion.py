"""Promotions: a time-limited campaign with a partner, shown on the home page
inside its display window."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from wpa_site.pages import BasePage
from wpa_site.search.stemming import STEMS_FIELD


class PromotionPage(BasePage):
    """A time-limited campaign with a partner, such as Books Are Magic."""

    summary_field = "text"

    class Meta:
        verbose_name = _("promotion page")
        verbose_name_plural = _("promotion pages")

    text = models.TextField(
        verbose_name=_("Description"),
        help_text=_("What the promotion is and how to take part. Shown on the home page too."),
    )
    partner_name = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("Partner"),
        help_text=_("The partner organization's name. Hidden when empty."),
    )
    book_list_url = models.URLField(
        blank=True,
        verbose_name=_("Link to the curated list"),
        help_text=_("Where visitors find the curated list, e.g. the partner's web page. Hidden when empty."),
    )
    book_list_link_text = models.CharField(
        max_length=80,
        blank=True,
        verbose_name=_("Words of the link"),
        help_text=_("The words of that link. Leave empty to use the partner's name."),
    )
    display_start = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("First day shown"),
        help_text=_("First day the home page shows the promotion. Leave both dates empty to show it always."),
    )
    display_end = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("Last day shown"),
        help_text=_("Last day the home page shows the promotion (inclusive)."),
    )
    repeats_every_year = models.BooleanField(
        default=False,
        verbose_name=_("Repeat every year"),
        help_text=_("Show it between the same two dates every year; the years of the dates are then ignored."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("text"),
        FieldPanel("partner_name"),
        MultiFieldPanel([FieldPanel("book_list_url"), FieldPanel("book_list_link_text")], heading=_("Link")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("display_start"), FieldPanel("display_end")]),
                FieldPanel("repeats_every_year"),
            ],
            heading=_("When the home page shows it"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("text"), index.SearchField("partner_name"), STEMS_FIELD]

    def clean(self):
        super().clean()
        if (
            self.display_start
            and self.display_end
            and not self.repeats_every_year
            and self.display_end < self.display_start
        ):
            raise ValidationError({"display_end": _("The last day must be on or after the first day.")})

    def is_showing(self, on_date=None):
        on_date = on_date or timezone.localdate()
        start, end = self.display_start, self.display_end
        if not start and not end:
            return True
        if not self.repeats_every_year:
            return (start is None or start <= on_date) and (end is None or on_date <= end)
        today = (on_date.month, on_date.day)
        first = (start.month, start.day) if start else (1, 1)
        last = (end.month, end.day) if end else (12, 31)
        if first <= last:
            return first <= today <= last
        # The window wraps past the new year, e.g. 15 December to 15 January.
        return today >= first or today <= last

    @property
    def link_text(self):
        return self.book_list_link_text or self.partner_name

    def window_description(self, on_date=None):
        """When the promotion runs, in the visitor's language: "Every year
        from February 1 to February 28", "From … to …"; "" without dates."""
        start, end = self.display_start, self.display_end
        if not start and not end:
            return ""
        if self.repeats_every_year:
            year = (on_date or timezone.localdate()).year
            first = datetime.date(year, *(start.month, start.day) if start else (1, 1))
            # 29 February, in a year that has none, is the 28th.
            last_day = min(end.day, calendar.monthrange(year, end.month)[1]) if end else 31
            last = datetime.date(year, end.month if end else 12, last_day)
            words = {"start": date_format(first, "MONTH_DAY_FORMAT"), "end": date_format(last, "MONTH_DAY_FORMAT")}
            return gettext("Every year from %(start)s to %(end)s") % words
        if start and end:
            words = {"start": date_format(start, "DATE_FORMAT"), "end": date_format(end, "DATE_FORMAT")}
            return gettext("From %(start)s to %(end)s") % words
        if start:
            return gettext("From %(start)s") % {"start": date_format(start, "DATE_FORMAT")}
        return gettext("Until %(end)s") % {"end": date_format(end, "DATE_FORMAT")}


def next_window_change(promotion, after=None):
    """The first date after `after` on which the promotion starts or stops showing."""
    after = after or timezone.localdate()
    showing = promotion.is_showing(after)
    for offset in range(1, 367):
        day = after + datetime.timedelta(days=offset)
        if promotion.is_showing(day) != showing:
            return day
    return None
