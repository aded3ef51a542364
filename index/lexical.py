"""BM25 over passages (bm25s), for the names, numbers and rare words dense vectors miss."""

import logging
import re
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

from .text import fold

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

_WORDS = re.compile(r"\w+")
_STOPWORDS = frozenset(STOPWORDS_EN_PLUS)
_STEMMER = Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Folded, lower-cased, stemmed words without stop words: what BM25 and quote scoring compare."""
    words = [w for w in _WORDS.findall(fold(text).casefold()) if w not in _STOPWORDS]
    return _STEMMER.stemWords(words)


class Lexical:
    """A BM25 index whose documents are passages, found by passage id."""

    def __init__(self, retriever: bm25s.BM25, ids: np.ndarray) -> None:
        self.retriever = retriever
        self.ids = ids

    @classmethod
    def build(cls, ids: np.ndarray, documents: list[str]) -> "Lexical":
        retriever = bm25s.BM25()
        retriever.index([terms(d) or [""] for d in documents], show_progress=False)
        return cls(retriever, ids)

    def save(self, folder: Path) -> None:
        self.retriever.save(str(folder), show_progress=False)
        np.save(folder / "ids.npy", self.ids)

    @classmethod
    def load(cls, folder: Path) -> "Lexical":
        retriever = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
        return cls(retriever, np.load(folder / "ids.npy"))

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(passage id, BM25 score) of the best ``k`` passages that share a word with the query.

        ``allowed`` (one flag per passage, in the order of ``ids``) leaves the others out."""
        words = terms(query)
        if not words or len(self.ids) == 0:
            return []
        mask = None if allowed is None else allowed.astype(np.float32)
        docs, scores = self.retriever.retrieve(
            [words], k=min(k, len(self.ids)), show_progress=False, weight_mask=mask
        )
        return [(int(self.ids[d]), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
