"""The writes of one transaction, as ``Store.write()`` hands them out, on either database.

Everything a publish changes goes through one ``Transaction``: the articles and passages it adds,
replaces and removes, the purge of rows no reader can need any more, and ``meta`` naming the new
generation. It commits as a whole or not at all.
"""

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Protocol

from ..read import Document, PassageDraft
from ..read.identity import identity


class Cursor(Protocol):
    """What a statement gives back, as sqlite3's and psycopg's cursors both do."""

    @property
    def rowcount(self) -> int: ...

    @property
    def description(self) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A connection inside a transaction, taking ``?`` placeholders (sqlite3's, or psycopg's behind
    ``postgres``)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, rows: Any, /) -> Cursor: ...


class Transaction:
    """Writes inside ``Store.write()``; table groups of their own (the feeds) ``execute`` their SQL."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def execute(self, sql: str, parameters: Iterable[object] = ()) -> Cursor:
        return self._db.execute(sql, tuple(parameters))

    def executemany(self, sql: str, rows: Iterable[Iterable[object]]) -> Cursor:
        return self._db.executemany(sql, [tuple(row) for row in rows])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def put_article(self, doc: Document, fingerprint: str | None = None) -> int:
        """Insert the article, or bring an existing row for the same source up to date; its identity
        comes from its outlet and URL, ``fingerprint`` from its passages (``read.identity``)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        key = identity(doc.outlet, doc.url)
        values = (doc.content_hash, doc.title, doc.outlet, doc.published, doc.url, doc.path, now, key)
        self._db.execute(
            "INSERT INTO articles (source, content_hash, title, outlet, published, url, path, ingested_at, "
            "identity, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET "
            "content_hash = excluded.content_hash, title = excluded.title, outlet = excluded.outlet, "
            "published = excluded.published, url = excluded.url, path = excluded.path, "
            "ingested_at = excluded.ingested_at, identity = excluded.identity, "
            "fingerprint = excluded.fingerprint, removed_gen = NULL",
            (doc.source, *values, fingerprint),
        )
        return self._db.execute("SELECT id FROM articles WHERE source = ?", (doc.source,)).fetchone()[0]

    def remove_article(self, article_id: int, generation: int) -> None:
        """The article and its passages leave the index with ``generation``."""
        self._db.execute("UPDATE articles SET removed_gen = ? WHERE id = ?", (generation, article_id))
        self._db.execute(
            "UPDATE passages SET removed_gen = ? WHERE article_id = ? AND removed_gen IS NULL",
            (generation, article_id),
        )

    def replace_passages(
        self, article_id: int, drafts: list[PassageDraft], hashes: list[str], generation: int
    ) -> None:
        """The article's live passages leave with ``generation``, and ``drafts`` join with it."""
        self._db.execute(
            "UPDATE passages SET removed_gen = ? WHERE article_id = ? AND removed_gen IS NULL",
            (generation, article_id),
        )
        self._db.executemany(
            "INSERT INTO passages (article_id, position, heading, text, sentences, embed_hash, added_gen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (article_id, d.position, d.heading, d.text, json.dumps(d.sentences), h, generation)
                for d, h in zip(drafts, hashes, strict=True)
            ],
        )

    def set_identity(self, article_id: int, key: str | None, fingerprint: str) -> None:
        self._db.execute(
            "UPDATE articles SET identity = ?, fingerprint = ? WHERE id = ?", (key, fingerprint, article_id)
        )

    def publish_generation(self, number: int, published: float) -> None:
        """Name ``number`` the served generation, published at ``published`` (Unix time)."""
        self.set_meta("generation", str(number))
        self._db.execute(
            "INSERT INTO generations (number, published) VALUES (?, ?) "
            "ON CONFLICT (number) DO UPDATE SET published = excluded.published",
            (number, published),
        )

    def purge(self, before_generation: int) -> None:
        """Forget rows that left the index before ``before_generation``: no reader can need them."""
        self._db.execute("DELETE FROM generations WHERE number < ?", (before_generation,))
        self._db.execute("DELETE FROM passages WHERE removed_gen < ?", (before_generation,))
        self._db.execute(
            "DELETE FROM articles WHERE removed_gen < ? AND id NOT IN (SELECT article_id FROM passages)",
            (before_generation,),
        )
        self._db.execute("DELETE FROM owners WHERE article_id NOT IN (SELECT id FROM articles)")
