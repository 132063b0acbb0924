"""Builds the starting site from the organization's copy (initial_content.json),
in English and, from es.po, in Spanish.

Each part is created once: a SeedRecord remembers it, so running the loader
again changes nothing, and a page or setting that staff have since edited or
deleted is left as they left it. The same holds for each Spanish version.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from home.models import (
    ConnectFormField,
    ConnectPage,
    HomePage,
    HomePageStatistic,
    ImpactReportPage,
    OrganizationSettings,
    PromotionPage,
    SafetySettings,
    SearchEngineSettings,
    SeedRecord,
    SiteWideContent,
    StandardPage,
)
from home.seed.catalog import SpanishCatalog
from home.seed.spanish import SpanishSeed
from news.models import NewsIndexPage, PressItem
from programs.models import ProgramIndexPage, ProgramPage

CONTENT_PATH = Path(__file__).with_name("initial_content.json")


class SeedLoader:
    def __init__(self, content=None, catalog=None):
        self.content = content or json.loads(CONTENT_PATH.read_text(encoding="utf-8"))
        self.catalog = catalog or SpanishCatalog()
        self.created = []
        self.waiting_for_translation = []

    def run(self):
        # Before anything is created: the seed cannot half-happen for want of a Spanish string.
        self.catalog.check(self.content)
        home = self.ensure_home_page()
        site = self.ensure_default_site(home)
        pages = {
            "programs_index": self.seed_page("programs_index", home, ProgramIndexPage),
            "impact_report": self.seed_page("impact_report", home, ImpactReportPage),
            "promotion": self.seed_page("promotion", home, PromotionPage),
            "news_index": self.seed_page("news_index", home, NewsIndexPage),
        }
        programs = []
        if pages["programs_index"]:
            for program in self.content["programs"]:
                key = f"program:{slugify(program['title'])}"
                programs.append((key, self.seed_child(key, pages["programs_index"], ProgramPage, program)))
        self.once("press-items", self.seed_press_items)
        self.once("home-content", lambda: self.fill_home_page(home, pages))
        self.once("organization-settings", lambda: self.fill_organization_settings(site))
        self.once("site-wide-content", lambda: self.ensure_site_wide_content(home))
        self.once("main-menu", lambda: self.fill_main_menu(home, pages))
        connect = self.seed_connect_page(home)
        safety = self.seed_page("safety_page", home, StandardPage)
        if connect:
            self.once("home-connect-link", lambda: self.link_connect_page(home, connect))
        if safety:
            self.once("safety-settings", lambda: self.fill_safety_settings(site, safety))
        # Parents before children, and the pages a link points to before the
        # home page and menu that link to them.
        to_translate = [
            ("page:programs_index", pages["programs_index"]),
            *programs,
            *((f"page:{key}", pages[key]) for key in ("impact_report", "promotion", "news_index")),
            ("page:connect", connect),
            ("page:safety_page", safety),
            ("page:home", home.specific),
            ("site-wide-content", SiteWideContent.objects.filter(locale_id=home.locale_id).first()),
        ]
        self.waiting_for_translation = SpanishSeed(self.catalog, self.once).run(to_translate)
        return self.created

    def once(self, key, create):
        if SeedRecord.objects.filter(key=key).exists():
            return False
        create()
        SeedRecord.objects.create(key=key)
        self.created.append(key)
        return True

    def ensure_home_page(self):
        home = HomePage.objects.filter(locale__language_code=self.default_language()).first()
        if home:
            return home
        root = Page.get_first_root_node() or self.ensure_tree_root()
        # Wagtail's own migration leaves a placeholder "Welcome" page whose
        # slug the home page needs.
        for placeholder in root.get_children().filter(content_type__model="page", slug="home"):
            placeholder.delete()
        home = root.add_child(instance=HomePage(title=self.content["home"]["title"], slug="home"))
        home.save_revision().publish()
        self.created.append("home page")
        return home

    @staticmethod
    def default_language():
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)

    @staticmethod
    def ensure_tree_root():
        """Wagtail's migrations make the tree's root; a database emptied
        since (e.g. by `flush`) gets it back here."""
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        return Page.add_root(instance=Page(title="Root", slug="root", live=True))

    def ensure_default_site(self, home):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
            self.created.append("default site")
        elif not isinstance(site.root_page.specific, HomePage):
            site.root_page = home
            site.save()
            self.created.append("default site root")
        return site

    def seed_page(self, key, parent, page_class):
        fields = dict(self.content[key])
        return self.seed_child(f"page:{key}", parent, page_class, fields)

    def seed_child(self, key, parent, page_class, fields):
        fields = {name: as_date(page_class, name, value) for name, value in fields.items()}
        slug = fields.pop("slug", None) or slugify(fields["title"])
        existing = page_class.objects.child_of(parent).filter(slug=slug).first()
        if SeedRecord.objects.filter(key=key).exists():
            return existing
        if existing is None:
            existing = parent.add_child(instance=page_class(slug=slug, **fields))
            existing.save_revision().publish()
        SeedRecord.objects.create(key=key)
        self.created.append(key)
        return existing

    def seed_press_items(self):
        for item in self.content["press_items"]:
            if PressItem.objects.filter(headline=item["headline"]).exists():
                continue
            press_item = PressItem.objects.create(**item)
            press_item.save_revision().publish()

    def fill_home_page(self, home, pages):
        home = home.specific
        content = self.content["home"]
        for field, value in content.items():
            if field in {"title", "statistics"}:
                continue
            if not getattr(home, field):
                setattr(home, field, value)
        if not home.statistics.exists():
            # An explicit order, so that editing one statistic never reorders them.
            home.statistics = [
                HomePageStatistic(sort_order=position, **statistic)
                for position, statistic in enumerate(content["statistics"])
            ]
        home.impact_report = home.impact_report or pages["impact_report"]
        home.promotion = home.promotion or pages["promotion"]
        home.news_index = home.news_index or pages["news_index"]
        # Saving first gives the statistics their ids, so the revision refers
        # to the same rows and restoring it later replaces them, not adds to them.
        home.save()
        home.save_revision().publish()

    def fill_organization_settings(self, site):
        for model, key in ((OrganizationSettings, "organization"), (SearchEngineSettings, "search_engines")):
            settings = model.for_site(site)
            for field, value in self.content[key].items():
                if not getattr(settings, field):
                    setattr(settings, field, value)
            settings.save()

    def ensure_site_wide_content(self, home):
        """The default language's site-wide words, unless they exist already
        (a database seeded before they moved off the settings has them)."""
        if SiteWideContent.objects.filter(locale_id=home.locale_id).exists():
            return
        SiteWideContent.objects.create(locale_id=home.locale_id, **self.content["site_wide_content"])

    def fill_main_menu(self, home, pages):
        content = SiteWideContent.objects.filter(locale_id=home.locale_id).first()
        if content is not None and not content.main_menu:
            content.main_menu = [
                ("link", {"page": pages[key], "text": "", "url": ""})
                for key in self.content["main_menu"]
                if pages.get(key)
            ]
            content.save()

    def seed_connect_page(self, home):
        """The contact form with its answers and questions; staff add the
        email addresses, so none are seeded."""
        fields = dict(self.content["connect"])
        fields["routes"] = [("route", {"label": label, "email": ""}) for label in fields["routes"]]
        fields["form_fields"] = [ConnectFormField(**field) for field in fields.pop("form_fields")]
        return self.seed_child("page:connect", home, ConnectPage, fields)

    def link_connect_page(self, home, connect):
        """Point the home page's Connect invitation at the form, unless staff chose a link."""
        home = HomePage.objects.get(pk=home.pk)
        if home.connect_page_id or home.connect_url:
            return
        if home.has_unpublished_changes:
            # Keep a draft in progress: set the live page and the draft alike.
            HomePage.objects.filter(pk=home.pk).update(connect_page=connect)
            revision = home.latest_revision
            if revision and not revision.content.get("connect_page"):
                revision.content["connect_page"] = connect.pk
                revision.save(update_fields=["content"])
            return
        home.connect_page = connect
        home.save_revision().publish()

    def fill_safety_settings(self, site, safety):
        settings = SafetySettings.for_site(site)
        if not settings.safety_page_id:
            settings.safety_page = safety
            settings.save()


def as_date(page_class, name, value):
    """The seed writes dates as text (2024-02-01); the page holds them as dates."""
    field = page_class._meta.get_field(name)
    return field.to_python(value) if isinstance(field, models.DateField) else value
