"""Moderation, preview, scheduling and recovery, through the admin as staff use it."""

import datetime
from unittest import mock

from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from home.models import ConnectPage, HomePage, ImpactReportPage, PromotionPage
from news.models import NewsIndexPage, PressItem
from programs.models import ProgramIndexPage, ProgramPage
from tests.admin_helpers import edit_page, edit_press_item, page_edit_data, press_item_edit_data
from tests.factories import add_about_page


def publish_scheduled(at=None):
    """Run the cron job, optionally as if it were `at` o'clock."""
    with open("/dev/null", "w") as quiet:
        if at is None:
            call_command("publish_scheduled", stdout=quiet)
            return
        with mock.patch("django.utils.timezone.now", return_value=at):
            call_command("publish_scheduled", stdout=quiet)


def submit_home_change(client, editor, value):
    client.force_login(editor)
    home = HomePage.objects.get(locale__language_code="en")
    edit_page(client, home, {"statistics-0-value": value}, "submit")
    client.logout()
    home.refresh_from_db()
    return home


def approve_url(obj, url_name, args):
    task_state = obj.current_workflow_state.current_task_state
    return reverse(url_name, args=[*args, "approve", task_state.pk])


# --- the workflow ---------------------------------------------------------


def test_moderator_sees_the_submission_on_the_dashboard_and_approval_publishes_it(client, editor, moderator):
    home = submit_home_change(client, editor, "700+")
    assert "700+" not in client.get("/").content.decode()

    client.force_login(moderator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in dashboard
    assert reverse("wagtailadmin_pages:edit", args=[home.pk]) in dashboard

    url = approve_url(home, "wagtailadmin_pages:workflow_action", [home.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.current_workflow_state is None
    client.logout()
    assert "700+" in client.get("/").content.decode()


def test_an_editor_cannot_approve_their_own_submission(client, editor):
    home = submit_home_change(client, editor, "700+")
    client.force_login(editor)
    client.post(approve_url(home, "wagtailadmin_pages:workflow_action", [home.pk]), {"comment": ""})
    home.refresh_from_db()
    assert home.current_workflow_state.status == "in_progress"
    client.logout()
    assert "700+" not in client.get("/").content.decode()


def test_moderator_can_ask_for_changes_and_nothing_goes_live(client, editor, moderator):
    home = submit_home_change(client, editor, "700+")
    client.force_login(moderator)
    task_state = home.current_workflow_state.current_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[home.pk, "reject", task_state.pk]),
        {"comment": "Please check the figure."},
    )
    home.refresh_from_db()
    assert home.current_workflow_state.status == "needs_changes"
    client.logout()
    assert "700+" not in client.get("/").content.decode()


def test_press_items_go_through_the_same_moderation(client, editor, moderator):
    item = PressItem.objects.get(outlet="Vogue")
    client.force_login(editor)
    edit_press_item(client, item, {"headline": "A reviewed headline"}, "submit")
    item.refresh_from_db()
    assert item.current_workflow_state.status == "in_progress"
    assert item.headline != "A reviewed headline"

    client.force_login(moderator)
    url = approve_url(item, "wagtailsnippets_news_pressitem:workflow_action", [item.pk])
    client.post(url, {"comment": ""})
    item.refresh_from_db()
    assert item.headline == "A reviewed headline"
    assert item.live


# --- preview --------------------------------------------------------------


def page_of_each_type():
    return [
        HomePage.objects.get(locale__language_code="en"),
        add_about_page(),
        ImpactReportPage.objects.get(locale__language_code="en"),
        PromotionPage.objects.get(locale__language_code="en"),
        ProgramIndexPage.objects.get(locale__language_code="en"),
        ProgramPage.objects.first(),
        NewsIndexPage.objects.get(locale__language_code="en"),
        ConnectPage.objects.get(locale__language_code="en"),
    ]


def test_every_page_type_previews_the_unsaved_changes(seeded, admin_client):
    pages = page_of_each_type()
    project_page_types = {model for model in apps.get_models() if issubclass(model, Page) and model is not Page}
    assert {type(page) for page in pages} == project_page_types
    for page in pages:
        assert page.is_previewable(), type(page).__name__
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        data = page_edit_data(admin_client, page)
        data["title"] = f"Previewed {page.title}"
        response = admin_client.post(url, data)
        assert response.json() == {"is_valid": True, "is_available": True}, type(page).__name__
        preview = admin_client.get(url)
        assert preview.status_code == 200, type(page).__name__
        assert f"Previewed {page.title}" in preview.content.decode(), type(page).__name__
        # Nothing was saved or published by previewing.
        assert Page.objects.get(pk=page.pk).title == page.title


def test_press_item_previews_the_unsaved_changes(seeded, admin_client):
    item = PressItem.objects.get(outlet="CNN")
    url = reverse("wagtailsnippets_news_pressitem:preview_on_edit", args=[item.pk])
    data = press_item_edit_data(admin_client, item)
    data["quote"] = "“A quote still being written.”"
    response = admin_client.post(url, data)
    assert response.json() == {"is_valid": True, "is_available": True}
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert [template.name for template in preview.templates][0] == "news/press_item_preview.html"
    assert "A quote still being written." in preview.content.decode()
    item.refresh_from_db()
    assert "still being written" not in item.quote


def test_the_editor_offers_preview_at_phone_and_desktop_sizes(seeded, admin_client):
    home = HomePage.objects.get(locale__language_code="en")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    assert 'data-side-panel="preview"' in html
    assert 'value="mobile"' in html
    assert 'value="desktop"' in html


# --- scheduling -----------------------------------------------------------


def test_a_scheduled_page_goes_live_when_publish_scheduled_runs(client, moderator):
    client.force_login(moderator)
    home = HomePage.objects.get(locale__language_code="en")
    go_live = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    edit_page(client, home, {"statistics-0-value": "800+", "go_live_at": go_live}, "publish")
    client.logout()

    assert home.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert "800+" not in client.get("/").content.decode()
    publish_scheduled()
    assert "800+" not in client.get("/").content.decode()

    publish_scheduled(at=timezone.now() + datetime.timedelta(hours=3))
    assert "800+" in client.get("/").content.decode()


def test_a_page_with_an_expiry_date_is_unpublished_when_publish_scheduled_runs(seeded, client):
    promotion = PromotionPage.objects.get(locale__language_code="en")
    assert client.get(promotion.url).status_code == 200
    promotion.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    promotion.save()
    publish_scheduled()
    assert client.get(promotion.url).status_code == 404
    assert promotion.title not in client.get("/").content.decode()


def test_a_scheduled_press_item_goes_live_when_publish_scheduled_runs(seeded, client):
    item = PressItem.objects.get(outlet="Marie Claire")
    item.quote = "“A scheduled quote.”"
    item.go_live_at = timezone.now() + datetime.timedelta(days=1)
    item.save_revision().publish()
    news = NewsIndexPage.objects.get(locale__language_code="en")
    assert "A scheduled quote." not in client.get(news.url).content.decode()
    publish_scheduled()
    assert "A scheduled quote." not in client.get(news.url).content.decode()
    publish_scheduled(at=timezone.now() + datetime.timedelta(days=2))
    assert "A scheduled quote." in client.get(news.url).content.decode()


# --- history and recovery -------------------------------------------------


def test_page_history_lists_each_change_with_who_made_it(client, moderator):
    client.force_login(moderator)
    home = HomePage.objects.get(locale__language_code="en")
    edit_page(client, home, {"statistics-0-value": "900+"}, "publish")
    response = client.get(reverse("wagtailadmin_pages:history", args=[home.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Published" in html
    assert "Moderator" in html


def test_press_item_history_lists_changes(seeded, admin_client):
    item = PressItem.objects.get(outlet="CNN")
    edit_press_item(admin_client, item, {"headline": "An edited headline"})
    response = admin_client.get(reverse("wagtailsnippets_news_pressitem:history", args=[item.pk]))
    assert response.status_code == 200
    assert "Draft saved" in response.content.decode() or "Edited" in response.content.decode()


def test_an_earlier_page_revision_can_be_restored_through_the_admin(seeded, admin_client):
    home = HomePage.objects.get(locale__language_code="en")
    original = home.live_revision
    edit_page(admin_client, home, {"statistics-0-value": "999+"}, "publish")
    assert "999+" in admin_client.get("/").content.decode()

    # The "Review this version" screen opens the editor filled with the old content...
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[home.pk, original.pk])
    response = admin_client.get(revert_url)
    assert response.status_code == 200
    restored = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    assert restored["statistics-0-value"] == "500+"
    # ...and publishing it makes the old content live again.
    restored["action-publish"] = "action-publish"
    admin_client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), restored)
    html = admin_client.get("/").content.decode()
    assert "500+" in html
    assert "999+" not in html
    assert [stat.value for stat in HomePage.objects.get(locale__language_code="en").statistics.all()] == [
        "500+",
        "1845",
    ]


def test_an_earlier_press_item_revision_can_be_restored(seeded, admin_client):
    item = PressItem.objects.get(outlet="Vogue")
    original_headline = item.headline
    original = item.live_revision
    item.headline = "A mistaken headline"
    item.save_revision().publish()
    assert PressItem.objects.get(pk=item.pk).headline == "A mistaken headline"

    revert_url = reverse("wagtailsnippets_news_pressitem:revisions_revert", args=[item.pk, original.pk])
    response = admin_client.get(revert_url)
    assert response.status_code == 200
    assert original_headline in response.content.decode()
    original.publish()
    item.refresh_from_db()
    assert item.headline == original_headline
