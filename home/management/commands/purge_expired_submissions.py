"""Delete form messages older than each site's retention period, and
newsletter sign-ups whose owner never followed the confirmation link.

Run it daily (docs/operating.md). Confirmed sign-ups are subscriptions people
asked for, not messages, so they are kept until someone removes them.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Site

from home.models import ConnectSettings
from home.newsletter.models import NewsletterSignup
from wpa_site.outbox.models import OutgoingEmail


class Command(BaseCommand):
    help = (
        "Delete form submissions older than the retention period set in each site's settings, and newsletter "
        "sign-ups left unconfirmed for longer than NEWSLETTER_CONFIRMATION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        total = 0
        covered_paths = []
        sites = Site.objects.select_related("root_page").order_by("-is_default_site", "pk")
        for site in sites:
            days = ConnectSettings.for_site(site).submission_retention_days
            covered_paths.append(site.root_page.path)
            if not days:
                continue
            expired = FormSubmission.objects.filter(
                page__path__startswith=site.root_page.path,
                submit_time__lt=now - datetime.timedelta(days=days),
            )
            total += self.delete(expired, dry_run)
        # Forms outside every site's tree follow the default site's setting.
        default_site = next((site for site in sites if site.is_default_site), None)
        if default_site:
            days = ConnectSettings.for_site(default_site).submission_retention_days
            if days:
                expired = FormSubmission.objects.filter(submit_time__lt=now - datetime.timedelta(days=days))
                for path in covered_paths:
                    expired = expired.exclude(page__path__startswith=path)
                total += self.delete(expired, dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {total} expired form submission(s).")
        # Their confirmation emails go with them (a generic relation).
        unconfirmed = NewsletterSignup.objects.expired()
        count = unconfirmed.count() if dry_run else unconfirmed.delete()[1].get(NewsletterSignup._meta.label, 0)
        self.stdout.write(f"{verb} {count} unconfirmed newsletter sign-up(s).")

    @staticmethod
    def delete(queryset, dry_run):
        if dry_run:
            return queryset.count()
        # Their emails go too: an unsent one still holds the message.
        OutgoingEmail.objects.filter(
            about_type=ContentType.objects.get_for_model(FormSubmission), about_id__in=queryset.values("pk")
        ).delete()
        deleted, _ = queryset.delete()
        return deleted
