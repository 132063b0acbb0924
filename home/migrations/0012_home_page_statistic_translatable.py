"""Home page statistics become translatable, so that each language's home
page has its own words for its figures. Existing statistics take their
page's language and a translation key of their own."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def give_each_statistic_its_pages_locale(apps, schema_editor):
    HomePageStatistic = apps.get_model("home", "HomePageStatistic")
    for statistic in HomePageStatistic.objects.select_related("page"):
        statistic.translation_key = uuid.uuid4()
        statistic.locale_id = statistic.page.locale_id
        statistic.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0011_spanish_locale"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="homepagestatistic",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="homepagestatistic",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_statistic_its_pages_locale, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="homepagestatistic",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="homepagestatistic",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="homepagestatistic",
            unique_together={("translation_key", "locale")},
        ),
    ]
