"""The data migration that moved the all-in-one SiteSettings: every value
staff had set arrives in its new home, and the seed then changes nothing."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("home", "0006_form_managers_permissions")]
AFTER = [("home", "0009_remove_all_in_one_site_settings")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_split(seeded):
    """The seeded site's database as it was before the split, put back to the
    newest state afterwards whatever happens, so that the next test finds every table."""
    try:
        yield migrate_to(BEFORE)
    finally:
        migrate_to(leaf_nodes())


def leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_values_staff_set_move_to_the_new_settings_and_site_wide_content(before_the_split):
    old_apps = before_the_split
    Site = old_apps.get_model("wagtailcore", "Site")
    Page = old_apps.get_model("wagtailcore", "Page")
    Group = old_apps.get_model("auth", "Group")
    SiteSettings = old_apps.get_model("home", "SiteSettings")
    root = Page.objects.get(depth=1)
    site = Site.objects.create(hostname="wpa.example", port=80, root_page=root, is_default_site=False)
    menu = [{"type": "link", "value": {"page": None, "url": "https://example.org/a", "text": "A 100% {link}"}}]
    SiteSettings.objects.create(
        site=site,
        organization_name="WPA, as staff wrote it",
        contact_email="hello@example.org",
        address="1 Example Street\nNew York",
        donate_url="https://example.org/give",
        donate_label="Give now",
        footer_text="A note staff wrote.",
        default_meta_description="A description staff wrote.",
        founding_year="1845",
        quick_exit_url="https://example.com/weather",
        quick_exit_label="Leave",
        quick_exit_hint="Leaves at once.",
        safety_link_label="Be safe",
        newsletter_heading="Letters",
        newsletter_consent_text="You agree, as staff put it.",
        newsletter_thanks_heading="Thanks!",
        newsletter_thanks_text="Thanks for joining.",
        submission_retention_days=90,
        main_menu=menu,
        error_required="We need a 100% valid answer.",
    )
    # The roles migration made this group; a transactional test before this one may have emptied it.
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    Permission = old_apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="sitesettings")
    change, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="change_sitesettings", defaults={"name": "Can change Site settings"}
    )
    moderators.permissions.add(change)

    new_apps = migrate_to(AFTER)
    get = new_apps.get_model
    organization = get("home", "OrganizationSettings").objects.get(site_id=site.pk)
    assert (organization.organization_name, organization.contact_email) == (
        "WPA, as staff wrote it",
        "hello@example.org",
    )
    assert organization.address == "1 Example Street\nNew York"
    assert organization.donate_url == "https://example.org/give"
    assert get("home", "SearchEngineSettings").objects.get(site_id=site.pk).founding_year == "1845"
    assert get("home", "SafetySettings").objects.get(site_id=site.pk).quick_exit_url == "https://example.com/weather"
    assert get("home", "ConnectSettings").objects.get(site_id=site.pk).submission_retention_days == 90
    content = get("home", "SiteWideContent").objects.get()
    assert content.locale.language_code == "en"
    assert (content.donate_label, content.footer_text) == ("Give now", "A note staff wrote.")
    assert (content.quick_exit_label, content.quick_exit_hint, content.safety_link_label) == (
        "Leave",
        "Leaves at once.",
        "Be safe",
    )
    assert (content.newsletter_heading, content.newsletter_consent_text) == ("Letters", "You agree, as staff put it.")
    assert (content.newsletter_thanks_heading, content.newsletter_thanks_text) == ("Thanks!", "Thanks for joining.")
    assert content.default_meta_description == "A description staff wrote."
    assert content.main_menu.raw_data[0]["value"]["text"] == "A 100% {link}"
    codenames = set(Group.objects.get(pk=moderators.pk).permissions.values_list("codename", flat=True))
    assert {"change_organizationsettings", "change_safetysettings", "change_sitewidecontent"} <= codenames

    migrate_to(leaf_nodes())
    call_command("load_initial_data", verbosity=0)
    from home.models import SiteWideContent

    # The seed adds the Spanish version beside it; the English keeps what staff wrote.
    assert SiteWideContent.objects.filter(locale__language_code="en").count() == 1
    assert SiteWideContent.objects.get(locale__language_code="en").footer_text == "A note staff wrote."
