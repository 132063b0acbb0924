"""WPA's own pages: the home page, plain pages, the impact report and promotions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from home.blocks import BodyStreamBlock, StatBlock
from news.models import PressItem
from programs.models import ProgramPage
from wpa_site.cache.memory import cached_until_change
from wpa_site.pages import BasePage
from wpa_site.search.stemming import STEMS_FIELD
from wpa_site.visibility import public_pages, restricted_paths


class HomePageStatistic(TranslatableMixin, Orderable):
    """A figure on the home page. Translatable, so that wagtail-localize asks
    for the Spanish of its words instead of copying the English onto the
    Spanish home page."""

    page = ParentalKey("home.HomePage", on_delete=models.CASCADE, related_name="statistics")
    value = models.CharField(
        max_length=20, help_text="The figure itself, as it should appear, e.g. 500+ or 1845. Shown large."
    )
    label = models.CharField(max_length=60, help_text="What the figure counts, e.g. Women served. Shown under it.")
    supporting_text = models.CharField(
        max_length=240,
        blank=True,
        help_text="One sentence that explains the figure. Hidden when empty.",
    )

    panels = [FieldPanel("value"), FieldPanel("label"), FieldPanel("supporting_text")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    def __str__(self):
        return f"{self.value} {self.label}"


class HomePage(BasePage):
    summary_field = "hero_lede"

    hero_lede = models.TextField(
        blank=True,
        help_text="The first words visitors read: what WPA does, in one or two sentences. Shown large at the top.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Opening image"),
        help_text=_(
            "An optional photograph beside the opening words, cropped to 4 × 3 around its focal point. "
            "Without one, the opening shows the site's own pattern."
        ),
    )
    mission_statement = models.CharField(
        max_length=255,
        blank=True,
        help_text="The mission in one sentence. Shown on its own, large. Hidden when empty.",
    )
    care_model_heading = models.CharField(
        max_length=120,
        blank=True,
        help_text="Heading above the program cards, e.g. Our Care Model. The cards list every published program.",
    )
    care_model_intro = models.TextField(
        blank=True, help_text="A sentence or two under that heading, before the program cards. Hidden when empty."
    )
    connect_heading = models.CharField(
        max_length=120, blank=True, help_text="Heading of the invitation to get in touch, e.g. Connect."
    )
    connect_text = models.TextField(blank=True, help_text="A sentence under that heading. Hidden when empty.")
    connect_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page the invitation leads to, usually the Connect page.",
    )
    connect_url = models.URLField(
        blank=True, help_text="Or a web address on another site. Used only when no page is chosen."
    )
    connect_link_text = models.CharField(
        max_length=60,
        blank=True,
        help_text="The words on the button. Leave empty to use the heading. The section hides itself without a link.",
    )
    impact_report = models.ForeignKey(
        "home.ImpactReportPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The impact report to feature. Its title is the panel's heading. Hidden when none is chosen.",
    )
    impact_report_teaser = models.TextField(
        blank=True, help_text="A sentence or two that invites visitors to read the report."
    )
    promotion = models.ForeignKey(
        "home.PromotionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "The promotion to feature, e.g. Books Are Magic. It shows only while published and inside "
            "its display window (set on the promotion's own page)."
        ),
    )
    press_heading = models.CharField(
        max_length=120,
        blank=True,
        help_text="Heading above the press quotes, e.g. In The News. Quotes marked 'featured' appear under it.",
    )
    press_limit = models.PositiveSmallIntegerField(
        default=3, help_text="How many featured press quotes to show, newest first."
    )
    news_index = models.ForeignKey(
        "news.NewsIndexPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The press page that the press heading links to.",
    )

    # Read with the site's root page, once per change (wpa_site/middleware.py).
    select_related_as_root = ["hero_image"]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "programs.ProgramIndexPage",
        "news.NewsIndexPage",
        "home.ImpactReportPage",
        "home.PromotionPage",
        "home.StandardPage",
        "home.ConnectPage",
    ]

    # The home page has many parts; tabs keep each screen short.
    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_lede"), FieldPanel("hero_image")], heading="Opening"),
        InlinePanel("statistics", heading="Statistics", label="Statistic"),
        MultiFieldPanel([FieldPanel("mission_statement")], heading="Mission"),
    ]
    programs_panels = [
        MultiFieldPanel([FieldPanel("care_model_heading"), FieldPanel("care_model_intro")], heading="Care model"),
        MultiFieldPanel(
            [
                FieldPanel("connect_heading"),
                FieldPanel("connect_text"),
                PageChooserPanel("connect_page"),
                FieldPanel("connect_url"),
                FieldPanel("connect_link_text"),
            ],
            heading="Connect",
        ),
    ]
    features_panels = [
        MultiFieldPanel(
            [PageChooserPanel("impact_report", "home.ImpactReportPage"), FieldPanel("impact_report_teaser")],
            heading="Impact report",
        ),
        MultiFieldPanel([PageChooserPanel("promotion", "home.PromotionPage")], heading="Promotion"),
        MultiFieldPanel(
            [FieldPanel("press_heading"), FieldPanel("press_limit"), PageChooserPanel("news_index")],
            heading="In the news",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Opening & figures"),
            ObjectList(programs_panels, heading="Programs & Connect"),
            ObjectList(features_panels, heading="Features & press"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("hero_lede"),
        index.SearchField("mission_statement"),
        STEMS_FIELD,
    ]

    def chosen_pages(self, request):
        """The pages the editors chose to link to (impact report, press page,
        Connect page, promotion), by id, where visitors may see them.

        Links like the menu's: remembered until the next change, and keyed
        by the choice itself, so a preview of another choice shows it.
        """
        ids = [self.impact_report_id, self.news_index_id, self.connect_page_id, self.promotion_id]

        def load():
            restricted = restricted_paths(request)
            pages = list(Page.objects.live().filter(pk__in=ids[:3]))
            pages += PromotionPage.objects.live().filter(pk=self.promotion_id).defer_streamfields()
            return {page.pk: page for page in public_pages(pages, restricted)}

        return cached_until_change(f"chosen-pages:{':'.join(map(str, ids))}", load, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chosen = self.chosen_pages(request)
        connect_page = chosen.get(self.connect_page_id)
        promotion = chosen.get(self.promotion_id)
        context.update(
            statistics=list(self.statistics.all()),
            programs=ProgramPage.cards(request, ProgramPage.objects.descendant_of(self)),
            press_items=list(PressItem.objects.featured()[: self.press_limit]),
            impact_report_page=chosen.get(self.impact_report_id),
            news_index_page=chosen.get(self.news_index_id),
            connect_url=connect_page.url if connect_page else self.connect_url,
            # The display window is checked on every request: it opens and closes by date.
            promotion_page=promotion if promotion and promotion.is_showing() else None,
        )
        return context

    def route(self, request, path_components):
        """Find the page for a whole address in one query, where Wagtail's
        default walks the tree with one query per level."""
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            "/".join([self.url_path.rstrip("/"), *path_components[:depth]]) + "/"
            for depth in range(1, len(path_components) + 1)
        ]
        # Every page on the way down comes in the same query: the breadcrumb
        # trail reads them from the request (wpa_site/breadcrumbs.py).
        found = list(Page.objects.filter(url_path__in=prefixes, path__startswith=self.path).order_by("-depth"))
        if not found:
            raise Http404
        deepest = found[0]
        request.route_ancestors = [self, *reversed(found[1:])]
        # The rest of the address is the page's own business (a form's
        # "thank you" step, say), exactly as Wagtail's routing hands it on.
        return deepest.specific.route(request, path_components[deepest.depth - self.depth :])


class StandardPage(BasePage):
    """A plain page of text and media: about, safety notice, policies."""

    summary_field = "introduction"

    introduction = models.TextField(blank=True, help_text="A short opening paragraph, shown large. Hidden when empty.")
    body = StreamField(BodyStreamBlock(), blank=True, help_text="The page's content, section by section.")

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body"), STEMS_FIELD]


class ImpactReportPage(BasePage):
    summary_field = "summary"

    reporting_period = models.CharField(
        max_length=40, blank=True, help_text="The period the report covers, e.g. 2024–2025. Hidden when empty."
    )
    summary = models.TextField(blank=True, help_text="What the report shows, in a few sentences. Shown at the top.")
    key_figures = StreamField(
        [("figure", StatBlock())],
        blank=True,
        help_text="The report's headline numbers, each with a short label. Hidden when empty.",
    )
    report_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The full report as a PDF from the documents library. Offered as a download with its size.",
    )
    body = StreamField(BodyStreamBlock(), blank=True, help_text="The rest of the report, section by section.")

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("reporting_period"),
        FieldPanel("summary"),
        FieldPanel("key_figures"),
        FieldPanel("report_document"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body"), STEMS_FIELD]

    @cached_property
    def document_download(self):
        """The PDF's extension and size, for the download link."""
        document = self.report_document
        if not document:
            return None
        try:
            size = document.get_file_size()
        except OSError:
            size = None
        return {"url": document.url, "extension": document.file_extension.upper(), "size": size}


class PromotionPage(BasePage):
    """A time-limited campaign with a partner, such as Books Are Magic."""

    summary_field = "text"

    text = models.TextField(help_text="What the promotion is and how to take part. Shown on the home page too.")
    partner_name = models.CharField(
        max_length=120, blank=True, help_text="The partner organization's name. Hidden when empty."
    )
    book_list_url = models.URLField(
        blank=True,
        verbose_name="Link to the curated list",
        help_text="Where visitors find the curated list, e.g. the partner's web page. Hidden when empty.",
    )
    book_list_link_text = models.CharField(
        max_length=80, blank=True, help_text="The words of that link. Leave empty to use the partner's name."
    )
    display_start = models.DateField(
        null=True,
        blank=True,
        help_text="First day the home page shows the promotion. Leave both dates empty to show it always.",
    )
    display_end = models.DateField(
        null=True, blank=True, help_text="Last day the home page shows the promotion (inclusive)."
    )
    repeats_every_year = models.BooleanField(
        default=False,
        help_text="Show it between the same two dates every year; the years of the dates are then ignored.",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("text"),
        FieldPanel("partner_name"),
        MultiFieldPanel([FieldPanel("book_list_url"), FieldPanel("book_list_link_text")], heading="Link"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("display_start"), FieldPanel("display_end")]),
                FieldPanel("repeats_every_year"),
            ],
            heading="When the home page shows it",
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
            raise ValidationError({"display_end": "The last day must be on or after the first day."})

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


def next_window_change(promotion, after=None):
    """The first date after `after` on which the promotion starts or stops showing."""
    after = after or timezone.localdate()
    showing = promotion.is_showing(after)
    for offset in range(1, 367):
        day = after + datetime.timedelta(days=offset)
        if promotion.is_showing(day) != showing:
            return day
    return None
