"""The admin explains itself: help text everywhere, tabs, alt text, the
accessibility checker, the dashboard panel and searchable snippet listings."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail import blocks
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import DraftStateMixin, LockableMixin, Page, RevisionMixin, Site, TranslatableMixin, WorkflowMixin

from home import blocks as home_blocks
from home.models import (
    ConnectFormField,
    ConnectPage,
    ConnectSettings,
    HomePage,
    HomePageStatistic,
    ImpactReportPage,
    OrganizationSettings,
    PromotionPage,
    SafetySettings,
    SearchEngineSettings,
    SiteWideContent,
    StandardPage,
)
from home.newsletter.models import NewsletterSignup
from news.models import NewsIndexPage, PressItem
from programs.models import ProgramIndexPage, ProgramPage
from tests.pages import live_pages

PROJECT_MODELS = [
    HomePage,
    HomePageStatistic,
    StandardPage,
    ImpactReportPage,
    PromotionPage,
    ProgramIndexPage,
    ProgramPage,
    NewsIndexPage,
    PressItem,
    OrganizationSettings,
    SearchEngineSettings,
    SafetySettings,
    ConnectSettings,
    SiteWideContent,
    ConnectPage,
    ConnectFormField,
    NewsletterSignup,
]
# Fields Wagtail adds and manages itself (publishing state, locks, revisions,
# the settings' site, a translation's language), plus the keys that tie rows together.
WAGTAIL_FIELDS = {
    field.name
    for mixin in (DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin, BaseSiteSetting, TranslatableMixin)
    for field in mixin._meta.get_fields()
} | {"id", "page", "page_ptr", "sort_order"}


def editable_fields(model):
    for field in model._meta.get_fields():
        if not field.concrete or field.auto_created:
            continue
        if field.name in WAGTAIL_FIELDS or field.model is Page:
            continue
        yield field


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model.__name__)
def test_every_field_staff_edit_explains_itself(model):
    fields = list(editable_fields(model))
    assert fields, f"{model.__name__} has no fields of its own"
    missing = [field.name for field in fields if not str(field.help_text).strip()]
    assert missing == [], f"{model.__name__} fields without help_text: {missing}"


def block_help_text(block):
    field = getattr(block, "field", None)
    return str(getattr(block.meta, "help_text", "") or (field.help_text if field else "") or "").strip()


def is_project_group(block):
    """A struct or stream block defined in this project (Wagtail's own, such
    as ImageBlock, are explained by Wagtail and by the help text we give them)."""
    return isinstance(block, blocks.StructBlock | blocks.StreamBlock) and type(block).__module__.split(".")[0] in {
        "home",
        "news",
        "programs",
    }


def block_children(block, path):
    if is_project_group(block):
        for name, child in block.child_blocks.items():
            yield f"{path}.{name}", child
            yield from block_children(child, f"{path}.{name}")
    elif isinstance(block, blocks.ListBlock):
        yield from block_children(block.child_block, f"{path}.item")


def project_blocks():
    for name in dir(home_blocks):
        candidate = getattr(home_blocks, name)
        if (
            isinstance(candidate, type)
            and issubclass(candidate, blocks.StructBlock | blocks.StreamBlock)
            and candidate.__module__ == home_blocks.__name__
        ):
            yield candidate


@pytest.mark.parametrize("block_class", list(project_blocks()), ids=lambda block: block.__name__)
def test_every_part_of_a_content_block_explains_itself(block_class):
    # Every field an editor types into or chooses explains itself; groups of
    # fields (structs, streams, lists) are explained by their parts.
    missing = [
        path
        for path, child in block_children(block_class(), block_class.__name__)
        if not (is_project_group(child) or isinstance(child, blocks.ListBlock)) and not block_help_text(child)
    ]
    assert missing == []


# --- tabs -----------------------------------------------------------------


def test_home_page_editor_is_split_into_named_tabs(seeded, admin_client):
    home = HomePage.objects.get(locale__language_code="en")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))
    assert response.status_code == 200
    tab_labels = [
        " ".join(match.split())
        for match in re.findall(r'role="tab"[^>]*>(.*?)<div class="w-tabs__errors"', response.content.decode(), re.S)
    ]
    assert tab_labels == [
        "Opening &amp; figures",
        "Programs &amp; Connect",
        "Features &amp; press",
        "Promote",
    ]
    # Every home page field is reachable from one of the tabs, and the
    # settings tab's go-live and expiry dates from the Status panel's schedule.
    form_fields = response.context["form"].fields
    for name in [field.name for field in editable_fields(HomePage)] + ["go_live_at", "expire_at"]:
        assert name in form_fields, name


def tab_labels(response):
    return [
        " ".join(match.split())
        for match in re.findall(r'role="tab"[^>]*>(.*?)<div class="w-tabs__errors"', response.content.decode(), re.S)
    ]


def test_site_wide_content_reads_as_an_editor_thinks_of_the_page(seeded, admin_client):
    content = SiteWideContent.objects.get(locale__language_code="en")
    response = admin_client.get(reverse("wagtailsnippets_home_sitewidecontent:edit", args=[content.pk]))
    assert response.status_code == 200
    assert tab_labels(response) == ["Menu", "Header", "Footer", "Newsletter", "Search engines"]
    form_fields = response.context["form"].fields
    for name in [field.name for field in editable_fields(SiteWideContent)]:
        assert name in form_fields, name


@pytest.mark.parametrize(
    "model", [OrganizationSettings, SearchEngineSettings, SafetySettings, ConnectSettings], ids=lambda m: m.__name__
)
def test_each_settings_screen_holds_one_concern_and_every_field(seeded, admin_client, model):
    site = Site.objects.get(is_default_site=True)
    response = admin_client.get(reverse("wagtailsettings:edit", args=["home", model._meta.model_name, site.pk]))
    assert response.status_code == 200
    assert str(model._meta.verbose_name) in response.content.decode()
    form_fields = response.context["form"].fields
    assert sorted(form_fields) == sorted(field.name for field in editable_fields(model))


# --- alt text -------------------------------------------------------------


def png_file(name="photo.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#884400").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_uploading_an_image_without_a_description_is_refused_with_a_clear_message(db, admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Kitchen table", "file": png_file(), "description": ""}
    )
    assert response.status_code == 200
    assert get_image_model().objects.count() == 0
    assert "Please describe the image (its alt text) before saving." in response.content.decode()


def test_uploading_an_image_with_a_description_works_and_the_description_is_its_alt_text(db, admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Kitchen table", "file": png_file(), "description": "Three women talking at a table."},
    )
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert image.default_alt_text == "Three women talking at a table."


def test_the_upload_form_tells_staff_what_alt_text_is(db, admin_client):
    html = admin_client.get(reverse("wagtailimages:add")).content.decode()
    assert "Description (alt text)" in html
    assert "screen readers read this aloud" in html


def test_the_multiple_uploader_asks_for_the_description_before_creating_the_image(db, admin_client):
    response = admin_client.post(reverse("wagtailimages:add_multiple"), {"files[]": png_file()})
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is True
    # Wagtail keeps the file aside and shows the form instead of creating an image.
    assert get_image_model().objects.count() == 0
    assert "Description (alt text)" in data["form"]


# --- accessibility checker ------------------------------------------------


def test_the_accessibility_checker_is_in_the_userbar_on_every_page(seeded, admin_client):
    for page in live_pages():
        html = admin_client.get(page.url).content.decode()
        assert 'id="checker-trigger"' in html, page.title
        assert 'id="checker-axe-configuration"' in html, page.title


def test_the_accessibility_checker_is_in_the_editors_checks_panel(seeded, admin_client):
    home = HomePage.objects.get(locale__language_code="en")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    assert 'data-side-panel="checks"' in html
    assert 'id="checker-axe-configuration"' in html


# --- dashboard panel ------------------------------------------------------


def test_dashboard_shows_the_promotion_that_is_showing_with_a_link_to_edit_it(seeded, admin_client, in_february):
    promotion = PromotionPage.objects.get(locale__language_code="en")
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "What visitors see, and what changes next" in html
    assert f"<strong>{promotion.title}</strong> is showing on the home page now." in html
    assert reverse("wagtailadmin_pages:edit", args=[promotion.pk]) in html
    assert "Nothing is scheduled." in html


def test_dashboard_explains_when_the_chosen_promotion_is_outside_its_window(seeded, admin_client):
    promotion = PromotionPage.objects.get(locale__language_code="en")
    today = timezone.localdate()
    promotion.display_start = today + datetime.timedelta(days=10)
    promotion.display_end = today + datetime.timedelta(days=20)
    promotion.save_revision().publish()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "today is outside its display window" in html
    assert f"It starts showing again on {promotion.display_start:%-d %B %Y}." in html


def test_dashboard_says_when_no_promotion_is_chosen(seeded, admin_client):
    home = HomePage.objects.get(locale__language_code="en")
    home.promotion = None
    home.save_revision().publish()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "No promotion is chosen" in html


def test_dashboard_lists_the_next_scheduled_publication_first(seeded, admin_client):
    later = timezone.now() + datetime.timedelta(days=7)
    sooner = timezone.now() + datetime.timedelta(days=2)
    program = ProgramPage.objects.first()
    program.summary = "A new summary."
    program.go_live_at = later
    program.save_revision().publish()
    item = PressItem.objects.first()
    item.quote = "“A new quote.”"
    item.go_live_at = sooner
    item.save_revision().publish()

    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"The next scheduled publication: <strong>{item}</strong>" in html
    assert html.index(str(item)) < html.index(program.title)
    assert reverse("wagtailsnippets_news_pressitem:edit", args=[item.pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[program.pk]) in html


# --- snippet listings -----------------------------------------------------


def test_press_item_listing_can_be_searched_and_filtered(seeded, admin_client):
    url = reverse("wagtailsnippets_news_pressitem:list")
    searched = admin_client.get(url, {"q": "Vogue"}).content.decode()
    assert "Vogue" in searched
    assert "Marie Claire" not in searched
    filtered = admin_client.get(url, {"outlet": "CNN"}).content.decode()
    assert "CNN" in filtered
    assert "Vogue" not in filtered


def test_a_non_superuser_sees_the_dashboard_panel_too(client, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "What visitors see, and what changes next" in html


# --- WPA's admin: name and mark, explorer, one set per language ----------------


def test_the_login_page_and_the_admin_carry_wpas_name_and_mark(client, admin_client):
    login = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Sign in to the Women’s Prison Association admin" in login
    assert "Sign in to Wagtail" not in login
    assert "/static/img/favicon.svg" in login
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "<title>" in dashboard and "Women’s Prison Association admin</title>" in dashboard
    # The sidebar's mark (Wagtail's branding_logo block) is WPA's icon, not the bird.
    logo = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", dashboard, re.S).group(1)
    assert "/static/img/favicon.svg" in logo


def test_the_admin_uses_the_organization_name_from_the_settings(seeded, admin_client):
    site = Site.objects.get(is_default_site=True)
    organization = OrganizationSettings.for_site(site)
    organization.organization_name = "WPA New York"
    organization.save()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "WPA New York admin</title>" in html


def test_the_explorer_lists_pages_in_their_order_on_the_site(seeded, admin_client):
    home = HomePage.objects.get(locale__language_code="en")
    # The last page changed most recently: listed by "Updated" it would come first.
    home.get_children().last().specific.save_revision().publish()
    html = admin_client.get(reverse("wagtailadmin_explore", args=[home.pk])).content.decode()
    positions = [html.index(f"/admin/pages/{page.pk}/edit/") for page in home.get_children()]
    assert positions == sorted(positions)
    root = admin_client.get(reverse("wagtailadmin_explore_root")).content.decode()
    assert "The site’s pages are under its home pages" in root
    assert "your Wagtail installation" not in root


def test_site_wide_content_offers_no_add_once_each_language_has_its_set(spanish, admin_client):
    listing = admin_client.get(reverse("wagtailsnippets_home_sitewidecontent:list")).content.decode()
    add_url = reverse("wagtailsnippets_home_sitewidecontent:add")
    assert add_url not in listing
    assert admin_client.get(add_url).status_code in (302, 403)


def test_site_wide_content_offers_add_for_a_language_without_its_set(seeded, admin_client):
    SiteWideContent.objects.filter(locale__language_code="es").delete()
    listing = admin_client.get(reverse("wagtailsnippets_home_sitewidecontent:list")).content.decode()
    assert reverse("wagtailsnippets_home_sitewidecontent:add") in listing


# --- the first-day guide -----------------------------------------------------------


def test_the_guide_is_one_click_from_the_dashboard_and_in_the_sidebar(seeded, admin_client):
    guide_url = reverse("admin_guide")
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{guide_url}"' in dashboard
    assert "First-day guide" in dashboard and guide_url in dashboard.split("data-wagtail-sidebar")[-1]
    guide = admin_client.get(guide_url).content.decode()
    for heading in [
        "Where each part of the home page is edited",
        "How to translate a page",
        "What to do with a Connect message",
        "Who to ask",
    ]:
        assert heading in guide
    home = HomePage.objects.get(locale__language_code="en")
    assert reverse("wagtailadmin_pages:edit", args=[home.pk]) in guide
    assert "ask your site administrator" in guide


def test_the_guide_names_whom_to_ask_when_staff_set_it(seeded, admin_client):
    organization = OrganizationSettings.for_site(Site.objects.get(is_default_site=True))
    organization.admin_help_contact = "the communications team, web@example.org"
    organization.save()
    guide = admin_client.get(reverse("admin_guide")).content.decode()
    assert "For anything about the admin, ask the communications team, web@example.org." in guide


def test_the_guide_tells_each_role_what_they_can_do_with_a_connect_message(client, editor, form_manager):
    client.force_login(form_manager)
    guide = client.get(reverse("admin_guide")).content.decode()
    assert "Open Forms → Connect messages" in guide
    client.force_login(editor)
    guide = client.get(reverse("admin_guide")).content.decode()
    assert "Only Form managers and administrators read what people send" in guide
    assert "Open Forms → Connect messages" not in guide
