import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

PASSWORD_FILE = Path(settings.BASE_DIR) / ".local-admin-password"


def ensure_local_superuser(username="admin"):
    """The local administrator's password, making the account (and the
    password, kept in .local-admin-password) the first time."""
    if not settings.DEBUG:
        raise CommandError("Refusing to create a local administrator outside development settings.")
    if PASSWORD_FILE.exists():
        password = PASSWORD_FILE.read_text().strip()
    else:
        password = secrets.token_urlsafe(12)
        PASSWORD_FILE.write_text(password + "\n")
        PASSWORD_FILE.chmod(0o600)

    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@localhost", "is_staff": True, "is_superuser": True}
    )
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    return password


def login_lines(address, username, password):
    return f"\n  The site: {address}\n  Admin: {address}admin/\n  Username: {username}\n  Password: {password}\n"


class Command(BaseCommand):
    help = (
        "Make sure a local administrator exists for trying the site on this machine, "
        "and print its login. The password is generated once and kept in .local-admin-password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--address", default="http://127.0.0.1:8000/", help="Where the site is served.")

    def handle(self, *args, username, address, verbosity, **options):
        password = ensure_local_superuser(username)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(login_lines(address.rstrip("/") + "/", username, password)))
