"""The stories ``newsbot follow`` follows, kept in ``<data dir>/follows.db`` (this command line
is their one follower): per server (0: the shared articles only), each with its title and the
ids of the articles already reported (``index.report.follows``)."""

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..report import Followed

FOLLOWS_FILE = "follows.db"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS follows (
    id INTEGER PRIMARY KEY,
    server INTEGER NOT NULL,
    title TEXT NOT NULL,
    articles TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Follow:
    id: int
    server: int
    followed: Followed


class FollowBook:
    def __init__(self, data_dir: Path) -> None:
        self._db = sqlite3.connect(data_dir / FOLLOWS_FILE, isolation_level=None)
        self._db.execute(_SCHEMA)

    def all(self, server: int) -> list[Follow]:
        rows = self._db.execute(
            "SELECT id, server, title, articles FROM follows WHERE server = ? ORDER BY id", (server,)
        )
        return [Follow(i, s, Followed(t, tuple(json.loads(a)))) for i, s, t, a in rows]

    def put(self, server: int, followed: Followed, follow_id: int | None = None) -> None:
        """Store ``followed`` as a new follow, or as follow ``follow_id`` now is."""
        values = (followed.title, json.dumps(list(followed.articles)))
        if follow_id is None:
            self._db.execute(
                "INSERT INTO follows (server, title, articles) VALUES (?, ?, ?)", (server, *values)
            )
        else:
            self._db.execute("UPDATE follows SET title = ?, articles = ? WHERE id = ?", (*values, follow_id))

    def remove(self, follow_id: int) -> None:
        self._db.execute("DELETE FROM follows WHERE id = ?", (follow_id,))

    def close(self) -> None:
        self._db.close()
