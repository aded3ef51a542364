"""The store: articles, passages, the embedding cache and the published generation, in SQLite
or PostgreSQL (``databases``).

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
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path

from . import retention
from .connection import Waiting
from .databases import open_database
from .embeddings import EmbeddingCache
from .migrations import migrate
from .questions import Questions
from .rows import ARTICLE_COLUMNS, PASSAGE_COLUMNS, ArticleRow, PassageRow, passage_row
from .schema import MIGRATIONS
from .scopes import Owners, Scope
from .transaction import Transaction

_PAST_RETENTION = "COALESCE(a.published < ?, a.ingested_at < ?)"  # undated: by ingest time
_LIVE_PASSAGES_FOR_INDEX = (
    "SELECT p.id, p.embed_hash, p.heading, p.text, a.title, a.published FROM passages p "
    "JOIN articles a ON a.id = p.article_id WHERE p.removed_gen IS NULL AND p.id > ? ORDER BY p.id"
)


class Store:
    """The store in the SQLite file ``target`` (with the questions in a file beside it), or in the
    PostgreSQL database of the URL ``target``; safe for concurrent readers on many threads.

    ``retention_days`` (0: keep all) hides articles past retention from ``articles``.
    """

    def __init__(self, target: Path | str, retention_days: int = 0) -> None:
        self.database = open_database(target)
        self.retention_days = retention_days
        self.embeddings = EmbeddingCache(self.database)
        self.owners = Owners(self.database)
        # kept apart: recording a question must not wait for a publish's write lock
        self.questions = Questions(self.database.beside("questions"))
        migrate(self.database, "store", MIGRATIONS)
        self.questions.create()

    def write(self, waiting: Waiting | None = None) -> AbstractContextManager[Transaction]:
        """The one way to change the store: a transaction other writers wait for (``connection``)."""
        return self.database.write(waiting)

    def rows(self, sql: str, parameters: Iterable[object] = ()) -> list[tuple]:
        return self.database.rows(sql, parameters)

    def meta(self, key: str) -> str | None:
        return self.database.meta(key)

    def generation(self) -> int:
        """The published generation (0: nothing published yet)."""
        return self.database.generation()

    def replaced(self) -> dict[int, float]:
        """When each generation still recorded was replaced (Unix time), by number."""
        return dict(self.rows("SELECT number - 1, published FROM generations WHERE number > 1"))

    def close(self) -> None:
        """Let go of the database's connections (PostgreSQL's pool)."""
        self.database.close()

    # articles -----------------------------------------------------------------------------------
    def articles(self, scope: Scope | None = None) -> list[ArticleRow]:
        """Live articles within retention that ``scope`` sees (None: all, for ingest), newest
        first, with their passage counts."""
        cut = self.retention_cut()
        kept, values = ("", ()) if cut is None else (f"AND NOT {_PAST_RETENTION}", _cut_values(cut))
        if scope is not None:
            seen, seen_values = scope.condition()
            kept, values = f"{kept} AND {seen}", (*values, *seen_values)
        rows = self.database.rows(
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
        rows = self.database.rows(
            f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.{column} = ? AND a.removed_gen IS NULL "
            "ORDER BY a.id",
            (value,),
        )
        return [ArticleRow(*row) for row in rows]

    def article_by_source(self, source: str) -> ArticleRow | None:
        row = self.database.row(
            f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE source = ? AND removed_gen IS NULL", (source,)
        )
        return ArticleRow(*row) if row else None

    def articles_by_ids(self, ids: Iterable[int]) -> dict[int, ArticleRow]:
        ids = list(set(ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.database.rows(f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id IN ({marks})", ids)
        return {row[0]: ArticleRow(*row) for row in rows}

    # retention ----------------------------------------------------------------------------------
    def retention_cut(self, hidden: bool = False) -> retention.Cut | None:
        """Retention as of now (None: none); with ``hidden``, the live passages it hides from search
        that dates cannot (those of undated articles ingested before the cut)."""
        cut = retention.cut(self.retention_days)
        if cut is None or not hidden:
            return cut
        rows = self.database.rows(
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
        rows = self.database.rows(
            f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.removed_gen IS NULL AND {_PAST_RETENTION}",
            _cut_values(cut),
        )
        return [ArticleRow(*row) for row in rows]

    # passages -----------------------------------------------------------------------------------
    def article_passages(self, article_id: int) -> list[PassageRow]:
        rows = self.database.rows(
            f"SELECT {PASSAGE_COLUMNS} FROM passages p WHERE p.article_id = ? AND p.removed_gen IS NULL "
            "ORDER BY p.position",
            (article_id,),
        )
        return [passage_row(row) for row in rows]

    def live_passage_rows(self) -> list[PassageRow]:
        rows = self.database.rows(f"SELECT {PASSAGE_COLUMNS} FROM passages p WHERE p.removed_gen IS NULL")
        return [passage_row(row) for row in rows]

    def passages_by_ids(self, ids: Iterable[int]) -> dict[int, PassageRow]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.database.rows(f"SELECT {PASSAGE_COLUMNS} FROM passages p WHERE p.id IN ({marks})", ids)
        return {row[0]: passage_row(row) for row in rows}

    def live_count(self, after: int = -1) -> int:
        """The live passages (with ids above ``after``)."""
        sql = "SELECT COUNT(*) FROM passages WHERE removed_gen IS NULL AND id > ?"
        return self.database.rows(sql, (after,))[0][0]

    def live_passages(self, after: int = -1) -> Iterator[tuple[int, str, str | None, str, str, str | None]]:
        """(id, embed hash, heading, text, title, published) of the live passages with ids above
        ``after``, in id order, for building an index."""
        yield from self.database.stream(_LIVE_PASSAGES_FOR_INDEX, (after,))

    def removed_ids(self, generation: int) -> list[int]:
        """The passages that leave the index with ``generation``."""
        rows = self.database.rows("SELECT id FROM passages WHERE removed_gen = ?", (generation,))
        return [row[0] for row in rows]


def _cut_values(cut: retention.Cut) -> tuple[str, str]:
    return cut.first_day.isoformat(), cut.ingested_from
