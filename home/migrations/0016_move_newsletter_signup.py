"""The newsletter sign-ups are now the newsletter app's (home/newsletter):
their model leaves home's state only. The table stays where it is, and is
the newsletter app's from newsletter.0001 on."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0015_newsletter_signup_confirmation"),
        ("newsletter", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="NewsletterSignup")],
        ),
    ]
