"""The store in a SQLite file: one connection per thread, WAL mode so that readers go on while a
writer works, and ``BEGIN IMMEDIATE`` so that writers take turns."""

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .connection import Database, Waiting
from .transaction import Transaction
from .writer import FileLock

BUSY_TIMEOUT = 600  # seconds a writer waits for another to finish


class SqliteDatabase(Database):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            self._local.conn = conn
        return conn

    def rows(self, sql: str, parameters: Iterable[object] = ()) -> list[tuple]:
        return self.db.execute(sql, tuple(parameters)).fetchall()

    def stream(self, sql: str, parameters: Iterable[object] = ()) -> Iterator[tuple]:
        yield from self.db.execute(sql, tuple(parameters))

    @contextmanager
    def write(self, waiting: Waiting | None = None) -> Iterator[Transaction]:
        """SQLite cannot tell who holds the write: ``waiting`` is not told."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield Transaction(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def writer_lock(self) -> FileLock:
        return FileLock(self.path.with_name("writer.lock"))

    def ddl(self, sql: str) -> str:
        return sql

    def beside(self, name: str) -> "SqliteDatabase":
        return SqliteDatabase(self.path.with_name(f"{name}.db"))

    def tables(self) -> set[str]:
        return {name for (name,) in self.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
