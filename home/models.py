import copy
import datetime
import logging

from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
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
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractEmailForm,
    AbstractFormField,
    validate_to_address,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, Site
from wagtail.search import index

from home.blocks import BodyStreamBlock, ConnectRouteBlock, MenuStreamBlock, SocialLinkBlock, StatBlock
from home.page_cache import cached_until_change

logger = logging.getLogger(__name__)


def restricted_paths(request=None):
    """Tree paths of the sections visitors need a password or login to see,
    read once per request however many listings and menus ask."""
    cached = getattr(request, "_restricted_paths", None)
    if cached is not None:
        return cached
    paths = cached_until_change(
        "restricted-paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
        request,
    )
    if request is not None:
        request._restricted_paths = paths
    return paths


def public_pages(pages, restricted):
    """The pages that are outside every restricted section.

    One query for the restrictions serves every listing on a page, where
    Wagtail's `public()` would run it again for each.
    """
    return [page for page in pages if not any(page.path.startswith(path) for path in restricted)]


class ViewRestrictionsMixin:
    """Wagtail checks a page's view restrictions with two queries on every
    request; most pages are in no private section, which the remembered list
    of private sections answers without any."""

    def get_view_restrictions(self):
        has_aliases = cached_until_change("has-aliases", lambda: Page.objects.filter(alias_of__isnull=False).exists())
        # An alias takes its restrictions from its original page, elsewhere in the tree.
        if not has_aliases and not any(self.path.startswith(path) for path in restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class SeoMixin:
    """A meta description for every page: the editor's, or the page's own summary."""

    summary_field = None

    @property
    def meta_description(self):
        if self.search_description:
            return self.search_description
        if self.summary_field:
            return getattr(self, self.summary_field, "") or ""
        return ""


class HomePageStatistic(Orderable):
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

    def __str__(self):
        return f"{self.value} {self.label}"


class HomePage(ViewRestrictionsMixin, SeoMixin, Page):
    summary_field = "hero_lede"

    hero_lede = models.TextField(
        blank=True,
        help_text="The first words visitors read: what WPA does, in one or two sentences. Shown large at the top.",
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
        MultiFieldPanel([FieldPanel("hero_lede")], heading="Opening"),
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
        from news.models import PressItem
        from programs.models import ProgramPage

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
        deepest = Page.objects.filter(url_path__in=prefixes, path__startswith=self.path).order_by("-depth").first()
        if deepest is None:
            raise Http404
        # The rest of the address is the page's own business (a form's
        # "thank you" step, say), exactly as Wagtail's routing hands it on.
        return deepest.specific.route(request, path_components[deepest.depth - self.depth :])


class StandardPage(ViewRestrictionsMixin, SeoMixin, Page):
    """A plain page of text and media: about, safety notice, policies."""

    summary_field = "introduction"

    introduction = models.TextField(blank=True, help_text="A short opening paragraph, shown large. Hidden when empty.")
    body = StreamField(BodyStreamBlock(), blank=True, help_text="The page's content, section by section.")

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]


class ImpactReportPage(ViewRestrictionsMixin, SeoMixin, Page):
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
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

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


class PromotionPage(ViewRestrictionsMixin, SeoMixin, Page):
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
    search_fields = Page.search_fields + [index.SearchField("text"), index.SearchField("partner_name")]

    def clean(self):
        from django.core.exceptions import ValidationError

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


class SeedRecord(models.Model):
    """Which parts of the starting content have been created, so that a part
    staff have since deleted or changed is never created again."""

    page_cache_ignore = True

    key = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Everything that appears on every page: who WPA is, how to reach it,
    the menu, and the small words of the interface. One model, so that every
    page reads them with a single query."""

    organization_name = models.CharField(
        max_length=120, blank=True, help_text="Shown in the header, in page titles and in the footer."
    )
    contact_email = models.EmailField(blank=True, help_text="Shown in the footer. Hidden when empty.")
    contact_phone = models.CharField(max_length=40, blank=True, help_text="Shown in the footer. Hidden when empty.")
    address = models.TextField(blank=True, help_text="Postal address, one part per line. Hidden when empty.")
    donate_url = models.URLField(
        blank=True, help_text="Where the Donate button leads. The button is hidden while this is empty."
    )
    donate_label = models.CharField(
        max_length=40, blank=True, help_text="The words on the Donate button, e.g. Donate. Needed for the button."
    )
    footer_text = models.TextField(
        blank=True, help_text="A short note at the bottom of every page. Hidden when empty."
    )
    default_meta_description = models.TextField(
        blank=True,
        max_length=300,
        help_text=(
            "What search engines show under a page's title when the page has no summary of its own. "
            "One or two sentences about WPA."
        ),
    )
    founding_year = models.CharField(
        max_length=4,
        blank=True,
        help_text="The year WPA was founded, e.g. 1845. Search engines read it; visitors do not see it here.",
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "The picture shown when someone shares a page on social media or in a chat, and WPA's logo for "
            "search engines. Best at least 1200 × 630 pixels. Pages with their own image use that instead."
        ),
    )
    social_links = StreamField(
        [("social_link", SocialLinkBlock())],
        blank=True,
        help_text="WPA's profiles on social networks, linked in the footer.",
    )

    main_menu = StreamField(
        MenuStreamBlock(),
        blank=True,
        help_text="The links in the header menu, in order. Links to unpublished pages are left out.",
    )

    skip_link = models.CharField(
        max_length=60, default="Skip to main content", help_text="The first link keyboard users reach on every page."
    )
    menu_label = models.CharField(max_length=30, default="Menu", help_text="The button that opens the menu on phones.")
    main_menu_label = models.CharField(
        max_length=60, default="Main", help_text="Read out by screen readers to name the header menu."
    )
    footer_menu_label = models.CharField(
        max_length=60, default="Social media", help_text="Read out by screen readers to name the social links."
    )
    previous_page = models.CharField(
        max_length=30, default="Previous", help_text="Link to the previous page of a list."
    )
    next_page = models.CharField(max_length=30, default="Next", help_text="Link to the next page of a list.")
    pagination_label = models.CharField(
        max_length=60, default="Pages", help_text="Read out by screen readers to name the page links of a list."
    )
    page_of = models.CharField(
        max_length=60,
        default="Page {page} of {pages}",
        help_text="Where a list is on several pages. Keep {page} and {pages}; they become numbers.",
    )
    all_outlets = models.CharField(
        max_length=60, default="All outlets", help_text="The press list's choice that shows every outlet."
    )
    filter_by_outlet = models.CharField(
        max_length=60, default="Outlet", help_text="The label of the press list's outlet filter."
    )
    apply_filter = models.CharField(max_length=30, default="Show", help_text="The button that applies a filter.")
    download = models.CharField(
        max_length=40, default="Download", help_text="Before a document's name on download links."
    )
    not_found_heading = models.CharField(
        max_length=120, default="Page not found", help_text="Heading of the page shown for an unknown address."
    )
    not_found_text = models.TextField(
        default="We couldn’t find that page. It may have moved. Try the menu above or go to the home page.",
        help_text="Text of the page shown for an unknown address.",
    )
    home_link = models.CharField(max_length=60, default="Go to the home page", help_text="Link back to the home page.")
    search_heading = models.CharField(
        max_length=60, default="Search", help_text="Heading of the search page, and its title in the browser tab."
    )
    search_label = models.CharField(
        max_length=60,
        default="Search this site",
        help_text="The label of the search box in the header and on the search page.",
    )
    search_button = models.CharField(max_length=30, default="Search", help_text="The button that starts a search.")
    search_results_for = models.CharField(
        max_length=80,
        default="Results for “{query}”",
        help_text="Above the search results. Keep {query}; it becomes the words searched for.",
    )
    search_no_results = models.TextField(
        default="No pages match your search. Try fewer or different words, or use the menu.",
        help_text="Shown when a search finds nothing.",
    )

    quick_exit_url = models.URLField(
        default="https://weather.com",
        help_text=(
            "Where the Quick exit button takes a visitor who needs to leave at once: a neutral site "
            "that draws no attention, such as a weather site."
        ),
    )
    quick_exit_label = models.CharField(
        max_length=40, default="Quick exit", help_text="The words on the Quick exit button at the top of every page."
    )
    quick_exit_hint = models.CharField(
        max_length=160,
        default="Leave this site now. You can also press the Escape key twice.",
        help_text="Read out by screen readers after the button's words, to explain what it does.",
    )
    safety_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A page on browsing safely, linked next to the Quick exit button. The link is hidden when empty.",
    )
    safety_link_label = models.CharField(
        max_length=60, default="Browsing safely", help_text="The words of the link to that page."
    )

    error_summary_heading = models.CharField(
        max_length=120,
        default="There is a problem",
        help_text="Heading of the list of mistakes shown at the top of a form that was sent with errors.",
    )
    error_required = models.CharField(
        max_length=120, default="Please fill this in.", help_text="Shown under a required question left empty."
    )
    error_too_long = models.CharField(
        max_length=120,
        default="Please shorten this to {max} characters or fewer.",
        help_text="Shown under an answer that is too long. Keep {max}; it becomes the number.",
    )
    error_invalid = models.CharField(
        max_length=120,
        default="Please check this answer.",
        help_text="Shown under an answer that is not in the expected form, e.g. an email address without @.",
    )
    error_too_fast = models.CharField(
        max_length=200,
        default="Please check your answers and press the button again.",
        help_text=(
            "Shown when a form was sent within seconds of opening it, which is what robots do. "
            "What the visitor typed is kept."
        ),
    )
    form_optional_marker = models.CharField(
        max_length=30,
        default="(optional)",
        help_text="Shown after the label of every question that may be left empty.",
    )
    too_many_requests_heading = models.CharField(
        max_length=120,
        default="Please wait a moment",
        help_text="Heading of the page shown when one device sends many forms in a short time.",
    )
    too_many_requests_text = models.TextField(
        default=(
            "We have received several messages from this connection in a short time. "
            "Please wait a minute and try again."
        ),
        help_text="Text of that page.",
    )

    newsletter_heading = models.CharField(
        max_length=120,
        blank=True,
        default="Newsletter",
        help_text="Heading of the newsletter sign-up in the footer. Hidden when empty.",
    )
    newsletter_email_label = models.CharField(
        max_length=60, default="Email address", help_text="Label of the newsletter's email field."
    )
    newsletter_first_name_label = models.CharField(
        max_length=60,
        default="First name",
        help_text="Label of the newsletter's first-name field. The optional marker is added after it.",
    )
    newsletter_consent_text = models.TextField(
        default="By signing up, you agree to receive our email newsletter.",
        help_text=(
            "What people agree to when they sign up, shown above the button. "
            "The exact words are saved with each sign-up."
        ),
    )
    newsletter_button = models.CharField(max_length=40, default="Sign up", help_text="The newsletter's button.")
    newsletter_thanks_heading = models.CharField(
        max_length=120, default="Thank you", help_text="Heading shown after someone signs up."
    )
    newsletter_thanks_text = models.TextField(
        default="Thank you for signing up for our newsletter.",
        help_text="Shown after someone signs up, whether or not the address was already on the list.",
    )
    newsletter_back_link = models.CharField(
        max_length=60, default="Back to the home page", help_text="Link shown under that thank-you note."
    )

    submission_retention_days = models.PositiveIntegerField(
        default=365,
        help_text=(
            "Form messages older than this many days are deleted for good by the nightly clean-up. "
            "0 keeps them until someone deletes them. Newsletter sign-ups are kept."
        ),
    )

    select_related = ["safety_page", "default_share_image"]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("organization_name"),
                    MultiFieldPanel(
                        [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
                        heading="Contact",
                    ),
                    MultiFieldPanel([FieldPanel("donate_url"), FieldPanel("donate_label")], heading="Donate button"),
                    FieldPanel("footer_text"),
                    FieldPanel("social_links"),
                    MultiFieldPanel(
                        [
                            FieldPanel("default_meta_description"),
                            FieldPanel("founding_year"),
                            FieldPanel("default_share_image"),
                        ],
                        heading="Search engines and sharing",
                    ),
                ],
                heading="Organization",
            ),
            ObjectList([FieldPanel("main_menu")], heading="Menu"),
            ObjectList(
                [
                    MultiFieldPanel(
                        [FieldPanel("skip_link"), FieldPanel("menu_label"), FieldPanel("main_menu_label")],
                        heading="Header",
                    ),
                    MultiFieldPanel([FieldPanel("footer_menu_label")], heading="Footer"),
                    MultiFieldPanel(
                        [
                            FieldPanel("previous_page"),
                            FieldPanel("next_page"),
                            FieldPanel("pagination_label"),
                            FieldPanel("page_of"),
                            FieldPanel("all_outlets"),
                            FieldPanel("filter_by_outlet"),
                            FieldPanel("apply_filter"),
                        ],
                        heading="Lists",
                    ),
                    FieldPanel("download"),
                    MultiFieldPanel(
                        [FieldPanel("not_found_heading"), FieldPanel("not_found_text"), FieldPanel("home_link")],
                        heading="Page not found",
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("search_heading"),
                            FieldPanel("search_label"),
                            FieldPanel("search_button"),
                            FieldPanel("search_results_for"),
                            FieldPanel("search_no_results"),
                        ],
                        heading="Search",
                    ),
                ],
                heading="Interface text",
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("quick_exit_url"),
                            FieldPanel("quick_exit_label"),
                            FieldPanel("quick_exit_hint"),
                            PageChooserPanel("safety_page"),
                            FieldPanel("safety_link_label"),
                        ],
                        heading="Quick exit",
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("error_summary_heading"),
                            FieldPanel("error_required"),
                            FieldPanel("error_too_long"),
                            FieldPanel("error_invalid"),
                            FieldPanel("error_too_fast"),
                            FieldPanel("form_optional_marker"),
                            FieldPanel("too_many_requests_heading"),
                            FieldPanel("too_many_requests_text"),
                        ],
                        heading="Forms",
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("newsletter_heading"),
                            FieldPanel("newsletter_email_label"),
                            FieldPanel("newsletter_first_name_label"),
                            FieldPanel("newsletter_consent_text"),
                            FieldPanel("newsletter_button"),
                            FieldPanel("newsletter_thanks_heading"),
                            FieldPanel("newsletter_thanks_text"),
                            FieldPanel("newsletter_back_link"),
                        ],
                        heading="Newsletter",
                    ),
                    FieldPanel("submission_retention_days"),
                ],
                heading="Connect and safety",
            ),
        ]
    )

    class Meta:
        verbose_name = "Site settings"

    @classmethod
    def for_request(cls, request):
        """Every page reads the settings: remembered until the next change,
        where Wagtail queries them on every request. Each request gets its
        own copy, since Wagtail keeps per-request state on it."""
        attribute = cls.get_cache_attr_name()
        if hasattr(request, attribute):
            return getattr(request, attribute)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        shared = cached_until_change(f"site-settings:{site.pk}", lambda: cls.for_site(site), request)
        own = copy.copy(shared)
        own._page_url_cache = {}
        own.__dict__.pop("page_url", None)
        own._request = request
        setattr(request, attribute, own)
        return own

    @property
    def show_donate(self):
        return bool(self.donate_url and self.donate_label)


class ConnectFormField(AbstractFormField):
    """A question on the Connect form, defined by staff."""

    page = ParentalKey("home.ConnectPage", on_delete=models.CASCADE, related_name="form_fields")
    label = models.CharField(
        max_length=255,
        help_text="The question, e.g. How should we reach you? Its answers are stored under this name.",
    )
    field_type = models.CharField(
        max_length=16,
        choices=FORM_FIELD_CHOICES,
        help_text="What kind of answer: a line of text, a longer message, a choice, and so on.",
    )
    field_type.required_on_save = True
    required = models.BooleanField(
        default=True,
        help_text="Ask only what is needed: people may leave questions that are not required empty.",
    )
    choices = models.TextField(
        blank=True,
        help_text="For choices only: one per line (or separated by commas).",
    )
    default_value = models.TextField(blank=True, help_text="An answer filled in in advance. Usually left empty.")
    help_text = models.CharField(
        max_length=255, blank=True, help_text="A hint shown under the question. Hidden when empty."
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("default_value", classname="formbuilder-default"),
    ]


class ConnectPage(ViewRestrictionsMixin, SeoMixin, RoutablePageMixin, AbstractEmailForm):
    """The contact form: each message is kept in the admin, then emailed to
    the people who handle its kind of request."""

    summary_field = "introduction"

    introduction = models.TextField(blank=True, help_text="A few words above the form. Hidden when empty.")
    topic_label = models.CharField(
        max_length=120,
        default="How can we help?",
        help_text="The first question, answered by choosing one of the routes below. Always required.",
    )
    topic_help_text = models.CharField(
        max_length=255, blank=True, help_text="A hint under that question. Hidden when empty."
    )
    routes = StreamField(
        [("route", ConnectRouteBlock())],
        blank=True,
        help_text=(
            "The answers visitors choose from, in order, each with the email address its messages go to. "
            "The question is hidden while there are none."
        ),
    )
    privacy_note = models.TextField(
        blank=True,
        help_text="What happens to the message and who reads it, shown above the button. Hidden when empty.",
    )
    submit_label = models.CharField(max_length=40, default="Send", help_text="The words on the form's button.")
    thank_you_heading = models.CharField(
        max_length=120, default="Thank you", help_text="Heading of the page shown once a message is sent."
    )
    thank_you_text = models.TextField(
        blank=True, help_text="Text of the page shown once a message is sent, e.g. when to expect an answer."
    )
    donate_text = models.TextField(
        blank=True,
        help_text=(
            "A sentence next to the Donate button on this page. The button appears when the donate "
            "address and label are set in the site settings."
        ),
    )

    to_address = models.CharField(
        max_length=255,
        blank=True,
        validators=[validate_to_address],
        help_text=(
            "Who receives messages whose answer has no email address of its own. "
            "Separate several addresses with commas. Every message is also kept under Forms."
        ),
    )
    from_address = models.EmailField(
        max_length=255, blank=True, help_text="Who those emails come from. Leave empty for the site's default."
    )
    subject = models.CharField(
        max_length=255, blank=True, help_text="The emails' subject. Leave empty to use the page title."
    )

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("topic_label"), FieldPanel("topic_help_text"), FieldPanel("routes")],
            heading="How can we help?",
        ),
        InlinePanel("form_fields", heading="Other questions", label="Question"),
        FieldPanel("privacy_note"),
        FieldPanel("submit_label"),
        MultiFieldPanel([FieldPanel("thank_you_heading"), FieldPanel("thank_you_text")], heading="After sending"),
        FieldPanel("donate_text"),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")], heading="Email"
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    def get_form_fields(self):
        return self.form_fields.all()

    def get_submissions_list_view_class(self):
        from home.exports import SafeSubmissionsListView

        return SafeSubmissionsListView

    def get_topic_choices(self):
        return [route.value["label"] for route in self.routes]

    def get_form_class(self):
        from home.public_forms import ConnectFormBuilder

        builder = ConnectFormBuilder(
            self.get_form_fields(),
            topic_label=self.topic_label,
            topic_help_text=self.topic_help_text,
            topic_choices=self.get_topic_choices(),
        )
        return builder.get_form_class()

    def get_form(self, *args, **kwargs):
        request = kwargs.pop("request", None)
        kwargs.setdefault("labels", SiteSettings.for_request(request) if request else None)
        return super().get_form(*args, **kwargs)

    def get_data_fields(self):
        from home.public_forms import TOPIC_FIELD

        data_fields = super().get_data_fields()
        return data_fields[:1] + [(TOPIC_FIELD, self.topic_label)] + data_fields[1:]

    def recipients_for(self, topic):
        for route in self.routes:
            if route.value["label"] == topic and route.value["email"]:
                return [route.value["email"]]
        return [address.strip() for address in self.to_address.split(",") if address.strip()]

    def process_form_submission(self, form):
        """Keep the message first; an email that cannot be sent must not lose it."""
        from home.public_forms import TOPIC_FIELD

        submission = self.get_submission_class().objects.create(form_data=form.submission_data, page=self)
        recipients = self.recipients_for(form.cleaned_data.get(TOPIC_FIELD))
        if recipients:
            try:
                self.send_mail(form, recipients)
            except Exception:
                logger.exception("Could not email Connect form submission %s; it is kept in the admin.", submission.pk)
        return submission

    def send_mail(self, form, recipients=None):
        from wagtail.admin.mail import send_mail

        send_mail(
            self.subject or self.title,
            self.render_email(form),
            recipients or self.recipients_for(None),
            self.from_address,
        )

    def render_email(self, form):
        lines = []
        for field in form.visitor_fields:
            value = form.cleaned_data.get(field.name)
            if isinstance(value, list):
                value = ", ".join(value)
            lines.append(f"{field.label}: {value if value not in (None, '') else '-'}")
        return "\n".join(lines)

    def landing_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("sent")

    def no_store(self, response):
        """Nothing a visitor typed, or the fact they wrote, stays in caches or history."""
        add_never_cache_headers(response)
        response["Cache-Control"] += ", no-store"
        return response

    @path("")
    def form_view(self, request, *args, **kwargs):
        from home.public_forms import cleaned_data_copy
        from home.views import is_rate_limited, too_many_requests

        if request.method == "POST":
            if is_rate_limited(request):
                # Shown again unchecked, with what was typed, to send a minute later.
                typed = cleaned_data_copy(request.POST).dict()
                form = self.get_form(page=self, user=request.user, request=request, initial=typed)
                form.annotate_fields()
                context = self.get_context(request)
                context["form"] = form
                return self.no_store(too_many_requests(request, context))
            form = self.get_form(request.POST, page=self, user=request.user, request=request)
            if form.is_valid():
                if not form.is_spam:
                    self.process_form_submission(form)
                response = HttpResponseRedirect(self.landing_url(request))
                response.status_code = 303
                return response
        else:
            form = self.get_form(page=self, user=request.user, request=request)
        form.annotate_fields()
        context = self.get_context(request)
        context["form"] = form
        return self.no_store(TemplateResponse(request, self.get_template(request), context))

    @path("sent/", name="sent")
    def landing_view(self, request, *args, **kwargs):
        return self.no_store(self.render_landing_page(request))

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_landing_page(request)
        return self.form_view(request)

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["form"] = self.get_form(page=self, user=request.user, request=request)
        return context


class NewsletterSignup(models.Model):
    """Someone who asked for the newsletter, with the words they agreed to."""

    page_cache_ignore = True

    email = models.EmailField(unique=True, help_text="The address the newsletter is sent to, in lower case.")
    first_name = models.CharField(max_length=100, blank=True, help_text="How to greet them. Optional.")
    consent_text = models.TextField(help_text="The consent text shown on the sign-up form when they signed up.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When they signed up.")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "newsletter sign-up"

    def __str__(self):
        return self.email
