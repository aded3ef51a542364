"""What the store asks of a database, whichever it is: rows read, one way to write, and the
``meta`` table. ``sqlite.SqliteDatabase`` (a file, the default) and ``postgres.PostgresDatabase``
(``NEWSBOT_DATABASE_URL``) are the two; ``databases.open_database`` picks one.

The SQL is written once, in what both understand: ``?`` placeholders, ``INSERT … ON CONFLICT``,
``RETURNING``, ``lower()`` rather than ``COLLATE NOCASE``; the PostgreSQL side turns placeholders
into its own, and table definitions, written for SQLite, go through ``ddl``.

``write`` is the one way to change anything: a transaction that other writers wait for, while
readers keep seeing the last commit. Reads made on the thread that holds a write see what it has
written so far.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager

from .transaction import Transaction
from .writer import WriterLock

Waiting = Callable[[str], None]
"""Told the name of the process whose write a write waits for (``writer.process_name``)."""


class Database(ABC):
    """One database of the store: SQLite or PostgreSQL."""

    @abstractmethod
    def rows(self, sql: str, parameters: Iterable[object] = ()) -> list[tuple]:
        """Every row ``sql`` reads."""

    @abstractmethod
    def stream(self, sql: str, parameters: Iterable[object] = ()) -> Iterator[tuple]:
        """The rows ``sql`` reads, a few at a time (for reads as large as the index)."""

    @abstractmethod
    def write(self, waiting: Waiting | None = None) -> AbstractContextManager[Transaction]:
        """One transaction that other writers wait for; readers keep seeing the last commit.
        ``waiting`` is told who holds the write first, when the database can tell (PostgreSQL)."""

    @abstractmethod
    def writer_lock(self) -> WriterLock:
        """The lock that makes one process of those sharing this database the writer."""

    @abstractmethod
    def ddl(self, sql: str) -> str:
        """A table definition written for SQLite, as this database takes it."""

    @abstractmethod
    def tables(self) -> set[str]:
        """The names of the tables the database holds."""

    @abstractmethod
    def beside(self, name: str) -> "Database":
        """A database for tables whose writers must not wait for this one's (the questions', the
        bot's): the SQLite file ``<name>.db`` beside this one's, or the same PostgreSQL database
        with a write lock of its own."""

    @abstractmethod
    def close(self) -> None:
        """Let go of the connections: SQLite's of this thread, PostgreSQL's pool."""

    def row(self, sql: str, parameters: Iterable[object] = ()) -> tuple | None:
        """The first row ``sql`` reads, None when it reads none."""
        found = self.rows(sql, parameters)
        return found[0] if found else None

    def meta(self, key: str) -> str | None:
        found = self.row("SELECT value FROM meta WHERE key = ?", (key,))
        return found[0] if found else None

    def generation(self) -> int:
        """The published generation (0: nothing published yet)."""
        return int(self.meta("generation") or 0)
