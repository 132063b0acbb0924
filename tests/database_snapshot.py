"""Every row of the test database, taken once and put back in milliseconds.

The run seeds its database once (tests/conftest.py); a test that needs the
database as the migrations left it, or a transactional test that finds it
emptied by the one before, puts a snapshot back instead of seeding again.
Rows are put back with the ids they had, so nothing that points at them moves.
The database's id sequences are left where they are: they are already past
every id a snapshot holds, since the snapshot's rows were made through them.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction

# Django's own bookkeeping, the same in every snapshot.
SKIPPED_TABLES = {"django_migrations"}


@dataclass
class Snapshot:
    rows: dict = field(default_factory=dict)  # table -> (columns, rows); a COPY text on Postgres

    def tables_differing_from(self, other):
        tables = self.rows.keys() | other.rows.keys()
        return sorted(table for table in tables if self.rows.get(table) != other.rows.get(table))


def quoted(name):
    return connection.ops.quote_name(name)


def snapshot_tables():
    """The tables to keep: every table but Django's migration record and,
    on SQLite, the full-text index's own storage, which its virtual table
    writes by itself."""
    tables = set(connection.introspection.table_names()) - SKIPPED_TABLES
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            virtual = [name for (name,) in cursor.fetchall()]
        tables = {table for table in tables if not any(table.startswith(f"{name}_") for name in virtual)}
    return sorted(tables)


def take():
    snapshot = Snapshot()
    with connection.cursor() as cursor:
        for table in snapshot_tables():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quoted(table)} TO STDOUT") as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                if data:
                    snapshot.rows[table] = data
            else:
                cursor.execute(f"SELECT * FROM {quoted(table)}")  # noqa: S608
                rows = cursor.fetchall()
                if rows:
                    snapshot.rows[table] = ([column[0] for column in cursor.description], rows)
    return snapshot


def restore(snapshot, tables=None):
    """Empty `tables` (every table by default) and put the snapshot's rows
    back in them, in one transaction: the constraints between tables, all
    deferred, are checked when it ends, once every row is back."""
    tables = snapshot_tables() if tables is None else tables
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {quoted(table)}")  # noqa: S608
        for table in tables:
            if table not in snapshot.rows:
                continue
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quoted(table)} FROM STDIN") as copy:
                    copy.write(snapshot.rows[table])
            else:
                columns, rows = snapshot.rows[table]
                names = ", ".join(quoted(column) for column in columns)
                marks = ", ".join("%s" for _ in columns)
                cursor.executemany(f"INSERT INTO {quoted(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
