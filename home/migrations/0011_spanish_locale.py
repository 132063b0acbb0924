"""Every content language the settings name has its Wagtail locale, so that
staff can translate into Spanish from the first deploy."""

from django.conf import settings
from django.db import migrations


def add_content_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=language_code)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0010_connect_submission_delivery"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_content_locales, migrations.RunPython.noop)]
