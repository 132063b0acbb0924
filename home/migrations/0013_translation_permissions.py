"""Editors and Moderators translate (see "Translating the site" in docs/editing.md).

Their page permissions already sit on the tree's root page (0003), above the
English home and the Spanish one alike, so a Spanish tree created later is
covered with nothing to extend; the moderation workflow is on the root too.
Site-wide content permissions are per model, not per language. What remains
is wagtail-localize's own permission to start and sync translations.
"""

from django.db import migrations

TRANSLATORS = ["Editors", "Moderators"]


def grant_translation(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    for group in Group.objects.filter(name__in=TRANSLATORS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0012_home_page_statistic_translatable"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant_translation, migrations.RunPython.noop)]
