"""A newsletter sign-up is a subscription once its confirmation link is
followed, at `confirmed_at`.

The sign-ups made before there was a confirmation email were subscriptions
as soon as they were made, and stay so: they count as confirmed when they
signed up. Left empty, they would drop out of the export and be deleted as
unconfirmed.
"""

from django.db import migrations, models


def keep_earlier_sign_ups_subscribed(apps, schema_editor):
    NewsletterSignup = apps.get_model("home", "NewsletterSignup")
    NewsletterSignup.objects.filter(confirmed_at__isnull=True).update(confirmed_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("home", "0014_translatable_connect_questions_and_signup_language")]

    operations = [
        migrations.AddField(
            model_name="newslettersignup",
            name="confirmed_at",
            field=models.DateTimeField(
                blank=True,
                help_text=(
                    "When they followed the link in the confirmation email; empty until then. Only confirmed "
                    "sign-ups get the newsletter."
                ),
                null=True,
            ),
        ),
        migrations.RunPython(keep_earlier_sign_ups_subscribed, migrations.RunPython.noop),
    ]
