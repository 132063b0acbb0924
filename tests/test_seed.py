import datetime
import json

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from home.models import HomePage, OrganizationSettings, PromotionPage, SearchEngineSettings, SiteWideContent
from home.seed.loader import CONTENT_PATH
from news.models import PressItem
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db


def load():
    call_command("load_initial_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_builds_the_whole_tree(seeded):
    home = HomePage.objects.get(locale__language_code="en")
    children = {page.specific_class.__name__: page.title for page in home.get_children().live()}
    assert children == {
        "ProgramIndexPage": "Our Care Model",
        "ImpactReportPage": "2025 Impact Report",
        "PromotionPage": "Books Are Magic",
        "NewsIndexPage": "In The News",
        "ConnectPage": "Connect",
        "StandardPage": "Browsing safely",
    }
    assert list(
        ProgramPage.objects.live()
        .child_of(home.get_children().get(slug="our-care-model"))
        .order_by("path")
        .values_list("title", flat=True)
    ) == [
        "Community-Based Supports",
        "Alternatives to Incarceration",
        "Safe and Stable Housing",
        "Trauma-Informed Clinical Care",
    ]
    assert PressItem.objects.filter(live=True, featured=True).count() == 3
    settings = OrganizationSettings.objects.get()
    assert settings.organization_name == "Women’s Prison Association"
    assert settings.donate_url == "" and settings.contact_email == ""
    assert SearchEngineSettings.objects.get().founding_year == "1845"
    content = SiteWideContent.objects.get(locale__language_code="en")
    assert len(content.main_menu) == 3
    assert content.default_meta_description.startswith("WPA provides women and gender-diverse people")
    assert content.donate_label == ""


def test_the_seed_runs_books_are_magic_through_february_every_year_as_its_words_say():
    content = json.loads(CONTENT_PATH.read_text(encoding="utf-8"))["promotion"]
    assert content["text"].startswith("During the month of February")
    promotion = PromotionPage(**{key: value for key, value in content.items() if key != "slug"})
    promotion.display_start = datetime.date.fromisoformat(content["display_start"])
    promotion.display_end = datetime.date.fromisoformat(content["display_end"])
    days = [datetime.date(2027, 1, 1) + datetime.timedelta(days=offset) for offset in range(365 + 366)]
    shown = {day for day in days if promotion.is_showing(day)}
    assert shown == {day for day in days if day.month == 2}


def test_the_seed_builds_the_same_tree_in_spanish(seeded):
    english = HomePage.objects.get(locale__language_code="en")
    spanish = HomePage.objects.get(locale__language_code="es")
    assert spanish.translation_key == english.translation_key
    translated = [page.translation_key for page in spanish.get_descendants().live().order_by("path")]
    assert translated == [page.translation_key for page in english.get_descendants().live().order_by("path")]
    assert SiteWideContent.objects.filter(locale__language_code="es").count() == 1


def test_running_the_seed_twice_changes_nothing(seeded):
    counts = (Page.objects.count(), PressItem.objects.count(), Revision.objects.count())
    load()
    assert (Page.objects.count(), PressItem.objects.count(), Revision.objects.count()) == counts


def test_the_seed_never_overwrites_or_resurrects_staff_edits(seeded):
    home = HomePage.objects.get(locale__language_code="en")
    home.hero_lede = "Staff rewrote the opening."
    home.save_revision().publish()
    ProgramPage.objects.get(slug="safe-and-stable-housing").delete()
    PromotionPage.objects.get(locale__language_code="en").unpublish()
    PressItem.objects.get(outlet="CNN").delete()
    settings = OrganizationSettings.objects.get()
    settings.organization_name = "WPA"
    settings.save()
    content = SiteWideContent.objects.get(locale__language_code="en")
    content.main_menu = []
    content.newsletter_heading = ""
    content.save()

    load()

    assert HomePage.objects.get(locale__language_code="en").hero_lede == "Staff rewrote the opening."
    assert not ProgramPage.objects.filter(slug="safe-and-stable-housing").exists()
    assert not PromotionPage.objects.get(locale__language_code="en").live
    assert not PressItem.objects.filter(outlet="CNN").exists()
    assert OrganizationSettings.objects.get().organization_name == "WPA"
    content = SiteWideContent.objects.get(locale__language_code="en")
    assert len(content.main_menu) == 0
    assert content.newsletter_heading == ""
