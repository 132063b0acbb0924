"""The staff roles: what Editors, Moderators and Form managers may do."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
)
from wagtail.permissions import policy_registry

from home.models import HomePage
from news.models import PressItem
from tests.admin_helpers import edit_page, edit_press_item

roles_migration = importlib.import_module("home.migrations.0003_roles_and_moderation")


def first_statistic(home):
    return HomePage.objects.get(pk=home.pk).statistics.order_by("sort_order").first().value


def group_codenames(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def page_codenames(name):
    root = Page.get_first_root_node()
    return set(
        GroupPagePermission.objects.filter(group__name=name, page=root).values_list("permission__codename", flat=True)
    )


def collection_codenames(name):
    return set(
        GroupCollectionPermission.objects.filter(group__name=name, collection__depth=1).values_list(
            "permission__codename", flat=True
        )
    )


# --- the migration --------------------------------------------------------


def test_the_three_roles_exist_once(db):
    names = list(Group.objects.order_by("name").values_list("name", flat=True))
    assert names == ["Editors", "Form managers", "Moderators"]


def test_editors_edit_pages_press_items_images_and_documents_but_cannot_publish(db):
    assert page_codenames("Editors") == {"add_page", "change_page"}
    assert group_codenames("Editors") == {
        "access_admin",
        "add_pressitem",
        "change_pressitem",
        "view_pressitem",
        "submit_translation",
    }
    assert collection_codenames("Editors") == {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    }


def test_moderators_also_publish_lock_and_change_site_settings(db):
    assert {"publish_page", "lock_page", "unlock_page"} <= page_codenames("Moderators")
    assert {
        "publish_pressitem",
        "lock_pressitem",
        "unlock_pressitem",
        "delete_pressitem",
        "change_sitesettings",
    } <= group_codenames("Moderators")
    assert collection_codenames("Moderators") == collection_codenames("Editors")


def test_form_managers_enter_the_admin_to_read_what_people_sent_and_nothing_else(db):
    assert group_codenames("Form managers") == {
        "access_admin",
        "view_formsubmission",
        "delete_formsubmission",
        "view_newslettersignup",
        "delete_newslettersignup",
    }
    assert page_codenames("Form managers") == set()


def test_one_moderators_workflow_covers_the_whole_tree_and_press_items(seeded):
    workflow = Workflow.objects.get()
    assert workflow.name == "Moderators approval"
    assert [task.specific.groups.get().name for task in workflow.tasks] == ["Moderators"]
    assert WorkflowPage.objects.get().page == Page.get_first_root_node()
    for page in Page.objects.filter(depth__gt=1).specific():
        assert page.get_workflow() == workflow, page.title
    assert PressItem.objects.first().get_workflow() == workflow
    assert WorkflowContentType.objects.get().workflow == workflow


def test_running_the_roles_migration_again_changes_nothing(db):
    def snapshot():
        return (
            {name: group_codenames(name) for name in ("Editors", "Moderators", "Form managers")},
            GroupPagePermission.objects.count(),
            GroupCollectionPermission.objects.count(),
            Group.objects.count(),
            Workflow.objects.count(),
            Task.objects.count(),
            WorkflowPage.objects.count(),
            WorkflowContentType.objects.count(),
        )

    before = snapshot()
    roles_migration.ensure_roles(apps, None)
    roles_migration.ensure_roles(apps, None)
    assert snapshot() == before


def test_the_migration_takes_away_publishing_if_an_editor_group_had_it(db):
    root = Page.get_first_root_node()
    editors = Group.objects.get(name="Editors")
    GroupPagePermission.objects.create(group=editors, page=root, permission_type="publish")
    roles_migration.ensure_roles(apps, None)
    assert page_codenames("Editors") == {"add_page", "change_page"}


# --- Editors in the admin -------------------------------------------------


def test_editor_sees_submit_for_moderation_and_no_publish(client, editor):
    client.force_login(editor)
    home = HomePage.objects.get(locale__language_code="en")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    assert "Submit for moderation" in html
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_editor_cannot_publish_even_by_posting_the_publish_action(client, editor):
    client.force_login(editor)
    home = HomePage.objects.get(locale__language_code="en")
    response = edit_page(client, home, {"statistics-0-value": "600+"}, "publish")
    assert response.status_code == 302
    home.refresh_from_db()
    assert first_statistic(home) == "500+"
    assert home.has_unpublished_changes
    assert home.get_latest_revision_as_object().statistics.first().value == "600+"
    assert "600+" not in client.get("/").content.decode()


def test_editor_submission_starts_moderation_instead_of_publishing(client, editor):
    client.force_login(editor)
    home = HomePage.objects.get(locale__language_code="en")
    edit_page(client, home, {"statistics-0-value": "600+"}, "submit")
    home.refresh_from_db()
    assert home.current_workflow_state.status == "in_progress"
    assert first_statistic(home) == "500+"


def test_editor_cannot_open_user_management(client, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailusers_users:index"))
    assert response.status_code in (302, 403)
    assert "editor@example.org" not in response.content.decode()
    assert client.get(reverse("wagtailusers_groups:index")).status_code in (302, 403)


def test_editor_cannot_open_or_change_site_settings(client, editor):
    client.force_login(editor)
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "organizationsettings", site.pk])
    assert client.get(url).status_code in (302, 403)
    response = client.post(url, {"organization_name": "Changed by an editor"})
    assert response.status_code in (302, 403)
    from home.models import OrganizationSettings

    assert OrganizationSettings.for_site(site).organization_name != "Changed by an editor"
    assert "/admin/settings/" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_editor_can_edit_a_press_item_but_not_publish_it(client, editor):
    client.force_login(editor)
    item = PressItem.objects.get(outlet="CNN")
    url = reverse("wagtailsnippets_news_pressitem:edit", args=[item.pk])
    html = client.get(url).content.decode()
    assert 'name="action-publish"' not in html
    assert "Submit for moderation" in html
    edit_press_item(client, item, {"headline": "A changed headline"}, "publish")
    item.refresh_from_db()
    assert item.headline != "A changed headline"
    assert item.get_latest_revision_as_object().headline == "A changed headline"


def test_editor_cannot_delete_press_items(client, editor):
    assert not editor.has_perm("news.delete_pressitem")
    client.force_login(editor)
    item = PressItem.objects.first()
    assert client.get(reverse("wagtailsnippets_news_pressitem:delete", args=[item.pk])).status_code in (302, 403)
    client.post(reverse("wagtailsnippets_news_pressitem:delete", args=[item.pk]))
    assert PressItem.objects.filter(pk=item.pk).exists()


def test_editor_uploads_and_edits_images_others_uploaded(client, editor, admin_user):
    image_permissions = policy_registry.get_by_type(get_image_model())
    image = get_image_model().objects.create(
        title="Shared photo", file=get_test_image_file(), description="A photo.", uploaded_by_user=admin_user
    )
    assert image_permissions.user_has_permission(editor, "add")
    assert image_permissions.user_has_permission_for_instance(editor, "change", image)
    client.force_login(editor)
    assert client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200


# --- Moderators in the admin ----------------------------------------------


def test_moderator_sees_publish_and_publishes(client, moderator):
    client.force_login(moderator)
    home = HomePage.objects.get(locale__language_code="en")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    assert 'name="action-publish"' in html
    edit_page(client, home, {"statistics-0-value": "650+"}, "publish")
    assert first_statistic(home) == "650+"
    html = client.get("/").content.decode()
    # The edited figure is live, and still first among the statistics (the
    # founding year also appears in the page head's structured data).
    html = html[html.index("<main") :]
    assert "650+" in html
    assert html.index("650+") < html.index("1845")


def test_moderator_can_change_site_settings(client, moderator):
    client.force_login(moderator)
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "organizationsettings", site.pk])
    assert client.get(url).status_code == 200
    assert moderator.has_perm("home.change_sitesettings")


def test_moderator_publishes_and_locks_press_items(client, moderator):
    client.force_login(moderator)
    item = PressItem.objects.get(outlet="CNN")
    edit_press_item(client, item, {"headline": "A moderated headline"}, "publish")
    item.refresh_from_db()
    assert item.headline == "A moderated headline"
    response = client.post(reverse("wagtailsnippets_news_pressitem:lock", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.locked and item.locked_by == moderator


def test_moderator_cannot_manage_users(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)


def test_form_manager_enters_the_admin_but_cannot_edit_pages(client, form_manager):
    client.force_login(form_manager)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    home = HomePage.objects.get(locale__language_code="en")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).status_code in (302, 403)
