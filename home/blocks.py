"""StreamField blocks shared by every page type."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class LinkStructValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("url") or ""

    def text(self):
        if self.get("text"):
            return self["text"]
        page = self.get("page")
        return page.title if page else ""


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to another website."""

    text = blocks.CharBlock(
        label=_("Link words"),
        required=False,
        max_length=80,
        help_text=_("The words people click. Leave empty to use the chosen page's title."),
    )
    page = blocks.PageChooserBlock(
        label=_("Page"), required=False, help_text=_("A page on this site. Choose a page or enter a web address.")
    )
    url = blocks.URLBlock(
        required=False, label=_("Web address"), help_text=_("Another website, starting with https://")
    )

    class Meta:
        icon = "link"
        value_class = LinkStructValue

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("page") and value.get("url"):
            message = _("Choose a page or enter a web address, not both.")
            errors["page"] = ErrorList([ValidationError(message)])
            errors["url"] = ErrorList([ValidationError(message)])
        elif not value.get("page") and not value.get("url"):
            errors["page"] = ErrorList([ValidationError(_("Choose a page or enter a web address."))])
        if not value.get("page") and value.get("url") and not value.get("text"):
            errors["text"] = ErrorList([ValidationError(_("Links to other websites need the words people click."))])
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class StatBlock(blocks.StructBlock):
    value = blocks.CharBlock(
        label=_("Figure"),
        max_length=20,
        help_text=_("The figure itself, as it should appear, e.g. 500+ or 1845. Shown large."),
    )
    label = blocks.CharBlock(
        label=_("What it counts"),
        max_length=60,
        help_text=_("What the figure counts, e.g. Women served. Shown under it."),
    )
    description = blocks.TextBlock(
        label=_("Explanation"),
        required=False,
        max_length=240,
        help_text=_("One optional sentence of context. Hidden when empty."),
    )

    class Meta:
        icon = "order"
        template = "blocks/stat_block.html"


class StatisticsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), required=False, max_length=120, help_text=_("Optional heading above the figures.")
    )
    items = blocks.ListBlock(StatBlock(), min_num=1, label=_("Figures"))

    class Meta:
        icon = "table"
        template = "blocks/statistics_block.html"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        help_text = _("A section heading. It becomes a level-two heading (the page title is level one).")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(
        label=_("Quote"), max_length=1000, help_text=_("The words quoted, including quotation marks if you want them.")
    )
    attribution = blocks.CharBlock(
        label=_("Who said it"),
        required=False,
        max_length=120,
        help_text=_("Who said it or where it appeared. Hidden when empty."),
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), max_length=120, help_text=_("A short invitation, e.g. Get support.")
    )
    text = blocks.TextBlock(
        label=_("Text"), required=False, max_length=400, help_text=_("One or two sentences. Hidden when empty.")
    )
    link = LinkBlock(label=_("Button link"), help_text=_("Where the button goes."))

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"), help_text=_("Describe the image in its alt text, or mark it decorative."))
    caption = blocks.CharBlock(
        label=_("Caption"), required=False, max_length=250, help_text=_("Shown under the image. Hidden when empty.")
    )

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(
        label=_("Document"), help_text=_("A document from the documents library, e.g. a PDF.")
    )
    text = blocks.CharBlock(
        label=_("Link words"),
        required=False,
        max_length=120,
        help_text=_("The words of the download link. Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_download_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    """The body of any page: the app-specific streams extend this one."""

    heading = HeadingBlock(label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"],
        help_text=_("Text with optional sub-headings, lists and links."),
        template="blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Quote"))
    call_to_action = CallToActionBlock(label=_("Call to action"))
    statistics = StatisticsBlock(label=_("Figures"))
    document = DocumentDownloadBlock(label=_("Document download"))


class MenuStreamBlock(blocks.StreamBlock):
    link = LinkBlock(label=_("Link"))


SOCIAL_NETWORKS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("x", "X (Twitter)"),
    ("youtube", "YouTube"),
    ("tiktok", "TikTok"),
    ("bluesky", "Bluesky"),
    ("threads", "Threads"),
]


class SocialLinkStructValue(blocks.StructValue):
    def network_name(self):
        return dict(SOCIAL_NETWORKS).get(self.get("network"), "")


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        label=_("Network"),
        choices=SOCIAL_NETWORKS,
        help_text=_("Which network this is; its name is shown as the link text."),
    )
    url = blocks.URLBlock(
        label=_("Profile address"), help_text=_("The full address of WPA's profile, starting with https://")
    )

    class Meta:
        icon = "site"
        value_class = SocialLinkStructValue


class ConnectRouteBlock(blocks.StructBlock):
    """One answer to "How can we help?" and who receives those messages."""

    label = blocks.CharBlock(
        label=_("Answer"), max_length=120, help_text=_("The answer as visitors see it, e.g. Press.")
    )
    email = blocks.EmailBlock(
        label=_("Email address"),
        required=False,
        help_text=_(
            "Who receives messages with this answer by email. When empty, they go to the page's "
            "“Send messages to” address. Every message is also kept under Forms in the admin. A translation "
            "keeps this address unless it is given one of its own in the translation editor."
        ),
    )

    class Meta:
        icon = "mail"
        label = _("Answer")
