"""Backups that restore: the database and the uploaded media in one archive.

An archive (`wpa-backup-<UTC time>.tar.gz`) holds `manifest.json`, the
database (`database.pgdump`, made by Postgres's own `pg_dump --format=custom`
and put back by `pg_restore`; or `database.sqlite3`, a consistent copy made
by SQLite's online backup API) and every file of the default storage under
`media/` (MEDIA_ROOT, or the S3 bucket), with each file's SHA-256 in the
manifest. `backup_site` and `restore_site` (wpa_site/backups/management/commands) and
`make backup` / `make restore` use these functions.
"""

import datetime
import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
import wagtail
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

ARCHIVE_PREFIX = "wpa-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
ARCHIVE_NAME = re.compile(r"^wpa-backup-(\d{8}T\d{6}Z)\.tar\.gz$")
TIME_FORMAT = "%Y%m%dT%H%M%SZ"
FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# The database


def database_vendor():
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support Postgres and SQLite, not {connection.vendor}.")
    return connection.vendor


def sqlite_path():
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"The SQLite database {name!r} is not a file and cannot be backed up or restored.")
    return name


def postgres_env():
    """libpq's variables for the tools: the same server, user, password and TLS settings as the site uses."""
    database = connection.settings_dict
    env = dict(os.environ)
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
    }
    options = database.get("OPTIONS") or {}
    for option, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
        ("connect_timeout", "PGCONNECT_TIMEOUT"),
    ]:
        values[variable] = options.get(option)
    env.update({key: str(value) for key, value in values.items() if value not in (None, "")})
    return env


def postgres_tool(name):
    """The path of pg_dump or pg_restore, if it is new enough for this server."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed. `make backup` and `make restore` install Debian's postgresql-client; "
            f"otherwise install the postgresql-client package whose version matches the server."
        )
    # The arguments are this module's own, with paths from PATH and the settings.
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", output)
    if found is None:
        raise BackupError(f"Cannot tell which version {path} is: {output.strip()!r}.")
    tool_major = int(found.group(1))
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if tool_major < server_major:
        raise BackupError(
            f"{name} {tool_major} cannot work with this Postgres {server_major} server: "
            f"install postgresql-client-{server_major} (the client tools must be at least the server's version)."
        )
    return path


def run_tool(command):
    result = subprocess.run(command, env=postgres_env(), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed:\n{result.stderr.strip()}")


def dump_database(path):
    """Write a copy of the whole database to `path`."""
    if database_vendor() == "postgresql":
        run_tool([postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"])
        return
    source = sqlite3.connect(sqlite_path())
    target = sqlite3.connect(path)
    try:
        # A consistent copy even while the site writes to it.
        source.backup(target)
    finally:
        target.close()
        source.close()


def table_names():
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def load_database(path, replace):
    """Put the dump at `path` in the database: an empty one, or, with `replace`, in place of what it holds."""
    if database_vendor() == "postgresql":
        command = [postgres_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
        # One transaction: a restore that fails leaves the database as it was.
        command += ["--single-transaction", f"--dbname={connection.settings_dict['NAME']}"]
        if replace:
            command += ["--clean", "--if-exists"]
        connection.close()
        run_tool([*command, str(path)])
        return
    connection.close()
    source = sqlite3.connect(path)
    target = sqlite3.connect(sqlite_path())
    try:
        # Page by page over whatever the file held: afterwards it is the backup exactly.
        source.backup(target)
    finally:
        target.close()
        source.close()


def drop_tables(names):
    """Tables left from a later state of the site than the backup's (replace only)."""
    if not names:
        return
    quoted = ", ".join(connection.ops.quote_name(name) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
        else:
            for name in names:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(name)}")


# The media


def media_files(storage=default_storage, directory=""):
    """Every file in the storage, by name, in a stable order."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # MEDIA_ROOT not made yet: nothing uploaded
        return
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for name in sorted(directories):
        yield from media_files(storage, posixpath.join(directory, name) if directory else name)


def file_sha256(fileobj):
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def safe_media_name(name):
    parts = name.split("/")
    if not name or name.startswith("/") or "\\" in name or any(part in ("", ".", "..") for part in parts):
        raise BackupError(f"The archive names a media file outside the media folder: {name!r}.")
    return name


# Writing an archive


def archive_time(path):
    match = ARCHIVE_NAME.match(Path(path).name)
    if match is None:
        return None
    return datetime.datetime.strptime(match.group(1), TIME_FORMAT).replace(tzinfo=datetime.UTC)


def add_bytes(tar, name, data, mtime):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


class HashingReader:
    """A file read through once into the archive, hashed as it goes."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.digest.update(data)
        return data


def migration_state():
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.migration_qs.values_list("app", "name"))


def create_backup(directory, now=None):
    """Write a new archive into `directory` and return its path.

    It is written under a `.partial` name and renamed when complete, so an
    archive with the final name is always whole. Only its owner may read it:
    it holds people's messages and addresses.
    """
    now = now or datetime.datetime.now(datetime.UTC)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = directory / f"{ARCHIVE_PREFIX}{now.strftime(TIME_FORMAT)}{ARCHIVE_SUFFIX}"
    if final.exists():
        raise BackupError(f"{final} already exists.")
    partial = final.with_name(final.name + ".partial")
    vendor = database_vendor()
    mtime = int(now.timestamp())
    manifest = {
        "format": FORMAT,
        "created": now.isoformat(),
        "database": {"vendor": vendor, "file": DUMP_NAMES[vendor], "tables": sorted(table_names())},
        "migrations": migration_state(),
        "versions": {"django": django.get_version(), "wagtail": wagtail.__version__},
        "media": {},
    }
    try:
        with tempfile.TemporaryDirectory(dir=directory, prefix=".dump-") as work:
            dump = Path(work) / DUMP_NAMES[vendor]
            dump_database(dump)
            with dump.open("rb") as handle:
                manifest["database"]["sha256"] = file_sha256(handle)
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as output, tarfile.open(fileobj=output, mode="w:gz") as tar:
                tar.add(dump, arcname=DUMP_NAMES[vendor])
                for name in media_files():
                    info = tarfile.TarInfo(MEDIA_PREFIX + name)
                    info.size = default_storage.size(name)
                    info.mtime = mtime
                    info.mode = 0o600
                    with default_storage.open(name, "rb") as handle:
                        reader = HashingReader(handle)
                        tar.addfile(info, reader)
                    manifest["media"][name] = {"size": info.size, "sha256": reader.digest.hexdigest()}
                # Last, so that it lists exactly what went in.
                add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode(), mtime)
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return final


def prune_backups(directory, keep_days, now=None, keep=()):
    """Delete this site's archives older than `keep_days` days (0 keeps them all); return what went."""
    if not keep_days:
        return []
    now = now or datetime.datetime.now(datetime.UTC)
    limit = now - datetime.timedelta(days=keep_days)
    removed = []
    for path in sorted(Path(directory).glob(f"{ARCHIVE_PREFIX}*")):
        if path in keep:
            continue
        if path.name.endswith(".partial"):
            # What a backup that was killed left behind, once no backup can still be writing it.
            written = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC)
            if written >= now - datetime.timedelta(days=1):
                continue
        else:
            when = archive_time(path)
            if when is None or when >= limit:
                continue
        path.unlink()
        removed.append(path)
    return removed


def latest_backup(directory):
    archives = sorted(path for path in Path(directory).glob(f"{ARCHIVE_PREFIX}*") if archive_time(path))
    if not archives:
        raise BackupError(f"There is no backup in {directory}.")
    return archives[-1]


# Reading an archive back


def read_manifest(tar):
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError(f"This is not a site backup (no readable {MANIFEST}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format is {manifest.get('format')!r}; this code reads format {FORMAT}.")
    return manifest


def member_file(tar, name):
    try:
        member = tar.getmember(name)
    except KeyError as error:
        raise BackupError(f"The backup is incomplete: {name} is missing.") from error
    if not member.isfile():
        raise BackupError(f"The backup is damaged: {name} is not a file.")
    return tar.extractfile(member)


def archive_files(tar):
    """(member, file) for each file of the archive, in the order it was written: one pass, no seeking back."""
    for member in tar.getmembers():
        if member.isfile():
            yield member, tar.extractfile(member)


def verify(tar, manifest):
    """Check every file against the manifest before anything is changed."""
    expected = {MEDIA_PREFIX + safe_media_name(name): entry["sha256"] for name, entry in manifest["media"].items()}
    expected[manifest["database"]["file"]] = manifest["database"]["sha256"]
    seen = set()
    for member, fileobj in archive_files(tar):
        if member.name in expected:
            if file_sha256(fileobj) != expected[member.name]:
                raise BackupError(f"The backup is damaged: {member.name} does not match its checksum.")
            seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The backup is incomplete: {missing[0]} is missing.")


def media_conflicts(manifest):
    """Media files of the backup already in the storage with other contents."""
    conflicts = []
    for name, expected in manifest["media"].items():
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                if file_sha256(handle) != expected["sha256"]:
                    conflicts.append(name)
    return conflicts


def restore_media(tar, manifest):
    restored = 0
    for member, fileobj in archive_files(tar):
        name = member.name.removeprefix(MEDIA_PREFIX)
        expected = manifest["media"].get(name) if member.name.startswith(MEDIA_PREFIX) else None
        if expected is None:
            continue
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                if file_sha256(handle) == expected["sha256"]:
                    continue
            default_storage.delete(name)
        content = File(fileobj, name=posixpath.basename(name))
        content.size = expected["size"]
        saved = default_storage.save(name, content)
        if saved != name:
            raise BackupError(f"The storage saved media file {name} as {saved}.")
        restored += 1
    return restored


def restore_backup(path, replace=False):
    """Put the archive's database and media back; return a summary.

    Refuses a database that already has tables, and media files that already
    exist with other contents, unless `replace`.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    vendor = database_vendor()
    with tarfile.open(path, mode="r:gz") as tar:
        manifest = read_manifest(tar)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"This backup holds a {manifest['database']['vendor']} database, but DATABASE_URL names a "
                f"{vendor} one: restore it into the same kind of database."
            )
        verify(tar, manifest)
        existing = table_names()
        if existing and not replace:
            raise BackupError(
                f"The database {connection.settings_dict['NAME']} is not empty ({len(existing)} tables): restoring "
                f"would replace everything in it. Restore into a new, empty database, or replace it on purpose "
                f"with --force (make restore BACKUP=... FORCE=1)."
            )
        conflicts = media_conflicts(manifest)
        if conflicts and not replace:
            raise BackupError(
                f"{len(conflicts)} media file(s) already exist with other contents (e.g. {conflicts[0]}): restoring "
                f"would overwrite them. Restore into an empty MEDIA_ROOT, or overwrite on purpose with --force."
            )
        with tempfile.TemporaryDirectory(prefix="wpa-restore-") as work:
            dump = Path(work) / manifest["database"]["file"]
            with dump.open("wb") as output:
                shutil.copyfileobj(member_file(tar, manifest["database"]["file"]), output, CHUNK)
            load_database(dump, replace=bool(existing))
        leftover = sorted(set(table_names()) - set(manifest["database"]["tables"]))
        drop_tables(leftover)
        restored = restore_media(tar, manifest)
    return {"manifest": manifest, "media_restored": restored, "tables_dropped": leftover}
