"""The admin in the staff member's own language: with Spanish chosen in their
account, every screen of ours (edit forms of each page type, snippet and
setting, the dashboard, the guide, the reports, our menus) shows none of our
English, and every label, help text, panel heading and block of our models
has its Spanish. English of ours is what our catalog marks and what our
models say in English, so a string nobody marked is found too."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from wagtail import blocks
from wagtail.admin.panels import get_edit_handler
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.snippets.models import get_snippet_models
from wagtail.users.models import UserProfile

from home.models import (
    ConnectPage,
    HomePage,
    ImpactReportPage,
    PromotionPage,
    SiteWideContent,
    StandardPage,
)
from news.models import NewsIndexPage, PressItem
from programs.models import ProgramIndexPage, ProgramPage
from tests.admin_helpers import make_staff
from tests.visible_text import Corpus, database_strings, normalize, visible_text

SPANISH_CATALOG = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES" / "django.po"
PROJECT_APPS = {"home", "news", "programs", "newsletter"}
PAGE_TYPES = [HomePage, StandardPage, ImpactReportPage, PromotionPage, ConnectPage, ProgramIndexPage, ProgramPage]
PAGE_TYPES.append(NewsIndexPage)
FIX = "Give it a label or help text through gettext_lazy, run `make messages` and fill in the Spanish."


# Not shown in the admin: the seed's bookkeeping, and the proxy the Forms screens never name.
NOT_IN_ADMIN = {"SeedRecord", "ConnectSubmission"}
# Wagtail's machinery on our models, which no form shows.
WAGTAIL_FIELDS = {"translation_key", "locale", "page", "site", "sort_order"}


def project_models():
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and model.__name__ not in NOT_IN_ADMIN
    ]


def project_blocks(block, path):
    """Every block inside a StreamField, with its path, down through structs, streams and lists."""
    children = getattr(block, "child_blocks", None)
    if children is None and isinstance(block, blocks.ListBlock):
        children = {"item": block.child_block}
    for name, child in (children or {}).items():
        yield f"{path}.{name}", child
        if type(child).__module__.split(".")[0] in PROJECT_APPS or isinstance(child, blocks.ListBlock):
            yield from project_blocks(child, f"{path}.{name}")


def panel_headings(panel):
    if getattr(panel, "heading", ""):
        yield panel.heading
    for child in getattr(panel, "children", []):
        yield from panel_headings(child)


def edit_handler_of(model):
    if hasattr(model, "edit_handler") or issubclass(model, Page) or model in get_snippet_models():
        return get_edit_handler(model)
    return None


def interface_words():
    """(where, lazy text) for every word of ours an admin screen can show: the
    models' names, fields' labels and help texts, panel headings and the
    labels and help texts of the blocks in their StreamFields."""
    for model in project_models():
        name = model.__name__
        yield f"{name} name", model._meta.verbose_name
        yield f"{name} plural name", model._meta.verbose_name_plural
        for field in model._meta.get_fields():
            if not field.concrete or field.auto_created or field.model is not model or field.name in WAGTAIL_FIELDS:
                continue
            if field.model.__module__.split(".")[0] not in PROJECT_APPS:
                continue
            yield f"{name}.{field.name} label", field.verbose_name
            if field.help_text:
                yield f"{name}.{field.name} help text", field.help_text
            if isinstance(field, StreamField):
                for path, block in project_blocks(field.stream_block, f"{name}.{field.name}"):
                    if block.label:
                        yield f"{path} label", block.label
                    help_text = getattr(block.meta, "help_text", None)
                    if help_text:
                        yield f"{path} help text", help_text
        handler = edit_handler_of(model)
        if handler is not None:
            for heading in panel_headings(handler):
                yield f"{name} panel heading", heading


def spanish_catalog():
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(SPANISH_CATALOG)) if not entry.obsolete}


# Words that are the same in both languages.
SAME_IN_SPANISH = {"Connect"}
# Not ours, though our catalog has the same words: each language's name in
# its own words (the locale labels), the search button Wagtail's own templates
# write in English (wagtailadmin/home.html, shared/header.html) and the search
# placeholder its Spanish catalog does not translate.
NOT_OURS = {name for _, name in settings.LANGUAGES} | {"Search", "Search…"}


def test_every_label_help_text_and_heading_of_ours_has_its_spanish(db):
    untranslated = []
    for where, text in interface_words():
        with translation.override("en"):
            english = capfirst(str(text))
        with translation.override("es"):
            spanish = capfirst(str(text))
        if english == spanish and english not in SAME_IN_SPANISH:
            untranslated.append(f"{where}: {english!r}")
    assert untranslated == [], "\n".join(["In English in the Spanish admin:", *untranslated, FIX])


def test_a_label_nobody_marked_for_translation_is_found(db, monkeypatch):
    field = HomePage._meta.get_field("hero_lede")
    monkeypatch.setattr(field, "help_text", "A hint typed without gettext.")
    found = [where for where, text in interface_words() if str(text) == "A hint typed without gettext."]
    assert found == ["HomePage.hero_lede help text"]
    with translation.override("es"):
        assert str(field.help_text) == "A hint typed without gettext."


# --- the screens, rendered for a staff member who chose Spanish ---------------


def spanish_staff_client(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    client = Client()
    client.force_login(user)
    return client


def admin_screens():
    """(what, address) of every screen of ours an administrator opens."""
    site = Site.objects.get(is_default_site=True)
    screens = [
        ("dashboard", reverse("wagtailadmin_home")),
        ("first-day guide", reverse("admin_guide")),
        ("page explorer, root", reverse("wagtailadmin_explore_root")),
        (
            "page explorer, home",
            reverse("wagtailadmin_explore", args=[HomePage.objects.get(locale__language_code="en").pk]),
        ),
        ("translations report", reverse("translation_status_report")),
        ("forms", reverse("wagtailforms:index")),
        ("press items", reverse("wagtailsnippets_news_pressitem:list")),
        ("press item", reverse("wagtailsnippets_news_pressitem:edit", args=[PressItem.objects.first().pk])),
        ("new press item", reverse("wagtailsnippets_news_pressitem:add")),
        ("site-wide content", reverse("wagtailsnippets_home_sitewidecontent:list")),
        (
            "site-wide content, English",
            reverse(
                "wagtailsnippets_home_sitewidecontent:edit",
                args=[SiteWideContent.objects.get(locale__language_code="en").pk],
            ),
        ),
        ("newsletter sign-ups", reverse("wagtailsnippets_home_newslettersignup:list")),
    ]
    for model in settings_registry:
        if model._meta.app_label in PROJECT_APPS:
            args = [model._meta.app_label, model._meta.model_name, site.pk]
            screens.append((f"setting {model.__name__}", reverse("wagtailsettings:edit", args=args)))
    for model in PAGE_TYPES:
        page = model.objects.filter(locale__language_code="en").first()
        screens.append((f"edit {model.__name__}", reverse("wagtailadmin_pages:edit", args=[page.pk])))
    home = HomePage.objects.get(locale__language_code="en")
    screens.append(("add a page under home", reverse("wagtailadmin_pages:add_subpage", args=[home.pk])))
    return screens


def english_of_ours():
    """Our words as they read in English, less those Spanish writes the same:
    the catalog's and the models'."""
    catalog = spanish_catalog()
    words = {normalize(msgid): msgid for msgid, msgstr in catalog.items() if msgstr != msgid}
    with translation.override("en"):
        for _, text in interface_words():
            english = capfirst(str(text))
            if catalog.get(english) != english and english not in SAME_IN_SPANISH:
                words.setdefault(normalize(english), english)
    words.pop("", None)
    return words


def english_found(client, screens):
    ours = english_of_ours()
    corpus = Corpus(database_strings())
    found = {}
    for what, url in screens:
        response = client.get(url)
        assert response.status_code == 200, f"{what} ({url}) answered {response.status_code}"
        html = response.content.decode()
        lines = sorted(
            {
                f"{where}: {text!r}"
                for where, text in visible_text(html)
                if normalize(text) in ours and text not in corpus and text not in NOT_OURS
            }
        )
        if lines:
            found[what] = lines
    return found


@pytest.fixture
def spanish_administrator(seeded):
    user = make_staff("administradora")
    get_user_model().objects.filter(pk=user.pk).update(is_superuser=True)
    user.refresh_from_db()
    return spanish_staff_client(user)


def test_every_screen_of_ours_is_in_spanish_for_a_staff_member_who_chose_it(spanish_administrator):
    screens = admin_screens()
    assert english_found(spanish_administrator, screens) == {}
    # And they are the Spanish screens, with our words in Spanish on them.
    home_editor = dict(screens)["edit HomePage"]
    html = spanish_administrator.get(home_editor).content.decode()
    assert "Frase de apertura" in html and "Apertura y cifras" in html


def test_the_same_screens_in_english_show_our_english_words(seeded, admin_client):
    # What the Spanish test looks for is there in English: it would be found.
    found = english_found(admin_client, admin_screens())
    assert {"dashboard", "first-day guide", "edit HomePage", "setting OrganizationSettings"} <= set(found)
    assert any("Opening line" in line for line in found["edit HomePage"])


def test_an_editor_and_a_form_manager_who_chose_spanish_see_our_screens_in_spanish(editor, form_manager):
    editor_screens = [("dashboard", reverse("wagtailadmin_home")), ("first-day guide", reverse("admin_guide"))]
    home = HomePage.objects.get(locale__language_code="en")
    editor_screens.append(("edit HomePage", reverse("wagtailadmin_pages:edit", args=[home.pk])))
    assert english_found(spanish_staff_client(editor), editor_screens) == {}
    manager_screens = editor_screens[:2] + [("forms", reverse("wagtailforms:index"))]
    assert english_found(spanish_staff_client(form_manager), manager_screens) == {}
