"""The embedding cache: each passage's vectors by model and content hash, so that no text is
embedded twice, whatever file or URL it comes from and however often it is re-read."""

from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from ..embed import PassageVectors
from .connection import Database, Waiting
from .sqlite import SqliteDatabase

_BOUND = 500  # hashes per query: SQLite and PostgreSQL limit the parameters of one statement


class EmbeddingCache:
    def __init__(self, database: Database) -> None:
        self.database = database

    def vectors(self, model: str, hashes: Iterable[str]) -> dict[str, PassageVectors]:
        """The cached passage and sentence vectors of ``hashes`` (those the cache has)."""
        rows = self._rows("hash, vector, sentence_vectors", model, hashes)
        return {digest: _vectors(vector, sentences) for digest, vector, sentences in rows}

    def passage_vectors(self, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached passage vectors without the sentences': what an index is built from."""
        rows = self._rows("hash, vector", model, hashes)
        return {digest: np.frombuffer(vector, dtype=np.float32) for digest, vector in rows}

    def hashes(self, model: str, hashes: Iterable[str]) -> set[str]:
        """Those of ``hashes`` the cache has vectors for."""
        return {row[0] for row in self._rows("hash", model, hashes)}

    def add(self, model: str, items: dict[str, PassageVectors], waiting: Waiting | None = None) -> None:
        """Cache ``items``; ``waiting``: told whose write this one waits for (``Database.write``)."""
        with self.database.write(waiting) as tx:
            tx.executemany(
                "INSERT INTO embeddings (model, hash, vector, sentence_vectors) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [(model, h, v.passage.tobytes(), v.sentences.tobytes()) for h, v in items.items()],
            )

    def share(self, path: Path, *, into: str) -> None:
        """Copy cache rows between this store, a SQLite file, and the store file ``path`` (``into``
        is "this" or "other", which must have the schema), so throwaway indexes (``newsbot eval``)
        keep their embeddings."""
        target, source = ("main", "other") if into == "this" else ("other", "main")
        assert isinstance(self.database, SqliteDatabase), "only SQLite stores attach another"
        db = self.database.db
        db.execute("ATTACH DATABASE ? AS other", (str(path),))
        try:
            db.execute(f"INSERT OR IGNORE INTO {target}.embeddings SELECT * FROM {source}.embeddings")
        finally:
            db.execute("DETACH DATABASE other")

    def _rows(self, columns: str, model: str, hashes: Iterable[str]) -> Iterator[tuple]:
        wanted = list(dict.fromkeys(hashes))
        for start in range(0, len(wanted), _BOUND):
            chunk = wanted[start : start + _BOUND]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {columns} FROM embeddings WHERE model = ? AND hash IN ({marks})"
            yield from self.database.rows(sql, (model, *chunk))


def _vectors(vector: bytes, sentences: bytes) -> PassageVectors:
    passage = np.frombuffer(vector, dtype=np.float32)
    return PassageVectors(passage, np.frombuffer(sentences, dtype=np.float16).reshape(-1, passage.shape[0]))
