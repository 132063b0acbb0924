"""Back up the database and the uploaded media into one archive (`make backup`).

The archive goes to BACKUP_DIR; archives older than BACKUP_KEEP_DAYS days are
then deleted. See wpa_site/backups/backups.py and docs/operating.md, "Backups".
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wpa_site.backups.backups import BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = "Back up the database and the uploaded media into one .tar.gz archive, then delete expired archives."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", type=Path, help="Where the archive goes (default: BACKUP_DIR).")
        parser.add_argument(
            "--keep-days",
            type=int,
            help="Delete this site's archives older than this many days; 0 keeps all (default: BACKUP_KEEP_DAYS).",
        )

    def handle(self, *args, output_dir=None, keep_days=None, **options):
        directory = output_dir or Path(settings.BACKUP_DIR)
        keep_days = settings.BACKUP_KEEP_DAYS if keep_days is None else keep_days
        if keep_days < 0:
            raise CommandError("--keep-days must be 0 or more.")
        try:
            archive = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {archive} ({archive.stat().st_size:,} bytes).")
        for path in prune_backups(directory, keep_days, keep={archive}):
            self.stdout.write(f"Deleted {path.name}, older than {keep_days} days.")
