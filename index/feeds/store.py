"""The watched feeds and what became of their entries, in the engine's SQLite store.

An entry is remembered by (feed, entry key) with a fingerprint of what the feed said about it, so a
later poll knows what is new and what changed; ``source`` names the article it was ingested as.
An entry whose page could not be ingested keeps its error and is tried again, up to
``MAX_ATTEMPTS`` times, the next times the feed changes.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import NotFound
from ..store import Store

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
"""


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
        store.db.executescript(SCHEMA)  # idempotent, like the store's own schema

    def feeds(self) -> list[FeedRow]:
        """Every feed, oldest first, with the number of live articles its entries became."""
        rows = self.store.db.execute(
            f"SELECT {_FEED_COLUMNS}, (SELECT COUNT(DISTINCT e.source) FROM feed_entries e "
            "JOIN articles a ON a.source = e.source AND a.removed_gen IS NULL WHERE e.feed_id = f.id) "
            "FROM feeds f ORDER BY f.id"
        )
        return [FeedRow(*row) for row in rows]

    def add(self, url: str, title: str | None) -> bool:
        """Watch ``url``; False when it already was (its title is then refreshed)."""
        with self.store.write() as tx:
            cursor = tx.execute(
                "INSERT INTO feeds (url, title, added_at) VALUES (?, ?, ?) ON CONFLICT(url) DO NOTHING",
                (url, title, now()),
            )
            if cursor.rowcount:
                return True
            tx.execute("UPDATE feeds SET title = ? WHERE url = ?", (title, url))
            return False

    def remove(self, url: str) -> None:
        """Stop watching ``url`` and forget its entries; the articles already ingested stay."""
        with self.store.write() as tx:
            row = tx.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            if row is None:
                raise NotFound(f"no feed {url} is watched", remedy="sources")
            tx.execute("DELETE FROM feed_entries WHERE feed_id = ?", row)
            tx.execute("DELETE FROM feeds WHERE id = ?", row)

    def seen(self, feed_id: int) -> dict[str, SeenEntry]:
        rows = self.store.db.execute(
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
                "INSERT OR REPLACE INTO feed_entries (feed_id, entry_key, link, fingerprint, source, "
                "error, attempts) VALUES (?, ?, ?, ?, ?, ?, ?)",
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
