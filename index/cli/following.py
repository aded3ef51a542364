"""The stories ``newsbot follow`` follows (this command line is their one follower), kept in the
store's database beside the store (``<data dir>/follows.db``, or PostgreSQL): per server (0: the
shared articles only), each with its title and the ids of the articles already reported
(``index.report.follows``)."""

import json
from dataclasses import dataclass

from ..report import Followed
from ..store import Database, Migration, Transaction, migrate, statements

_SCHEMA = """
CREATE TABLE IF NOT EXISTS command_line_follows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    server INTEGER NOT NULL,
    title TEXT NOT NULL,
    articles TEXT NOT NULL
)
"""


def _first(database: Database, tx: Transaction) -> None:
    """Version 1: the table, with the follows of a ``follows.db`` from before versions (its table
    ``follows`` had a ``server`` column; the bot's, in its own tables, has none)."""
    for statement in statements(_SCHEMA):
        tx.execute(database.ddl(statement))
    if "follows" not in database.tables():
        return
    columns = {column[0] for column in tx.execute("SELECT * FROM follows WHERE false").description}
    if "server" in columns:
        tx.execute(
            "INSERT INTO command_line_follows (id, server, title, articles) "
            "SELECT id, server, title, articles FROM follows"
        )
        tx.execute("DROP TABLE follows")


_MIGRATIONS = (Migration(1, _first),)


@dataclass(frozen=True)
class Follow:
    id: int
    server: int
    followed: Followed


class FollowBook:
    def __init__(self, database: Database) -> None:
        self.database = database
        migrate(database, "command_line_follows", _MIGRATIONS)

    def all(self, server: int) -> list[Follow]:
        rows = self.database.rows(
            "SELECT id, server, title, articles FROM command_line_follows WHERE server = ? ORDER BY id",
            (server,),
        )
        return [Follow(i, s, Followed(t, tuple(json.loads(a)))) for i, s, t, a in rows]

    def put(self, server: int, followed: Followed, follow_id: int | None = None) -> None:
        """Store ``followed`` as a new follow, or as follow ``follow_id`` now is."""
        values = (followed.title, json.dumps(list(followed.articles)))
        with self.database.write() as tx:
            if follow_id is None:
                tx.execute(
                    "INSERT INTO command_line_follows (server, title, articles) VALUES (?, ?, ?)",
                    (server, *values),
                )
            else:
                tx.execute(
                    "UPDATE command_line_follows SET title = ?, articles = ? WHERE id = ?",
                    (*values, follow_id),
                )

    def remove(self, follow_id: int) -> None:
        with self.database.write() as tx:
            tx.execute("DELETE FROM command_line_follows WHERE id = ?", (follow_id,))
