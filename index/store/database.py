"""SQLite: articles, passages, the embedding cache and the published generation.

Rows are never changed under a reader's feet: a passage or article that leaves the index gets
``removed_gen`` and is purged one generation later, so a reader still serving the previous
generation can always look up what it finds. WAL mode lets readers run while a writer works.

Each article also keeps its ``identity`` (outlet and URL key) and the ``fingerprint`` of its text
(``identity``), by which ingest recognises the same article under another file or URL; a store
made before they existed gets them filled in from its rows when it is opened. Articles past
retention (``retention``) are left out of ``articles`` from the moment they pass it.
"""

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ..embed.base import PassageVectors
from ..read import identity
from ..read.document import Document, PassageDraft
from . import retention

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT,
    published TEXT,
    url TEXT,
    path TEXT,
    ingested_at TEXT NOT NULL,
    removed_gen INTEGER,
    identity TEXT,
    fingerprint TEXT
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    position INTEGER NOT NULL,
    heading TEXT,
    text TEXT NOT NULL,
    sentences TEXT NOT NULL,
    embed_hash TEXT NOT NULL,
    added_gen INTEGER NOT NULL,
    removed_gen INTEGER
);
CREATE INDEX IF NOT EXISTS passages_article ON passages(article_id) WHERE removed_gen IS NULL;
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    sentence_vectors BLOB NOT NULL,
    PRIMARY KEY (model, hash)
) WITHOUT ROWID;
"""
# after ``_add_identity`` has given a store of an older schema its columns
INDEXES = """
CREATE INDEX IF NOT EXISTS articles_identity ON articles(identity) WHERE removed_gen IS NULL;
CREATE INDEX IF NOT EXISTS articles_fingerprint ON articles(fingerprint) WHERE removed_gen IS NULL;
"""


@dataclass(frozen=True)
class ArticleRow:
    id: int
    source: str
    content_hash: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    path: str | None
    ingested_at: str
    passages: int = 0


@dataclass(frozen=True)
class PassageRow:
    id: int
    article_id: int
    position: int
    heading: str | None
    text: str
    sentences: list[tuple[int, int]]
    embed_hash: str


_ARTICLE_COLUMNS = (
    "a.id, a.source, a.content_hash, a.title, a.outlet, a.published, a.url, a.path, a.ingested_at"
)
_PASSAGE_COLUMNS = "p.id, p.article_id, p.position, p.heading, p.text, p.sentences, p.embed_hash"


def _passage(row: tuple) -> PassageRow:
    return PassageRow(*row[:5], [tuple(s) for s in json.loads(row[5])], row[6])


class Store:
    """One SQLite file; one connection per thread, so the engine can serve concurrent readers.

    ``retention_days`` (0: keep all) hides articles past retention from ``articles``.
    """

    def __init__(self, path: Path, retention_days: int = 0) -> None:
        self.path = path
        self.retention_days = retention_days
        self._local = threading.local()
        self.db.executescript(SCHEMA)  # idempotent; runs in a transaction of its own
        self._add_identity()
        self.db.executescript(INDEXES)

    def _add_identity(self) -> None:
        """Give a store made before articles had an identity and a fingerprint those columns, filled
        in for the live articles from their stored metadata and passages."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(articles)")}
        if {"identity", "fingerprint"} <= columns:
            return
        with self.write() as db:
            columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}  # another process?
            for column in ("identity", "fingerprint"):
                if column not in columns:
                    db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")
            rows = db.execute(
                "SELECT id, title, outlet, url FROM articles "
                "WHERE removed_gen IS NULL AND fingerprint IS NULL"
            ).fetchall()
            for article_id, title, outlet, url in rows:
                texts = [p.text for p in self.article_passages(article_id, db)]
                db.execute(
                    "UPDATE articles SET identity = ?, fingerprint = ? WHERE id = ?",
                    (identity.identity(outlet, url), identity.fingerprint(outlet, title, texts), article_id),
                )

    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=600, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            self._local.conn = conn
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that other writers wait for; readers keep seeing the last commit."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # meta ---------------------------------------------------------------------------------------
    def meta(self, key: str, db: sqlite3.Connection | None = None) -> str | None:
        row = (db or self.db).execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def generation(self, db: sqlite3.Connection | None = None) -> int:
        return int(self.meta("generation", db) or 0)

    # embedding cache ----------------------------------------------------------------------------
    def _embedding_rows(self, columns: str, model: str, hashes: Iterable[str]) -> Iterator[tuple]:
        wanted = list(dict.fromkeys(hashes))
        for start in range(0, len(wanted), 500):  # stay under SQLite's limit on bound parameters
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {columns} FROM embeddings WHERE model = ? AND hash IN ({marks})"
            yield from self.db.execute(sql, (model, *chunk))

    def cached_vectors(self, model: str, hashes: Iterable[str]) -> dict[str, PassageVectors]:
        rows = self._embedding_rows("hash, vector, sentence_vectors", model, hashes)
        return {digest: _vectors(vector, sentences) for digest, vector, sentences in rows}

    def passage_vectors(self, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached passage vectors without the sentences': what an index is built from."""
        rows = self._embedding_rows("hash, vector", model, hashes)
        return {digest: np.frombuffer(vector, dtype=np.float32) for digest, vector in rows}

    def cached_hashes(self, model: str, hashes: Iterable[str]) -> set[str]:
        return {row[0] for row in self._embedding_rows("hash", model, hashes)}

    def cache_vectors(self, model: str, items: dict[str, PassageVectors]) -> None:
        with self.write() as db:
            db.executemany(
                "INSERT OR IGNORE INTO embeddings (model, hash, vector, sentence_vectors) "
                "VALUES (?, ?, ?, ?)",
                [(model, h, v.passage.tobytes(), v.sentences.tobytes()) for h, v in items.items()],
            )

    def share_cache(self, path: Path, *, into: str) -> None:
        """Copy embedding-cache rows between this store and the store file ``path`` (``into`` is
        "this" or "other"), so throwaway indexes (``newsbot eval``) can keep their embeddings."""
        Store(path)  # makes sure the other file has the schema
        target, source = ("main", "other") if into == "this" else ("other", "main")
        self.db.execute("ATTACH DATABASE ? AS other", (str(path),))
        try:
            self.db.execute(f"INSERT OR IGNORE INTO {target}.embeddings SELECT * FROM {source}.embeddings")
        finally:
            self.db.execute("DETACH DATABASE other")

    # articles -----------------------------------------------------------------------------------
    def articles(self) -> list[ArticleRow]:
        """Live articles within retention, newest first, with their passage counts."""
        cut = self.retention_cut()
        kept, values = ("", ()) if cut is None else (f"AND NOT {_PAST_RETENTION}", _cut_values(cut))
        rows = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS}, (SELECT COUNT(*) FROM passages p WHERE p.article_id = a.id "
            f"AND p.removed_gen IS NULL) FROM articles a WHERE a.removed_gen IS NULL {kept} "
            "ORDER BY COALESCE(a.published, '') DESC, a.ingested_at DESC, a.id DESC",
            values,
        )
        return [ArticleRow(*row) for row in rows]

    def articles_where(self, db: sqlite3.Connection, column: str, value: str) -> list[ArticleRow]:
        """Live articles whose ``identity`` or ``fingerprint`` is ``value``, first stored first."""
        assert column in ("identity", "fingerprint")
        rows = db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.{column} = ? AND a.removed_gen IS NULL "
            "ORDER BY a.id",
            (value,),
        )
        return [ArticleRow(*row) for row in rows]

    # retention ----------------------------------------------------------------------------------
    def retention_cut(self, hidden: bool = False) -> retention.Cut | None:
        """Retention as of now (None: none); with ``hidden``, the live passages it hides from search
        that dates cannot (those of undated articles ingested before the cut)."""
        cut = retention.cut(self.retention_days)
        if cut is None or not hidden:
            return cut
        rows = self.db.execute(
            "SELECT p.id FROM passages p JOIN articles a ON a.id = p.article_id WHERE p.removed_gen IS NULL "
            "AND a.published IS NULL AND a.ingested_at < ?",
            (cut.ingested_from,),
        )
        return replace(cut, hidden=frozenset(row[0] for row in rows))

    def past_retention(self, db: sqlite3.Connection) -> list[ArticleRow]:
        """Live articles past retention: the next publish removes them."""
        cut = self.retention_cut()
        if cut is None:
            return []
        rows = db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.removed_gen IS NULL AND {_PAST_RETENTION}",
            _cut_values(cut),
        )
        return [ArticleRow(*row) for row in rows]

    def article_by_source(self, db: sqlite3.Connection, source: str) -> ArticleRow | None:
        row = db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE source = ? AND removed_gen IS NULL", (source,)
        ).fetchone()
        return ArticleRow(*row) if row else None

    def articles_by_ids(self, ids: Iterable[int]) -> dict[int, ArticleRow]:
        ids = list(set(ids))
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id IN ({marks})", ids)
        return {row[0]: ArticleRow(*row) for row in rows}

    @staticmethod
    def put_article(db: sqlite3.Connection, doc: Document, fingerprint: str | None = None) -> int:
        """Insert the article, or bring an existing row for the same source up to date; its identity
        comes from its outlet and URL, ``fingerprint`` from its passages (``identity``)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        key = identity.identity(doc.outlet, doc.url)
        values = (doc.content_hash, doc.title, doc.outlet, doc.published, doc.url, doc.path, now, key)
        db.execute(
            "INSERT INTO articles (source, content_hash, title, outlet, published, url, path, ingested_at, "
            "identity, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET "
            "content_hash = excluded.content_hash, title = excluded.title, outlet = excluded.outlet, "
            "published = excluded.published, url = excluded.url, path = excluded.path, "
            "ingested_at = excluded.ingested_at, identity = excluded.identity, "
            "fingerprint = excluded.fingerprint, removed_gen = NULL",
            (doc.source, *values, fingerprint),
        )
        return db.execute("SELECT id FROM articles WHERE source = ?", (doc.source,)).fetchone()[0]

    @staticmethod
    def remove_article(db: sqlite3.Connection, article_id: int, generation: int) -> None:
        db.execute("UPDATE articles SET removed_gen = ? WHERE id = ?", (generation, article_id))
        db.execute(
            "UPDATE passages SET removed_gen = ? WHERE article_id = ? AND removed_gen IS NULL",
            (generation, article_id),
        )

    # passages -----------------------------------------------------------------------------------
    def article_passages(self, article_id: int, db: sqlite3.Connection | None = None) -> list[PassageRow]:
        rows = (db or self.db).execute(
            f"SELECT {_PASSAGE_COLUMNS} FROM passages p WHERE p.article_id = ? AND p.removed_gen IS NULL "
            "ORDER BY p.position",
            (article_id,),
        )
        return [_passage(row) for row in rows]

    @staticmethod
    def replace_passages(
        db: sqlite3.Connection,
        article_id: int,
        drafts: list[PassageDraft],
        hashes: list[str],
        generation: int,
    ) -> None:
        db.execute(
            "UPDATE passages SET removed_gen = ? WHERE article_id = ? AND removed_gen IS NULL",
            (generation, article_id),
        )
        db.executemany(
            "INSERT INTO passages (article_id, position, heading, text, sentences, embed_hash, added_gen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (article_id, d.position, d.heading, d.text, json.dumps(d.sentences), h, generation)
                for d, h in zip(drafts, hashes, strict=True)
            ],
        )

    def live_passage_rows(self) -> list[PassageRow]:
        rows = self.db.execute(f"SELECT {_PASSAGE_COLUMNS} FROM passages p WHERE p.removed_gen IS NULL")
        return [_passage(row) for row in rows]

    def passages_by_ids(self, ids: Iterable[int]) -> dict[int, PassageRow]:
        ids = list(ids)
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT {_PASSAGE_COLUMNS} FROM passages p WHERE p.id IN ({marks})", ids)
        return {row[0]: _passage(row) for row in rows}

    @staticmethod
    def live_count(db: sqlite3.Connection) -> int:
        return db.execute("SELECT COUNT(*) FROM passages WHERE removed_gen IS NULL").fetchone()[0]

    @staticmethod
    def live_passages(
        db: sqlite3.Connection,
    ) -> Iterator[tuple[int, str, str | None, str, str, str | None]]:
        """(id, embed hash, heading, text, title, published) of every live passage, for building an index."""
        yield from db.execute(
            "SELECT p.id, p.embed_hash, p.heading, p.text, a.title, a.published FROM passages p "
            "JOIN articles a ON a.id = p.article_id WHERE p.removed_gen IS NULL ORDER BY p.id"
        )

    @staticmethod
    def purge(db: sqlite3.Connection, before_generation: int) -> None:
        """Forget rows that left the index before ``before_generation``: no reader can need them."""
        db.execute("DELETE FROM passages WHERE removed_gen < ?", (before_generation,))
        db.execute(
            "DELETE FROM articles WHERE removed_gen < ? AND id NOT IN (SELECT article_id FROM passages)",
            (before_generation,),
        )


_PAST_RETENTION = "COALESCE(a.published < ?, a.ingested_at < ?)"  # undated: by ingest time


def _cut_values(cut: retention.Cut) -> tuple[str, str]:
    return cut.first_day.isoformat(), cut.ingested_from


def _vectors(vector: bytes, sentences: bytes) -> PassageVectors:
    passage = np.frombuffer(vector, dtype=np.float32)
    return PassageVectors(passage, np.frombuffer(sentences, dtype=np.float16).reshape(-1, passage.shape[0]))
