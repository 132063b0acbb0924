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


def ensure_local_recipient(username="admin"):
    """Connect messages reach the local administrator: each Connect page
    with no "To address" gets theirs, so that every answer without an
    address of its own has a recipient. An address staff set is kept. The
    line to print, or "" when there is no Connect page or no address."""
    from home.models import ConnectPage  # noqa: PLC0415 - models load after this module

    user = get_user_model().objects.filter(username=username).first()
    address = user.email if user else ""
    if not address:
        return ""
    pages = list(ConnectPage.objects.all())
    for page in pages:
        if page.to_address.strip():
            continue
        # The live row and the latest revision alike, so the next edit in the admin keeps it.
        ConnectPage.objects.filter(pk=page.pk).update(to_address=address)
        revision = page.latest_revision
        if revision is not None and not revision.content.get("to_address"):
            revision.content["to_address"] = address
            revision.save(update_fields=["content"])
    if not pages:
        return ""
    receivers = sorted({ConnectPage.objects.get(pk=page.pk).to_address for page in pages})
    return f"  Connect messages: emailed to {', '.join(receivers)} (printed in this terminal)\n"


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
        recipient = ensure_local_recipient(username)
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(login_lines(address.rstrip("/") + "/", username, password) + recipient)
            )
