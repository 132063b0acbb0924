from django.core.management.base import BaseCommand
from django.db import transaction

from home.seed.loader import SeedLoader


class Command(BaseCommand):
    help = (
        "Create the site's starting content from the organization's copy, in English and in Spanish "
        "(home/seed/es.po). Safe to run again: it only adds what is missing and never changes what staff edited. "
        "Prints one line; -v2 lists every item created."
    )

    @transaction.atomic
    def handle(self, *args, verbosity, **options):
        loader = SeedLoader()
        created = loader.run()
        if verbosity >= 2:
            for item in created:
                self.stdout.write(f"Created {item}")
        if verbosity >= 1:
            if created:
                spanish = sum(item.startswith("es:") for item in created)
                self.stdout.write(
                    f"Starting content: created {len(created)} items ({spanish} of them Spanish translations)."
                )
            else:
                self.stdout.write("Starting content already present; nothing changed.")
        for item in loader.waiting_for_translation:
            # English staff wrote before the Spanish was seeded: shown in English until translated.
            self.stdout.write(self.style.WARNING(f"Spanish of {item}: see Translations in the admin"))
