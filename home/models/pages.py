"""WPA's own pages: the home page, plain pages, the impact report and promotions."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import BodyStreamBlock, StatBlock
from home.models.promotion import PromotionPage
from home.report_blocks import ReportStreamBlock
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
        max_length=20,
        verbose_name=_("Figure"),
        help_text=_("The figure itself, as it should appear, e.g. 500+ or 1845. Shown large."),
    )
    label = models.CharField(
        max_length=60,
        verbose_name=_("What it counts"),
        help_text=_("What the figure counts, e.g. Women served. Shown under it."),
    )
    supporting_text = models.CharField(
        max_length=240,
        blank=True,
        verbose_name=_("Explanation"),
        help_text=_("One sentence that explains the figure. Hidden when empty."),
    )

    panels = [FieldPanel("value"), FieldPanel("label"), FieldPanel("supporting_text")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")

    def __str__(self):
        return f"{self.value} {self.label}"


class HomePage(BasePage):
    summary_field = "hero_lede"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    hero_lede = models.TextField(
        blank=True,
        verbose_name=_("Opening line"),
        help_text=_("The first words visitors read: what WPA does, in one or two sentences. Shown large at the top."),
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
        verbose_name=_("Mission statement"),
        help_text=_("The mission in one sentence. Shown on its own, large. Hidden when empty."),
    )
    care_model_heading = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("Care model heading"),
        help_text=_("Heading above the program cards, e.g. Our Care Model. The cards list every published program."),
    )
    care_model_intro = models.TextField(
        blank=True,
        verbose_name=_("Care model introduction"),
        help_text=_("A sentence or two under that heading, before the program cards. Hidden when empty."),
    )
    connect_heading = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("Connect heading"),
        help_text=_("Heading of the invitation to get in touch, e.g. Connect."),
    )
    connect_text = models.TextField(
        blank=True, verbose_name=_("Connect text"), help_text=_("A sentence under that heading. Hidden when empty.")
    )
    connect_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Button leads to this page"),
        help_text=_("The page the invitation leads to, usually the Connect page."),
    )
    connect_url = models.URLField(
        blank=True,
        verbose_name=_("Or to this web address"),
        help_text=_("Or a web address on another site. Used only when no page is chosen."),
    )
    connect_link_text = models.CharField(
        max_length=60,
        blank=True,
        verbose_name=_("Button words"),
        help_text=_(
            "The words on the button. Leave empty to use the heading. The section hides itself without a link."
        ),
    )
    impact_report = models.ForeignKey(
        "home.ImpactReportPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Impact report"),
        help_text=_("The impact report to feature. Its title is the panel's heading. Hidden when none is chosen."),
    )
    impact_report_teaser = models.TextField(
        blank=True,
        verbose_name=_("Invitation to read the report"),
        help_text=_("A sentence or two that invites visitors to read the report."),
    )
    promotion = models.ForeignKey(
        "home.PromotionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Promotion"),
        help_text=_(
            "The promotion to feature, e.g. Books Are Magic. It shows only while published and inside "
            "its display window (set on the promotion's own page)."
        ),
    )
    press_heading = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("“In the news” heading"),
        help_text=_(
            "Heading above the press quotes, e.g. In The News. "
            "Press items marked “Show on the home page” appear under it."
        ),
    )
    press_limit = models.PositiveSmallIntegerField(
        default=3,
        verbose_name=_("Number of press quotes"),
        help_text=_("How many featured press quotes to show, newest first."),
    )
    news_index = models.ForeignKey(
        "news.NewsIndexPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Press page"),
        help_text=_("The press page that the press heading links to."),
    )

    # Read with the site's root page, once per change (wpa_site/middleware.py).
    select_related_as_root = ["hero_image"]

    @property
    def share_image(self):
        """The picture social networks show with the home page: its opening image."""
        return self.hero_image

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
        MultiFieldPanel([FieldPanel("hero_lede"), FieldPanel("hero_image")], heading=_("Opening")),
        InlinePanel("statistics", heading=_("Statistics"), label=_("Statistic")),
        MultiFieldPanel([FieldPanel("mission_statement")], heading=_("Mission")),
    ]
    programs_panels = [
        MultiFieldPanel([FieldPanel("care_model_heading"), FieldPanel("care_model_intro")], heading=_("Care model")),
        MultiFieldPanel(
            [
                FieldPanel("connect_heading"),
                FieldPanel("connect_text"),
                PageChooserPanel("connect_page"),
                FieldPanel("connect_url"),
                FieldPanel("connect_link_text"),
            ],
            heading=_("Connect"),
        ),
    ]
    features_panels = [
        MultiFieldPanel(
            [PageChooserPanel("impact_report", "home.ImpactReportPage"), FieldPanel("impact_report_teaser")],
            heading=_("Impact report"),
        ),
        MultiFieldPanel([PageChooserPanel("promotion", "home.PromotionPage")], heading=_("Promotion")),
        MultiFieldPanel(
            [FieldPanel("press_heading"), FieldPanel("press_limit"), PageChooserPanel("news_index")],
            heading=_("In the news"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Opening & figures")),
            ObjectList(programs_panels, heading=_("Programs & Connect")),
            ObjectList(features_panels, heading=_("Features & press")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
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

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")

    introduction = models.TextField(
        blank=True,
        verbose_name=_("Introduction"),
        help_text=_("A short opening paragraph, shown large. Hidden when empty."),
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        verbose_name=_("Content"),
        help_text=_("The page's content, section by section."),
    )

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body"), STEMS_FIELD]


class ImpactReportPage(BasePage):
    summary_field = "summary"

    class Meta:
        verbose_name = _("impact report page")
        verbose_name_plural = _("impact report pages")

    reporting_period = models.CharField(
        max_length=40,
        blank=True,
        verbose_name=_("Period covered"),
        help_text=_("The period the report covers, e.g. 2024–2025. Hidden when empty."),
    )
    summary = models.TextField(
        blank=True,
        verbose_name=_("Summary"),
        help_text=_("What the report shows, in a few sentences. Shown at the top."),
    )
    key_figures = StreamField(
        [("figure", StatBlock(label=_("Figure")))],
        blank=True,
        verbose_name=_("Key figures"),
        help_text=_("The report's headline numbers, each with a short label. Hidden when empty."),
    )
    report_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Full report (PDF)"),
        help_text=_("The full report as a PDF from the documents library. Offered as a download with its size."),
    )
    body = StreamField(
        ReportStreamBlock(),
        blank=True,
        verbose_name=_("Rest of the report"),
        help_text=_("The rest of the report, section by section: text, quotes and charts."),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    # Each language's report can be its own PDF: a translation starts with the
    # English one, and the translation editor lets it choose another.
    override_translatable_fields = [SynchronizedField("report_document", overridable=True)]

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
        return {
            "url": document.url,
            "extension": document.file_extension.upper(),
            "size": size,
            "in_english": self.offers_the_english_document,
        }

    @cached_property
    def offers_the_english_document(self):
        """Whether this is a translation that still offers the English report's PDF."""
        english = ImpactReportPage.objects.filter(
            translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE
        )
        return english.exclude(pk=self.pk).filter(report_document_id=self.report_document_id).exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.document_download:
            # Printed, the download link shows this whole address.
            self.document_download["address"] = request.build_absolute_uri(self.document_download["url"])
        return context
