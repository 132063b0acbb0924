from django.core.management.base import BaseCommand
from django.db import transaction

from home.seed.loader import SeedLoader


class Command(BaseCommand):
    help = (
        "Create the site's starting content from the organization's copy. "
        "Safe to run again: it only adds what is missing and never changes what staff edited."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        created = SeedLoader().run()
        if created:
            for item in created:
                self.stdout.write(f"Created {item}")
        else:
            self.stdout.write("Initial content already present; nothing changed.")
