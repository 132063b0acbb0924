"""Site settings that are the same in every language, one concern each.

Words that visitors read in two languages are not here: Wagtail cannot
translate settings, so they live on the translatable SiteWideContent snippet.
"""

import copy

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, Site

from home.models.snippets import SiteWideContent
from wpa_site.cache.memory import cached_until_change
from wpa_site.page_translations import pages_in_locale, visitor_locale_id


class RememberedSiteSetting(BaseSiteSetting):
    """Every page reads these settings: all of them are loaded in one query
    and remembered until the next change, where Wagtail queries each one on
    every request. Each request gets its own copy, since Wagtail keeps
    per-request state on it."""

    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request):
        attribute = cls.get_cache_attr_name()
        if hasattr(request, attribute):
            return getattr(request, attribute)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        # wpa_site.middleware.SiteMiddleware reads them with the site, in the
        # same query; without it, they are read under their own name.
        shared = getattr(site, "remembered_settings", None)
        if shared is None:
            shared = cached_until_change(f"site-settings:{site.pk}", lambda: load_site_settings(site), request)
        own = copy.copy(shared[cls])
        own._page_url_cache = {}
        own.__dict__.pop("page_url", None)
        own._request = request
        show_chosen_pages_in_visitors_language(own, request)
        setattr(request, attribute, own)
        return own


def show_chosen_pages_in_visitors_language(setting, request):
    """A chosen page (the safety page) leads to its version in the language of
    the address when it has a live one; the setting keeps the page chosen,
    should it be saved."""
    locale_id = visitor_locale_id(request)
    for name in setting.select_related or []:
        page = getattr(setting, name)
        if isinstance(page, Page) and page.locale_id != locale_id:
            setting._state.fields_cache[name] = linked_pages(request).get(page.pk, page)


def linked_pages(request):
    """Page id → the page to link to, in the visitor's language, for every
    page that every page links to: the menu's and the settings' choices.
    One query for them all (the same one the menu alone would cost),
    remembered until the next change."""
    site = Site.find_for_request(request)
    locale_id = visitor_locale_id(request)

    def load():
        content = SiteWideContent.for_request(request)
        ids = [block["value"].get("page") for block in content.main_menu.raw_data] if content else []
        settings = getattr(site, "remembered_settings", None) or load_site_settings(site)
        ids += [getattr(setting, f"{name}_id") for setting in settings.values() for name in page_fields(setting)]
        return pages_in_locale(ids, locale_id)

    return cached_until_change(f"linked-pages:{site.pk}:{locale_id}", load, request)


def page_fields(setting):
    names = setting.select_related or []
    return [name for name in names if issubclass(setting._meta.get_field(name).related_model, Page)]


def setting_models():
    return RememberedSiteSetting.__subclasses__()


def setting_relations():
    """What a Site query selects to bring every setting along with it."""
    related = []
    for model in setting_models():
        name = model._meta.model_name
        related.append(name)
        related.extend(f"{name}__{field}" for field in model.select_related or [])
    return related


def load_site_settings(site):
    return settings_of(Site.objects.select_related(*setting_relations()).get(pk=site.pk))


def settings_of(site):
    """Every setting of `site`, which was read with setting_relations(). A
    setting nobody has saved yet has its defaults, unsaved: showing a page
    writes nothing."""
    loaded = {}
    for model in setting_models():
        try:
            loaded[model] = getattr(site, model._meta.model_name)
        except model.DoesNotExist:
            loaded[model] = model(site=site)
    return loaded


@register_setting(icon="site")
class OrganizationSettings(RememberedSiteSetting):
    organization_name = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("Organization name"),
        help_text=_("Shown in the header, in page titles and in the footer."),
    )
    contact_email = models.EmailField(
        blank=True, verbose_name=_("Contact email"), help_text=_("Shown in the footer. Hidden when empty.")
    )
    contact_phone = models.CharField(
        max_length=40,
        blank=True,
        verbose_name=_("Contact phone"),
        help_text=_("Shown in the footer. Hidden when empty."),
    )
    address = models.TextField(
        blank=True,
        verbose_name=_("Postal address"),
        help_text=_("Postal address, one part per line. Hidden when empty."),
    )
    donate_url = models.URLField(
        _("Donate address"),
        blank=True,
        help_text=_(
            "Where the Donate button leads. The button is hidden while this is empty; its words are "
            "set in Site-wide content (left-hand menu), tab Header."
        ),
    )

    admin_help_contact = models.CharField(
        max_length=200,
        blank=True,
        verbose_name=_("Who staff ask about the admin"),
        help_text=_(
            "A name and a way to reach them, e.g. an email address. Shown in the admin's first-day guide only, "
            "never on the site. When empty, the guide says to ask your site administrator."
        ),
    )

    panels = [
        FieldPanel("organization_name"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")], heading=_("Contact")
        ),
        FieldPanel("donate_url"),
        FieldPanel("admin_help_contact"),
    ]

    class Meta:
        verbose_name = _("Organization and contact")


@register_setting(icon="search")
class SearchEngineSettings(RememberedSiteSetting):
    founding_year = models.CharField(
        max_length=4,
        blank=True,
        verbose_name=_("Founding year"),
        help_text=_("The year WPA was founded, e.g. 1845. Search engines read it; visitors do not see it here."),
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Share image"),
        help_text=_(
            "The picture shown when someone shares a page on social media or in a chat, and WPA's logo for "
            "search engines. Best at least 1200 × 630 pixels. Pages with their own image use that instead."
        ),
    )

    select_related = ["default_share_image"]
    panels = [FieldPanel("founding_year"), FieldPanel("default_share_image")]

    class Meta:
        verbose_name = _("Search engines and sharing")


def default_quick_exit_url():
    return settings.QUICK_EXIT_DEFAULT_URL


@register_setting(icon="warning")
class SafetySettings(RememberedSiteSetting):
    quick_exit_url = models.URLField(
        _("Quick exit address"),
        default=default_quick_exit_url,
        help_text=_(
            "Where the Quick exit button takes a visitor who needs to leave at once: a neutral site "
            "that draws no attention, such as a weather site."
        ),
    )
    safety_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Browsing safely page"),
        help_text=_("A page on browsing safely, linked next to the Quick exit button. The link is hidden when empty."),
    )

    select_related = ["safety_page"]
    panels = [FieldPanel("quick_exit_url"), PageChooserPanel("safety_page")]

    class Meta:
        verbose_name = _("Safety and quick exit")


@register_setting(icon="form")
class ConnectSettings(RememberedSiteSetting):
    submission_retention_days = models.PositiveIntegerField(
        default=365,
        verbose_name=_("Keep messages for (days)"),
        help_text=_(
            "Form messages older than this many days are deleted for good by the nightly clean-up. "
            "0 keeps them until someone deletes them. Newsletter sign-ups are kept."
        ),
    )

    panels = [FieldPanel("submission_retention_days")]

    class Meta:
        verbose_name = _("Connect form messages")
