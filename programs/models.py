from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page
from wagtail.search import index

from programs.blocks import ProgramStreamBlock
from wpa_site.breadcrumbs import breadcrumbs
from wpa_site.pages import BasePage
from wpa_site.search.stemming import STEMS_FIELD
from wpa_site.visibility import public_pages, restricted_paths

# The renditions a program card shows (templates/includes/program_card.html).
# A fill crop keeps the image's focal point inside the frame.
CARD_IMAGE_SPEC = "format-{avif,webp,jpeg} fill-{400x260,800x520}"


def card_renditions(every_one_of=None):
    """Only the card's own renditions of each image, not every size ever made
    of it; and every rendition of the image `every_one_of`, by id."""
    specs = Filter().expand_spec(CARD_IMAGE_SPEC)
    wanted = Q(filter_spec__in=specs)
    if every_one_of:
        wanted |= Q(image_id=every_one_of)
    renditions = get_image_model().get_rendition_model().objects.filter(wanted)
    return Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")


class ProgramIndexPage(BasePage):
    summary_field = "introduction"

    class Meta:
        verbose_name = _("list of programs page")
        verbose_name_plural = _("list of programs pages")

    introduction = models.TextField(
        blank=True,
        verbose_name=_("Introduction"),
        help_text=_("A sentence or two above the list of programs. Hidden when empty."),
    )

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["programs.ProgramPage"]

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), STEMS_FIELD]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programs"] = ProgramPage.cards(request, ProgramPage.objects.child_of(self))
        return context


class ProgramPage(BasePage):
    summary_field = "summary"

    class Meta:
        verbose_name = _("program page")
        verbose_name_plural = _("program pages")

    summary = models.TextField(
        verbose_name=_("Summary"),
        help_text=_("What the program does, in one or two sentences. Shown on its card on the home page and here."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Image"),
        help_text=_(
            "An optional photograph for the card and the top of the page. Give it alt text when you upload it."
        ),
    )
    who_its_for = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        verbose_name=_("Who this program is for"),
        help_text=_("Who can take part and how to start. Shown under its own heading; hidden when empty."),
    )
    who_its_for_heading = models.CharField(
        max_length=80,
        blank=True,
        verbose_name=_("Heading of “Who this program is for”"),
        help_text=_("The heading above that text, e.g. Who this program is for. Needed for the section to show."),
    )
    body = StreamField(
        ProgramStreamBlock(),
        blank=True,
        verbose_name=_("Content"),
        help_text=_("More about the program, section by section."),
    )

    parent_page_types = ["programs.ProgramIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel([FieldPanel("who_its_for_heading"), FieldPanel("who_its_for")], heading=_("Who it is for")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("who_its_for"),
        index.SearchField("body"),
        STEMS_FIELD,
    ]

    def clean(self):
        super().clean()
        if self.has_who_its_for_text and not self.who_its_for_heading.strip():
            raise ValidationError(
                {"who_its_for_heading": _("Give this section a heading, e.g. Who this program is for.")}
            )

    @property
    def has_who_its_for_text(self):
        # The editor leaves empty paragraphs behind when text is deleted.
        return bool(strip_tags(self.who_its_for or "").strip())

    @cached_property
    def shows_who_its_for(self):
        """Only a section with both its heading and some text is shown."""
        return self.has_who_its_for_text and bool(self.who_its_for_heading.strip())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs(self, request)
        # The page's own image, with all its renditions (its picture, its
        # share image), comes in the same two queries as the other programs'.
        programs = ProgramPage.cards(request, ProgramPage.objects.sibling_of(self), every_rendition_of=self.image_id)
        for program in programs:
            if program.pk == self.pk and program.image_id == self.image_id:
                self.image = program.image
        context["other_programs"] = [program for program in programs if program.pk != self.pk]
        return context

    @classmethod
    def cards(cls, request, programs, every_rendition_of=None):
        """The programs visitors may see, with their images, in tree order:
        one query however many there are, and one for the renditions."""
        return public_pages(
            programs.live()
            .defer_streamfields()
            .select_related("image")
            .prefetch_related(card_renditions(every_rendition_of))
            .order_by("path"),
            restricted_paths(request),
        )
