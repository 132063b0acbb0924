"""Words and links every page shows, that staff write in each language."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin

from home.blocks import MenuStreamBlock, SocialLinkBlock
from wpa_site.cache.memory import cached_until_change


class SiteWideContent(TranslatableMixin, models.Model):
    """The menu, the quick-exit words, the footer and the newsletter texts:
    one set for each language of the site."""

    main_menu = StreamField(
        MenuStreamBlock(),
        blank=True,
        verbose_name=_("Menu links"),
        help_text=_("The links in the header menu, in order. Links to unpublished pages are left out."),
    )

    quick_exit_label = models.CharField(
        max_length=40,
        blank=True,
        verbose_name=_("Quick exit button words"),
        help_text=_("The words on the Quick exit button at the top of every page."),
    )
    quick_exit_hint = models.CharField(
        max_length=160,
        blank=True,
        verbose_name=_("Quick exit explanation for screen readers"),
        help_text=_("Read out by screen readers after the button's words, to explain what it does."),
    )
    safety_link_label = models.CharField(
        max_length=60,
        blank=True,
        verbose_name=_("Browsing safely link words"),
        help_text=_(
            "The words of the link to the page on browsing safely (chosen in Settings → Safety and quick exit)."
        ),
    )
    get_help_label = models.CharField(
        _("Get help button"),
        max_length=40,
        blank=True,
        help_text=_(
            "The words on the button in every page's header and on the home page that leads to the Connect "
            "page. Leave empty for “Get help”."
        ),
    )
    donate_label = models.CharField(
        max_length=40,
        blank=True,
        verbose_name=_("Donate button words"),
        help_text=_(
            "The words on the Donate button, e.g. Donate. The button shows when these and the donate address "
            "(Settings → Organization and contact) are set."
        ),
    )

    footer_text = models.TextField(
        blank=True,
        verbose_name=_("Footer note"),
        help_text=_("A short note at the bottom of every page. Hidden when empty."),
    )
    social_links = StreamField(
        [("social_link", SocialLinkBlock(label=_("Social media link")))],
        blank=True,
        verbose_name=_("Social media links"),
        help_text=_("WPA's profiles on social networks, linked in the footer."),
    )

    newsletter_heading = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("Newsletter heading"),
        help_text=_("Heading of the newsletter sign-up in the footer. Hidden when empty."),
    )
    newsletter_consent_text = models.TextField(
        blank=True,
        verbose_name=_("Consent text"),
        help_text=_(
            "What people agree to when they sign up, shown above the button. The exact words are saved with "
            "each sign-up. The sign-up form is hidden while this is empty."
        ),
    )
    newsletter_thanks_heading = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("Thank-you heading"),
        help_text=_("Heading shown after someone signs up."),
    )
    newsletter_thanks_text = models.TextField(
        blank=True,
        verbose_name=_("Thank-you text"),
        help_text=_("Shown after someone signs up, whether or not the address was already on the list."),
    )

    default_meta_description = models.TextField(
        blank=True,
        max_length=300,
        verbose_name=_("Default description for search engines"),
        help_text=_(
            "What search engines show under a page's title when the page has no summary of its own. "
            "One or two sentences about WPA."
        ),
    )

    edit_handler = TabbedInterface(
        [
            ObjectList([FieldPanel("main_menu")], heading=_("Menu")),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("quick_exit_label"),
                            FieldPanel("quick_exit_hint"),
                            FieldPanel("safety_link_label"),
                        ],
                        heading=_("Quick exit"),
                    ),
                    FieldPanel("get_help_label"),
                    FieldPanel("donate_label"),
                ],
                heading=_("Header"),
            ),
            ObjectList([FieldPanel("footer_text"), FieldPanel("social_links")], heading=_("Footer")),
            ObjectList(
                [
                    FieldPanel("newsletter_heading"),
                    FieldPanel("newsletter_consent_text"),
                    MultiFieldPanel(
                        [FieldPanel("newsletter_thanks_heading"), FieldPanel("newsletter_thanks_text")],
                        heading=_("After signing up"),
                    ),
                ],
                heading=_("Newsletter"),
            ),
            ObjectList([FieldPanel("default_meta_description")], heading=_("Search engines")),
        ]
    )

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site-wide content")
        verbose_name_plural = _("site-wide content")

    def __str__(self):
        return gettext("Site-wide content (%(language)s)") % {"language": self.locale.get_display_name()}

    def clean(self):
        super().clean()
        others = SiteWideContent.objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        if self.locale_id and others.exists():
            raise ValidationError(_("This language has its site-wide content already: edit that one instead."))

    @classmethod
    def for_request(cls, request):
        """This language's content, else the default language's; remembered
        until the next change."""
        try:
            language = get_supported_content_language_variant(get_language())
        except LookupError:
            language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        return cached_until_change(f"site-wide-content:{language}", lambda: cls.for_language(language), request)

    @classmethod
    def for_language(cls, language):
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        found = {
            content.locale.language_code: content
            for content in cls.objects.filter(locale__language_code__in={language, default}).select_related("locale")
        }
        return found.get(language) or found.get(default)
