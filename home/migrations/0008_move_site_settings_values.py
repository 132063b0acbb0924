"""Carry every value staff set on the old all-in-one SiteSettings to its new
home: the language-neutral values to the small settings, one concern each,
and the words visitors read to SiteWideContent in the default language.
Groups that could change the old settings can change the new ones.

The old interface-word fields (buttons, labels, error texts) have no new
home in the database: those words now come from the interface catalog.
"""

import uuid

from django.conf import settings
from django.db import migrations

NEW_SETTINGS = {
    "organizationsettings": ["organization_name", "contact_email", "contact_phone", "address", "donate_url"],
    "searchenginesettings": ["founding_year", "default_share_image_id"],
    "safetysettings": ["quick_exit_url", "safety_page_id"],
    "connectsettings": ["submission_retention_days"],
}
SITE_WIDE_TEXT = [
    "footer_text",
    "donate_label",
    "quick_exit_label",
    "quick_exit_hint",
    "safety_link_label",
    "newsletter_heading",
    "newsletter_consent_text",
    "newsletter_thanks_heading",
    "newsletter_thanks_text",
    "default_meta_description",
]
SITE_WIDE_STREAMS = ["main_menu", "social_links"]
VERBOSE_NAMES = {
    "organizationsettings": "Organization and contact",
    "searchenginesettings": "Search engines and sharing",
    "safetysettings": "Safety and quick exit",
    "connectsettings": "Connect form messages",
    "sitewidecontent": "site-wide content",
}


def default_locale(Locale):
    language = settings.LANGUAGE_CODE.split("-")[0]
    return (
        Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
        or Locale.objects.filter(language_code=language).first()
        or Locale.objects.order_by("pk").first()
    )


def move_values(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    SiteWideContent = apps.get_model("home", "SiteWideContent")
    Locale = apps.get_model("wagtailcore", "Locale")

    old_rows = list(SiteSettings.objects.select_related("site").order_by("-site__is_default_site", "pk"))
    for old in old_rows:
        for model_name, fields in NEW_SETTINGS.items():
            model = apps.get_model("home", model_name)
            model.objects.update_or_create(site_id=old.site_id, defaults={field: getattr(old, field) for field in fields})

    locale = default_locale(Locale)
    if not old_rows or locale is None or SiteWideContent.objects.filter(locale=locale).exists():
        return
    source = old_rows[0]  # the default site's
    content = SiteWideContent(locale=locale, translation_key=uuid.uuid4())
    for field in SITE_WIDE_TEXT:
        setattr(content, field, getattr(source, field))
    for field in SITE_WIDE_STREAMS:
        # The raw JSON moves as it is: the blocks are the same.
        setattr(content, field, list(getattr(source, field).raw_data))
    content.save()


def share_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    def permission(model, action):
        content_type, _ = ContentType.objects.get_or_create(app_label="home", model=model)
        found, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {VERBOSE_NAMES[model]}"},
        )
        return found

    for action in ("view", "change"):
        holders = Group.objects.filter(
            permissions__content_type__app_label="home",
            permissions__codename=f"{action}_sitesettings",
        )
        for group in holders:
            wanted = [permission(model, action) for model in VERBOSE_NAMES]
            if action == "change":
                wanted.append(permission("sitewidecontent", "add"))
            group.permissions.add(*wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_split_site_settings"),
    ]

    operations = [
        migrations.RunPython(move_values, migrations.RunPython.noop),
        migrations.RunPython(share_permissions, migrations.RunPython.noop),
    ]
