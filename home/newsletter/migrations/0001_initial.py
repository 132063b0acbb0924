"""The sign-ups move here from the home app, with their table: the model is
created in Django's state only, on the table home's migrations made and keep
(home_newslettersignup), so no row is touched. home.0016 then drops the
model from home's state."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # The last of home's migrations that changed the table.
        ("home", "0015_newsletter_signup_confirmation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="NewsletterSignup",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "email",
                            models.EmailField(
                                help_text="The address the newsletter is sent to, in lower case.",
                                max_length=254,
                                unique=True,
                            ),
                        ),
                        (
                            "first_name",
                            models.CharField(blank=True, help_text="How to greet them. Optional.", max_length=100),
                        ),
                        (
                            "language",
                            models.CharField(
                                choices=[("en", "English"), ("es", "Español")],
                                default="en",
                                help_text="The language of the page they signed up from: the newsletter to send them.",
                                max_length=8,
                            ),
                        ),
                        (
                            "consent_text",
                            models.TextField(
                                help_text="The consent text shown on the sign-up form when they signed up."
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, help_text="When they signed up.")),
                        (
                            "confirmed_at",
                            models.DateTimeField(
                                blank=True,
                                help_text=(
                                    "When they followed the link in the confirmation email; empty until then. "
                                    "Only confirmed sign-ups get the newsletter."
                                ),
                                null=True,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "newsletter sign-up",
                        "db_table": "home_newslettersignup",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
        ),
    ]
