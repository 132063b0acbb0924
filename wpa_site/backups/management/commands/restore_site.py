"""Put a backup made by `backup_site` back (`make restore BACKUP=...`).

Into an empty database and media storage; a database that already has tables,
or media files with other contents, are replaced only with --force.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from wpa_site.backups.backups import BackupError, latest_backup, restore_backup
from wpa_site.cache.version import bump_version


class Command(BaseCommand):
    help = "Restore the database and the uploaded media from a backup archive made by backup_site."

    def add_arguments(self, parser):
        parser.add_argument(
            "backup", help="The archive (wpa-backup-….tar.gz), or `latest` for the newest in BACKUP_DIR."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that is not empty, and media files that differ, with the backup's.",
        )

    def handle(self, *args, backup, force=False, **options):
        try:
            path = latest_backup(settings.BACKUP_DIR) if backup == "latest" else Path(backup)
            summary = restore_backup(path, replace=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = summary["manifest"]
        self.stdout.write(
            f"Restored {path.name} (made {manifest['created']}): the database and "
            f"{len(manifest['media'])} media file(s), {summary['media_restored']} of them written."
        )
        if summary["tables_dropped"]:
            self.stdout.write(f"Dropped tables the backup did not have: {', '.join(summary['tables_dropped'])}.")
        # Nothing cached from before the restore may be served.
        bump_version()
        # An older backup may hold messages whose retention period has passed since.
        call_command("purge_expired_submissions", stdout=self.stdout)
