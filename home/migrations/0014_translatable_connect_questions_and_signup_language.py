"""Connect questions become translatable with their page, and each newsletter
sign-up records its language.

The questions that exist already get the locale of their page and a
translation key (what Wagtail's BootstrapTranslatableModel does, with the
page's locale rather than always the default, and one key for a question
and its translations); only then do the two fields become required and
unique together.
"""

import uuid

import django.db.models.deletion
import wagtail.contrib.forms.models
import wagtail.fields
from django.db import migrations, models


def give_questions_a_locale(apps, schema_editor):
    ConnectFormField = apps.get_model("home", "ConnectFormField")
    # Values only: a historical form page cannot be built (Wagtail's form
    # __init__ needs attributes that migrations leave out).
    questions = ConnectFormField.objects.filter(translation_key__isnull=True).values_list(
        "pk", "page__locale", "page__translation_key", "clean_name"
    )
    # A question and its translations on the page's translations share a
    # stored name (wagtail-localize copies it), so they get one key.
    keys = {}
    for pk, locale_id, page_key, clean_name in questions:
        key = keys.setdefault((page_key, clean_name), uuid.uuid4())
        ConnectFormField.objects.filter(pk=pk).update(translation_key=key, locale_id=locale_id)
    if schema_editor.connection.vendor == "postgresql":
        # Postgres refuses to alter a table whose foreign-key checks are still
        # deferred to the end of the transaction; run them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("home", "0013_translation_permissions")]

    operations = [
        migrations.AddField(
            model_name="newslettersignup",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Español")],
                default="en",
                help_text="The language of the page they signed up from: the newsletter to send them.",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="connectformfield",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="connectformfield",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.RunPython(give_questions_a_locale, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="connectformfield",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="connectformfield",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="connectformfield",
            unique_together={("translation_key", "locale")},
        ),
        migrations.AlterField(
            model_name="connectpage",
            name="routes",
            field=wagtail.fields.StreamField(
                [("route", 2)],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"help_text": "The answer as visitors see it, e.g. Press.", "max_length": 120},
                    ),
                    1: (
                        "wagtail.blocks.EmailBlock",
                        (),
                        {
                            "help_text": (
                                "Who receives messages with this answer by email. When empty, they go to the "
                                "page's 'to address'. Every message is also kept under Forms in the admin. A "
                                "translation keeps this address unless it is given one of its own in the "
                                "translation editor."
                            ),
                            "required": False,
                        },
                    ),
                    2: ("wagtail.blocks.StructBlock", [[("label", 0), ("email", 1)]], {}),
                },
                help_text=(
                    "The answers visitors choose from, in order, each with the email address its messages go "
                    "to. The question is hidden while there are none."
                ),
            ),
        ),
        migrations.AlterField(
            model_name="connectpage",
            name="to_address",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Who receives messages whose answer has no email address of its own. Separate several "
                    "addresses with commas. Every message is also kept under Forms. A translation keeps these "
                    "unless it is given its own in the translation editor."
                ),
                max_length=255,
                validators=[wagtail.contrib.forms.models.validate_to_address],
            ),
        ),
    ]
