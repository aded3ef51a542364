"""The SQLite file: one connection per thread, one way to write, and the ``meta`` table.

WAL mode lets readers go on while a writer works; ``write`` is the one way to change anything,
a transaction other writers wait for. Reads made through the store on the thread that holds a
write see what it has written so far, since they use the same connection.
"""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .transaction import Transaction

BUSY_TIMEOUT = 600  # seconds a writer waits for another to finish


class Database:
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

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """One transaction that other writers wait for; readers keep seeing the last commit."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield Transaction(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def generation(self) -> int:
        """The published generation (0: nothing published yet)."""
        return int(self.meta("generation") or 0)
