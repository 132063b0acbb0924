from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.core.management.base import CommandError

from home.management.commands.ensure_local_superuser import ensure_local_recipient, ensure_local_superuser, login_lines


class Command(RunserverCommand):
    help = (
        "`make run`'s server: Django's runserver, which then prints the site's address and the local "
        "administrator's login, so that they are the last lines before the requests."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--username", default="admin", help="The local administrator to print the login of.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("run_local is for development settings; `make serve` runs the site production-like.")
        self.username = options["username"]
        super().handle(*args, **options)

    def on_bind(self, server_port):
        super().on_bind(server_port)
        host = f"[{self.addr}]" if self._raw_ipv6 else self.addr
        password = ensure_local_superuser(self.username)
        recipient = ensure_local_recipient(self.username)
        lines = login_lines(f"http://{host}:{server_port}/", self.username, password) + recipient
        self.stdout.write(self.style.SUCCESS(lines))
