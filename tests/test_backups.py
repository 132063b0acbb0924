"""Backups that restore: a seeded site with an image, a document, a Connect
message and a newsletter sign-up, backed up with `backup_site` and restored
with `restore_site` (what `make backup` and `make restore` run) into a fresh
empty database and a fresh empty MEDIA_ROOT, comes back whole. On the Postgres
that DATABASE_URL names when it names one (CI), otherwise on SQLite."""

import datetime
import hashlib
import io
import json
import os
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.servers import PROJECT_ROOT, manage, production_env, throwaway_database
from wpa_site.backups.backups import DUMP_NAMES, BackupError, archive_time, prune_backups, restore_backup

# Run in the site's own process (manage.py shell) against its database.
ADD_CONTENT = """
from django.core.files.base import ContentFile
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from home.models import ConnectPage
from home.newsletter.models import NewsletterSignup

get_image_model().objects.create(title="Backup image", file=get_test_image_file("backup.png"))
get_document_model().objects.create(
    title="Backup document", file=ContentFile(b"%PDF-1.4 annual report\\n", name="annual-report.pdf")
)
FormSubmission.objects.create(
    page=ConnectPage.objects.get(locale__language_code="en"),
    form_data={"name": "Ana", "message": "Please call me about housing."},
)
NewsletterSignup.objects.create(email="reader@example.org", first_name="Reader", consent_text="Yes, send it.")
"""

SNAPSHOT = """
import json
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from home.newsletter.models import NewsletterSignup

print("SNAPSHOT " + json.dumps({
    "pages": [[page.path, page.url_path, page.title, page.live] for page in Page.objects.order_by("path")],
    "images": [[image.title, image.file.name] for image in get_image_model().objects.order_by("pk")],
    "documents": [[document.title, document.file.name] for document in get_document_model().objects.order_by("pk")],
    "messages": [
        [message.page.title, message.form_data, message.submit_time.isoformat()]
        for message in FormSubmission.objects.order_by("pk")
    ],
    "signups": list(NewsletterSignup.objects.order_by("pk").values_list("email", "first_name", "consent_text")),
}))
"""


def snapshot(env):
    output = manage(env, "shell", "-c", SNAPSHOT)
    line = next(line for line in output.splitlines() if line.startswith("SNAPSHOT "))
    return json.loads(line.removeprefix("SNAPSHOT "))


@pytest.fixture
def second_database(tmp_path):
    """Another throwaway database, empty, of the same kind as `production_database`."""
    yield from throwaway_database(tmp_path, "restored")


def test_a_backup_restores_the_whole_site_into_a_fresh_database_and_media_folder(
    seeded_production_database, second_database, tmp_path
):
    backups = tmp_path / "backups"
    common = {"BACKUP_DIR": str(backups), "BACKUP_KEEP_DAYS": "14"}
    source = production_env(
        seeded_production_database, tmp_path / "static", MEDIA_ROOT=str(tmp_path / "media"), **common
    )
    manage(source, "shell", "-c", ADD_CONTENT)
    before = snapshot(source)
    assert before["images"] and before["documents"] and before["messages"] and before["signups"]
    assert len(before["pages"]) > 5

    output = manage(source, "backup_site")
    [archive] = backups.glob("wpa-backup-*.tar.gz")
    assert str(archive) in output
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds people's messages: its owner's only"

    (tmp_path / "restored").mkdir(exist_ok=True)
    restored_media = tmp_path / "restored-media"
    target = production_env(second_database, tmp_path / "static", MEDIA_ROOT=str(restored_media), **common)
    manage(target, "restore_site", str(archive))

    assert snapshot(target) == before
    for _, name in before["images"] + before["documents"]:
        assert (restored_media / name).read_bytes() == (tmp_path / "media" / name).read_bytes()
    # The restored database is at this code's migrations.
    manage(target, "migrate", "--check", "-v0")

    # Again into the now full database: refused with a clear message, and nothing changes...
    with pytest.raises(RuntimeError) as refused:
        manage(target, "restore_site", "latest")
    assert "is not empty" in str(refused.value) and "--force" in str(refused.value)
    # ...unless told to replace it.
    manage(target, "restore_site", "latest", "--force")
    assert snapshot(target) == before


def test_an_archive_lists_every_file_with_its_checksum(seeded_production_database, tmp_path):
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "note.txt").write_bytes(b"kept")
    env = production_env(seeded_production_database, tmp_path / "static", MEDIA_ROOT=str(media))
    manage(env, "backup_site", "--output-dir", str(tmp_path / "out"))
    [archive] = (tmp_path / "out").glob("wpa-backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.extractfile("media/documents/note.txt").read() == b"kept"
        assert {"manifest.json", manifest["database"]["file"], "media/documents/note.txt"} == set(tar.getnames())
    assert manifest["media"] == {"documents/note.txt": {"size": 4, "sha256": hashlib.sha256(b"kept").hexdigest()}}
    vendor = "postgresql" if seeded_production_database.startswith("postgres") else "sqlite"
    assert manifest["database"]["vendor"] == vendor
    assert "wagtailcore_page" in manifest["database"]["tables"]


def test_old_archives_are_deleted_after_the_retention_period_and_nothing_else_is(tmp_path):
    now = datetime.datetime(2026, 3, 20, 2, 0, tzinfo=datetime.UTC)
    names = ["wpa-backup-20260301T020000Z.tar.gz", "wpa-backup-20260305T020000Z.tar.gz"]
    names += ["wpa-backup-20260306T020000Z.tar.gz", "wpa-backup-20260320T020000Z.tar.gz", "notes.txt"]
    for name in names:
        (tmp_path / name).write_text("x")
    stale = tmp_path / "wpa-backup-20260301T020000Z.tar.gz.partial"
    stale.write_text("x")
    os.utime(stale, (now.timestamp() - 3 * 86400,) * 2)

    removed = prune_backups(tmp_path, keep_days=14, now=now)

    assert sorted(path.name for path in removed) == sorted([names[0], names[1], stale.name])
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(names[2:])
    assert prune_backups(tmp_path, keep_days=0, now=now) == []
    assert archive_time(tmp_path / names[3]) == now


def write_archive(path, files, manifest=None):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {**files, **({"manifest.json": json.dumps(manifest).encode()} if manifest else {})}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_a_damaged_or_foreign_archive_is_refused_before_anything_is_changed(tmp_path):
    from django.db import connection

    dump = DUMP_NAMES[connection.vendor]
    manifest = {
        "format": 1,
        "created": "2026-03-20T02:00:00+00:00",
        "database": {"vendor": connection.vendor, "file": dump, "sha256": hashlib.sha256(b"db").hexdigest()},
        "media": {"documents/a.txt": {"size": 5, "sha256": hashlib.sha256(b"right").hexdigest()}},
    }
    write_archive(tmp_path / "damaged.tar.gz", {dump: b"db", "media/documents/a.txt": b"wrong"}, manifest)
    with pytest.raises(BackupError, match="damaged: media/documents/a.txt"):
        restore_backup(tmp_path / "damaged.tar.gz")
    write_archive(tmp_path / "short.tar.gz", {dump: b"db"}, manifest)
    with pytest.raises(BackupError, match="incomplete: media/documents/a.txt is missing"):
        restore_backup(tmp_path / "short.tar.gz")
    write_archive(tmp_path / "other.tar.gz", {"readme.txt": b"hello"})
    with pytest.raises(BackupError, match="not a site backup"):
        restore_backup(tmp_path / "other.tar.gz")
    with pytest.raises(BackupError, match="There is no backup at"):
        restore_backup(tmp_path / "missing.tar.gz")


def make_dry_run(*args):
    return subprocess.run(
        ["make", "--dry-run", "--no-print-directory", *args], cwd=PROJECT_ROOT, capture_output=True, text=True
    )


def test_make_backup_and_make_restore_run_the_backup_commands():
    assert "manage.py backup_site" in make_dry_run("backup").stdout
    forced = make_dry_run("restore", "BACKUP=backups/wpa-backup-20260320T020000Z.tar.gz", "FORCE=1").stdout
    assert 'manage.py restore_site "backups/wpa-backup-20260320T020000Z.tar.gz" --force' in forced
    assert "manage.py migrate --noinput" in forced
    assert "--force" not in make_dry_run("restore", "BACKUP=latest").stdout
    missing = make_dry_run("restore")
    assert missing.returncode != 0 and "make restore needs BACKUP=" in missing.stderr


def test_the_operating_docs_say_how_to_schedule_keep_and_restore_backups():
    operating = (Path(PROJECT_ROOT) / "docs" / "operating.md").read_text()
    section = operating.split("## Backups", 1)[1].split("\n## ", 1)[0]
    for words in ["make backup", "make restore BACKUP=", "BACKUP_DIR", "BACKUP_KEEP_DAYS", "cron", "fresh machine"]:
        assert words in section
