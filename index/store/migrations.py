"""Explicit schema versions: each part of the database (the store, the questions, the feeds…)
has a list of numbered migrations, and ``schema_versions`` keeps the number each part is at.

Opening a database brings every part to its latest version in one transaction, the same code on
SQLite and PostgreSQL; the write lock is taken only when there is work, so opening never waits
for a publish another process is making. A database newer than this newsbot is refused.
Version 1 of a part is its tables as they were when versions began, made from nothing or from
what a newsbot from before left (its statements are idempotent).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import StoreError
from .connection import Database
from .transaction import Transaction

VERSIONS = "CREATE TABLE IF NOT EXISTS schema_versions (part TEXT PRIMARY KEY, version INTEGER NOT NULL)"


@dataclass(frozen=True)
class Migration:
    version: int
    apply: Callable[[Database, Transaction], None]


def migrate(database: Database, part: str, migrations: Sequence[Migration]) -> None:
    """Bring ``part`` to the last of ``migrations`` (numbered 1, 2, … in order)."""
    latest = migrations[-1].version
    if "schema_versions" in database.tables() and version(database, part) == latest:
        return
    with database.write() as tx:
        tx.execute(database.ddl(VERSIONS))
        found = tx.execute("SELECT version FROM schema_versions WHERE part = ?", (part,)).fetchone()
        current = found[0] if found else 0
        if current > latest:
            raise StoreError(
                f"the database's {part} tables are of version {current}, newer than this newsbot's "
                f"({latest}): update newsbot"
            )
        for migration in migrations[current:]:
            migration.apply(database, tx)
        tx.execute(
            "INSERT INTO schema_versions (part, version) VALUES (?, ?) "
            "ON CONFLICT (part) DO UPDATE SET version = excluded.version",
            (part, latest),
        )


def version(database: Database, part: str) -> int:
    """The version ``part`` is at (0: none yet)."""
    found = database.row("SELECT version FROM schema_versions WHERE part = ?", (part,))
    return found[0] if found else 0


def create_tables(script: str) -> Callable[[Database, Transaction], None]:
    """A migration that runs a script of table definitions."""

    def apply(database: Database, tx: Transaction) -> None:
        for statement in statements(script):
            tx.execute(database.ddl(statement))

    return apply


def statements(script: str) -> list[str]:
    """The statements of a script of table definitions, one by one (none holds a ';')."""
    return [part.strip() for part in script.split(";") if part.strip()]
