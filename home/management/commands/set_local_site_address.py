from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "Give the default Wagtail site the address `make run` serves it at (e.g. 127.0.0.1 8000), so that "
        "canonical links, the sitemap and the newsletter's confirmation links point there. Development only: "
        "a real site's address is set in the admin (Settings → Sites)."
    )

    def add_arguments(self, parser):
        parser.add_argument("hostname")
        parser.add_argument("port", type=int)

    def handle(self, *args, hostname, port, verbosity, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to change the site's address outside development settings.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet: run load_initial_data first.")
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save()
        if verbosity >= 1:
            self.stdout.write(f"The default site's address is {site.root_url}.")
