import math

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from wpa_site.cache.pages import skip_page_cache
from wpa_site.pages import BasePage
from wpa_site.pagination import paginate
from wpa_site.search.stemming import STEMS_FIELD


class PressItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(live=True)

    def newest_first(self):
        return self.order_by(F("date").desc(nulls_last=True), "pk")

    def featured(self):
        return self.published().filter(featured=True).newest_first()


class PressItem(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, index.Indexed, models.Model
):
    outlet = models.CharField(
        max_length=120, verbose_name=_("Outlet"), help_text=_("The newspaper, magazine, channel or website, e.g. CNN.")
    )
    headline = models.CharField(
        max_length=255, verbose_name=_("Headline"), help_text=_("The article's headline, as published.")
    )
    quote = models.TextField(
        max_length=1000,
        verbose_name=_("Quote"),
        help_text=_("The words quoted from the article, with their quotation marks. Shown as a pull-quote."),
    )
    speaker = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("Person quoted"),
        help_text=_("Who is quoted, if the article names them. Hidden when empty."),
    )
    url = models.URLField(
        blank=True,
        verbose_name=_("Article address"),
        help_text=_("The article's web address. Without it the headline is not a link."),
    )
    date = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("Date published"),
        help_text=_("When the article appeared. Sorts newest first."),
    )
    featured = models.BooleanField(
        default=False, verbose_name=_("Show on the home page"), help_text=_("Show this quote on the home page.")
    )
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        verbose_name=_("language of the article"),
        default="en",
        help_text=_(
            "The language the article is written in. Headlines and quotes stay in their own language on "
            "every version of the site; this tells screen readers how to pronounce them."
        ),
    )

    objects = PressItemQuerySet.as_manager()
    # Shown after a quote in another language than the page's, e.g. "(en inglés)".
    LANGUAGE_NOTES = {"en": _("(in English)"), "es": _("(in Spanish)")}

    panels = [
        FieldPanel("outlet"),
        FieldPanel("headline"),
        FieldPanel("quote"),
        FieldPanel("speaker"),
        FieldPanel("url"),
        FieldPanel("language"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("featured")]),
        PublishingPanel(),
    ]
    search_fields = [
        index.SearchField("outlet"),
        index.SearchField("headline"),
        index.SearchField("quote"),
        index.AutocompleteField("headline"),
        index.AutocompleteField("outlet"),
        index.FilterField("featured"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("press item")
        ordering = [F("date").desc(nulls_last=True), "pk"]

    def __str__(self):
        return f"{self.headline} ({self.outlet})"

    def language_note(self):
        """ "(in English)" in the page's language, when the article is in another one."""
        if self.language == get_language():
            return ""
        return self.LANGUAGE_NOTES.get(self.language, "")

    def get_preview_template(self, request, mode_name):
        return "news/press_item_preview.html"


class NewsIndexPage(BasePage):
    summary_field = "introduction"

    class Meta:
        verbose_name = _("press page")
        verbose_name_plural = _("press pages")

    items_per_page = 10

    introduction = models.TextField(
        blank=True, verbose_name=_("Introduction"), help_text=_("A sentence above the press list. Hidden when empty.")
    )

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = Page.content_panels + [MultiFieldPanel([FieldPanel("introduction")], heading=_("Introduction"))]
    search_fields = Page.search_fields + [index.SearchField("introduction"), STEMS_FIELD]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Press items number in the dozens: one query fetches them all, and the
        # outlet filter and pagination work on that list.
        published = list(PressItem.objects.published().newest_first())
        outlets = sorted({item.outlet for item in published})
        asked_outlet = request.GET.get("outlet")
        selected_outlet = asked_outlet if asked_outlet in outlets else ""
        if asked_outlet is not None and not selected_outlet:
            skip_page_cache(request)  # only the outlets there are have addresses worth storing
        items = [item for item in published if not selected_outlet or item.outlet == selected_outlet]
        pagination = paginate(request, items, self.items_per_page, outlet=selected_outlet)
        context.update(
            outlets=outlets,
            selected_outlet=selected_outlet,
            pagination=pagination,
            press_items=pagination["items"],
        )
        return context

    def get_cached_paths(self):
        """Every address of this list a shared cache may keep: each of its
        pages, and each page of each outlet's filter, written as the list's
        own links are (wpa_site/pagination.py), so a purge reaches them all."""
        outlets = list(PressItem.objects.published().values_list("outlet", flat=True))
        paths = []
        for outlet in ["", *sorted(set(outlets))]:
            items = outlets.count(outlet) if outlet else len(outlets)
            for number in range(1, max(1, math.ceil(items / self.items_per_page)) + 1):
                query = {"outlet": outlet} if outlet else {}
                if number > 1:
                    query["page"] = number
                paths.append("?" + urlencode(query) if query else "/")
        return paths
