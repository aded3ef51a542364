"""The watched feeds and what became of their entries, in the engine's store.

An entry is remembered by (feed, entry key) with a fingerprint of what the feed said about it, so a
later poll knows what is new and what changed; ``source`` names the article it was ingested as.
An entry whose page could not be ingested keeps its error and is tried again, up to
``MAX_ATTEMPTS`` times, the next times the feed changes.

A feed is watched by the command line (``SHARED_OWNER``) or by servers, each its own list
(``feed_watchers``); a feed several watch is polled once, and every watcher owns the articles of
its entries (``store.scopes``), also those ingested before it started watching. A feed nobody
watches any more is forgotten; its articles stay.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import NotFound
from ..store import SHARED_OWNER, Database, Migration, Store, Transaction, migrate, statements

MAX_ATTEMPTS = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    added_at TEXT NOT NULL,
    last_success_at TEXT,
    last_error TEXT,
    last_error_at TEXT
);
CREATE TABLE IF NOT EXISTS feed_entries (
    feed_id INTEGER NOT NULL REFERENCES feeds(id),
    entry_key TEXT NOT NULL,
    link TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    source TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feed_id, entry_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS feed_watchers (
    feed_id INTEGER NOT NULL REFERENCES feeds(id),
    owner INTEGER NOT NULL,
    PRIMARY KEY (feed_id, owner)
) WITHOUT ROWID;
"""
# feeds watched before servers had feeds of their own are the command line's
_SHARED_BEFORE = (
    "INSERT INTO feed_watchers (feed_id, owner) "
    "SELECT id, 0 FROM feeds WHERE id NOT IN (SELECT feed_id FROM feed_watchers) ON CONFLICT DO NOTHING"
)


def _first(database: Database, tx: Transaction) -> None:
    """Version 1: the tables, made from nothing or from a store of a newsbot from before."""
    for statement in statements(SCHEMA):
        tx.execute(database.ddl(statement))
    tx.execute(_SHARED_BEFORE)


MIGRATIONS = (Migration(1, _first),)


@dataclass(frozen=True)
class FeedRow:
    """A watched feed and its status: when it last polled fine, its last error, its articles."""

    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    added_at: str
    last_success_at: str | None
    last_error: str | None
    last_error_at: str | None
    articles: int = 0  # live articles ingested from its entries
    shared: bool = False  # watched from the command line: its articles are everyone's


@dataclass(frozen=True)
class SeenEntry:
    fingerprint: str
    ingested: bool
    attempts: int

    @property
    def worth_retrying(self) -> bool:
        return not self.ingested and self.attempts < MAX_ATTEMPTS


_FEED_COLUMNS = (
    "f.id, f.url, f.title, f.etag, f.last_modified, f.added_at, f.last_success_at, f.last_error, "
    "f.last_error_at"
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FeedStore:
    """Feed tables on the engine's ``Store`` (its per-thread connections and write lock)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        migrate(store.database, "feeds", MIGRATIONS)

    def feeds(self, owner: int | None = None) -> list[FeedRow]:
        """The feeds whose articles ``owner`` sees: the shared ones and its own (None: every
        feed), oldest first, with the number of live articles their entries became."""
        watched, values = (
            ("", ())
            if owner is None
            else ("WHERE f.id IN (SELECT feed_id FROM feed_watchers WHERE owner IN (0, ?))", (owner,))
        )
        rows = self.store.rows(
            f"SELECT {_FEED_COLUMNS}, (SELECT COUNT(DISTINCT e.source) FROM feed_entries e "
            "JOIN articles a ON a.source = e.source AND a.removed_gen IS NULL WHERE e.feed_id = f.id), "
            "EXISTS (SELECT 1 FROM feed_watchers w WHERE w.feed_id = f.id AND w.owner = 0) "
            f"FROM feeds f {watched} ORDER BY f.id",
            values,
        )
        return [FeedRow(*row) for row in rows]

    def add(self, url: str, title: str | None, owner: int) -> bool:
        """``owner`` watches ``url``, and owns the articles of its entries so far; False when it
        already did (the title is refreshed either way)."""
        with self.store.write() as tx:
            tx.execute(
                "INSERT INTO feeds (url, title, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET title = COALESCE(excluded.title, feeds.title)",
                (url, title, now()),
            )
            [feed_id] = tx.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            added = tx.execute(
                "INSERT INTO feed_watchers (feed_id, owner) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (feed_id, owner),
            ).rowcount
            self._share(tx, feed_id)
            return bool(added)

    def remove(self, url: str, owner: int) -> None:
        """``owner`` stops watching ``url``; a feed nobody watches is forgotten with its entries.
        The articles already ingested stay, and stay the owner's."""
        with self.store.write() as tx:
            rows = tx.execute(
                "SELECT f.id, w.owner FROM feeds f JOIN feed_watchers w ON w.feed_id = f.id WHERE f.url = ?",
                (url,),
            ).fetchall()
            watchers = {watcher for _, watcher in rows}
            if owner not in watchers:
                if owner != SHARED_OWNER and SHARED_OWNER in watchers:
                    raise NotFound(
                        f"{url} is shared by every server: only the command line can stop watching it"
                    )
                raise NotFound(f"no feed {url} is watched", remedy="sources")
            feed_id = rows[0][0]
            tx.execute("DELETE FROM feed_watchers WHERE feed_id = ? AND owner = ?", (feed_id, owner))
            if watchers == {owner}:  # nobody else watches it
                tx.execute("DELETE FROM feed_entries WHERE feed_id = ?", (feed_id,))
                tx.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))

    def share(self, feed_id: int) -> None:
        """Every watcher of the feed owns the live articles of its entries."""
        with self.store.write() as tx:
            self._share(tx, feed_id)

    def _share(self, tx: Transaction, feed_id: int) -> None:
        articles = [
            row[0]
            for row in tx.execute(
                "SELECT DISTINCT a.id FROM feed_entries e JOIN articles a ON a.source = e.source "
                "AND a.removed_gen IS NULL WHERE e.feed_id = ?",
                (feed_id,),
            )
        ]
        watchers = tx.execute("SELECT owner FROM feed_watchers WHERE feed_id = ?", (feed_id,)).fetchall()
        for (owner,) in watchers:
            self.store.owners.add(tx, articles, owner)

    def seen(self, feed_id: int) -> dict[str, SeenEntry]:
        rows = self.store.rows(
            "SELECT entry_key, fingerprint, source IS NOT NULL, attempts FROM feed_entries WHERE feed_id = ?",
            (feed_id,),
        )
        return {
            key: SeenEntry(fingerprint, bool(ingested), attempts)
            for key, fingerprint, ingested, attempts in rows
        }

    def record_entry(
        self, feed_id: int, key: str, link: str, fingerprint: str, source: str | None, error: str | None
    ) -> None:
        """What became of one entry: the article ``source`` it was ingested as, or its ``error``."""
        with self.store.write() as tx:
            previous = tx.execute(
                "SELECT fingerprint, attempts FROM feed_entries WHERE feed_id = ? AND entry_key = ?",
                (feed_id, key),
            ).fetchone()
            # a changed entry starts counting its failures afresh
            attempts = previous[1] if previous and previous[0] == fingerprint else 0
            tx.execute(
                "INSERT INTO feed_entries (feed_id, entry_key, link, fingerprint, source, error, attempts) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, entry_key) DO UPDATE SET "
                "link = excluded.link, fingerprint = excluded.fingerprint, source = excluded.source, "
                "error = excluded.error, attempts = excluded.attempts",
                (feed_id, key, link, fingerprint, source, error, attempts + 1 if error else 0),
            )

    def record_success(
        self, feed_id: int, title: str | None, etag: str | None, last_modified: str | None
    ) -> None:
        """The feed was read (or had not changed): keep its validators for the next conditional GET."""
        with self.store.write() as tx:
            tx.execute(
                "UPDATE feeds SET title = COALESCE(?, title), etag = ?, last_modified = ?, "
                "last_success_at = ? WHERE id = ?",
                (title, etag, last_modified, now(), feed_id),
            )

    def record_error(self, feed_id: int, error: str) -> None:
        with self.store.write() as tx:
            tx.execute(
                "UPDATE feeds SET last_error = ?, last_error_at = ? WHERE id = ?", (error, now(), feed_id)
            )
