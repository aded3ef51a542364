"""SQLite: articles, passages, the embedding cache and the published generation.

Rows are never changed under a reader's feet: a passage or article that leaves the index gets
``removed_gen`` and is purged one generation later, so a reader still serving the previous
generation can always look up what it finds. Every change goes through ``write()`` (see
``transaction``).

Each article also keeps its ``identity`` (outlet and URL key) and the ``fingerprint`` of its text
(``read.identity``), by which ingest recognises the same article under another file or URL; a
store made before they existed gets them filled in from its rows when it is opened. Articles past
retention (``retention``) are left out of ``articles`` from the moment they pass it.
"""

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..read import identity
from . import retention
from .connection import Database
from .embeddings import EmbeddingCache
from .questions import QUESTIONS_FILE, Questions
from .rows import ARTICLE_COLUMNS, PASSAGE_COLUMNS, ArticleRow, PassageRow, passage_row
from .schema import IDENTITY_COLUMNS, INDEXES, SCHEMA
from .scopes import Owners, Scope

_PAST_RETENTION = "COALESCE(a.published < ?, a.ingested_at < ?)"  # undated: by ingest time
_LIVE_PASSAGES_FOR_INDEX = (
    "SELECT p.id, p.embed_hash, p.heading, p.text, a.title, a.published FROM passages p "
    "JOIN articles a ON a.id = p.article_id WHERE p.removed_gen IS NULL AND p.id > ? ORDER BY p.id"
)


class Store(Database):
    """One SQLite file; one connection per thread, so the engine can serve concurrent readers.

    ``retention_days`` (0: keep all) hides articles past retention from ``articles``.
    """

    def __init__(self, path: Path, retention_days: int = 0) -> None:
        super().__init__(path)
        self.retention_days = retention_days
        self.embeddings = EmbeddingCache(self)
        self.owners = Owners(self)
        # a file of its own: recording a question must not wait for a publish's write lock
        self.questions = Questions(Database(path.with_name(QUESTIONS_FILE)))
        self.db.executescript(SCHEMA)  # idempotent; runs in a transaction of its own
        self._add_identity()
        self.db.executescript(INDEXES)
        self.owners.create()
        self.questions.create()

    def _add_identity(self) -> None:
        """Give a store made before articles had an identity and a fingerprint those columns, filled
        in for the live articles from their stored metadata and passages."""
        if set(IDENTITY_COLUMNS) <= self._article_columns():
            return
        with self.write() as tx:
            for column in set(IDENTITY_COLUMNS) - self._article_columns():  # another process?
                tx.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")
            rows = tx.execute(
                "SELECT id, title, outlet, url FROM articles "
                "WHERE removed_gen IS NULL AND fingerprint IS NULL"
            ).fetchall()
            for article_id, title, outlet, url in rows:
                texts = [p.text for p in self.article_passages(article_id)]
                key, fingerprint = identity.identity(outlet, url), identity.fingerprint(outlet, title, texts)
                tx.set_identity(article_id, key, fingerprint)

    def _article_columns(self) -> set[str]:
        return {row[1] for row in self.db.execute("PRAGMA table_info(articles)")}

    # articles -----------------------------------------------------------------------------------
    def articles(self, scope: Scope | None = None) -> list[ArticleRow]:
        """Live articles within retention that ``scope`` sees (None: all, for ingest), newest
        first, with their passage counts."""
        cut = self.retention_cut()
        kept, values = ("", ()) if cut is None else (f"AND NOT {_PAST_RETENTION}", _cut_values(cut))
        if scope is not None:
            seen, seen_values = scope.condition()
            kept, values = f"{kept} AND {seen}", (*values, *seen_values)
        rows = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS}, (SELECT COUNT(*) FROM passages p WHERE p.article_id = a.id "
            f"AND p.removed_gen IS NULL) FROM articles a WHERE a.removed_gen IS NULL {kept} "
            "ORDER BY COALESCE(a.published, '') DESC, a.ingested_at DESC, a.id DESC",
            values,
        )
        return [ArticleRow(*row) for row in rows]

    def articles_with_identity(self, key: str) -> list[ArticleRow]:
        """Live articles of this outlet and URL key, first stored first."""
        return self._live_articles_where("identity", key)

    def articles_with_fingerprint(self, fingerprint: str) -> list[ArticleRow]:
        """Live articles with this text, first stored first."""
        return self._live_articles_where("fingerprint", fingerprint)

    def _live_articles_where(self, column: str, value: str) -> list[ArticleRow]:
        rows = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.{column} = ? AND a.removed_gen IS NULL "
            "ORDER BY a.id",
            (value,),
        )
        return [ArticleRow(*row) for row in rows]

    def article_by_source(self, source: str) -> ArticleRow | None:
        row = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE source = ? AND removed_gen IS NULL", (source,)
        ).fetchone()
        return ArticleRow(*row) if row else None

    def articles_by_ids(self, ids: Iterable[int]) -> dict[int, ArticleRow]:
        ids = list(set(ids))
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id IN ({marks})", ids)
        return {row[0]: ArticleRow(*row) for row in rows}

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

    def past_retention(self) -> list[ArticleRow]:
        """Live articles past retention: the next publish removes them."""
        cut = self.retention_cut()
        if cut is None:
            return []
        rows = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.removed_gen IS NULL AND {_PAST_RETENTION}",
            _cut_values(cut),
        )
        return [ArticleRow(*row) for row in rows]

    # passages -----------------------------------------------------------------------------------
    def article_passages(self, article_id: int) -> list[PassageRow]:
        rows = self.db.execute(
            f"SELECT {PASSAGE_COLUMNS} FROM passages p WHERE p.article_id = ? AND p.removed_gen IS NULL "
            "ORDER BY p.position",
            (article_id,),
        )
        return [passage_row(row) for row in rows]

    def live_passage_rows(self) -> list[PassageRow]:
        rows = self.db.execute(f"SELECT {PASSAGE_COLUMNS} FROM passages p WHERE p.removed_gen IS NULL")
        return [passage_row(row) for row in rows]

    def passages_by_ids(self, ids: Iterable[int]) -> dict[int, PassageRow]:
        ids = list(ids)
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT {PASSAGE_COLUMNS} FROM passages p WHERE p.id IN ({marks})", ids)
        return {row[0]: passage_row(row) for row in rows}

    def live_count(self, after: int = -1) -> int:
        """The live passages (with ids above ``after``)."""
        sql = "SELECT COUNT(*) FROM passages WHERE removed_gen IS NULL AND id > ?"
        return self.db.execute(sql, (after,)).fetchone()[0]

    def live_passages(self, after: int = -1) -> Iterator[tuple[int, str, str | None, str, str, str | None]]:
        """(id, embed hash, heading, text, title, published) of the live passages with ids above
        ``after``, in id order, for building an index."""
        yield from self.db.execute(_LIVE_PASSAGES_FOR_INDEX, (after,))

    def removed_ids(self, generation: int) -> list[int]:
        """The passages that leave the index with ``generation``."""
        rows = self.db.execute("SELECT id FROM passages WHERE removed_gen = ?", (generation,))
        return [row[0] for row in rows]


def _cut_values(cut: retention.Cut) -> tuple[str, str]:
    return cut.first_day.isoformat(), cut.ingested_from
