"""BM25 over passages, for the names, numbers and rare words dense vectors miss, in segments
that a publish adds to instead of rebuilding.

A ``LexicalSegment`` is the term counts of consecutive passages, written once: for each term the
passages that hold it and how often (a compressed sparse column matrix), and each passage's
length. A generation is read through a ``Lexical``: its segments, less the passages removed since
they were written. Scores are BM25 (Lucene's variant, as bm25s computes it, k1 1.5, b 0.75) with
statistics of the whole generation — the live passages, their mean length and each term's
document frequency among them — counted when a question is asked, so a passage scores the same
however the generation is cut into segments and whatever was removed from them: a thousand
publishes rank as one rebuild does (tests/test_publish.py). bm25s bakes those statistics into
the scores it stores, and tantivy and SQLite FTS5 keep removed passages in their statistics
until a merge or score slower; bench/lexical.py measures the choice (docs/how-it-works.md,
"Publishing costs what changed").
"""

import json
import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

from ..text import fold

K1, B = 1.5, 0.75
_WORDS = re.compile(r"\w+")
_STOPWORDS = frozenset(STOPWORDS_EN_PLUS)
_STEMMER = Stemmer.Stemmer("english")
_ARRAYS = ("ids", "lengths", "starts", "docs", "counts")


def terms(text: str) -> list[str]:
    """Folded, lower-cased, stemmed words without stop words: what BM25 and quote scoring compare."""
    words = [w for w in _WORDS.findall(fold(text).casefold()) if w not in _STOPWORDS]
    return _STEMMER.stemWords(words)


@dataclass(frozen=True)
class LexicalSegment:
    """Term counts of passages ``ids`` (ascending). The passages holding term ``vocabulary[t]``
    are ``docs[starts[t]:starts[t + 1]]`` (positions in ``ids``), each ``counts`` times."""

    ids: np.ndarray
    lengths: np.ndarray  # terms per passage; 1 for a passage without any, as bm25s counts it
    vocabulary: dict[str, int]
    starts: np.ndarray
    docs: np.ndarray
    counts: np.ndarray

    @classmethod
    def build(cls, ids: np.ndarray, documents: list[str]) -> "LexicalSegment":
        builder = SegmentBuilder()
        builder.add(documents)
        return builder.finish(ids)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", getattr(self, name))
        words = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        (folder / "vocabulary.json").write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "LexicalSegment":
        """The segment at ``folder``; its postings stay on disk (memory-mapped) until read."""
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
        words = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        return cls(vocabulary={w: i for i, w in enumerate(words)}, **arrays)

    @staticmethod
    def ids_at(folder: Path) -> np.ndarray:
        """The passage ids of the segment saved at ``folder``, without loading the rest."""
        return np.load(folder / "ids.npy", mmap_mode="r")

    def posting(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the passages holding ``word`` and how often each does."""
        column = self.vocabulary.get(word)
        if column is None:
            return _NOWHERE
        start, end = self.starts[column], self.starts[column + 1]
        return self.docs[start:end], self.counts[start:end]


class SegmentBuilder:
    """Counts the terms of passages chunk by chunk for one segment, in flat arrays of numbers: a
    million passages hold some thirty million (passage, term) pairs, too many for Python objects."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.lengths = array("i")
        self.held = array("i")  # distinct terms per passage
        self.columns = array("i")
        self.counts = array("i")

    def add(self, documents: list[str]) -> None:
        vocabulary = self.vocabulary
        for document in documents:
            words = Counter(terms(document))
            self.lengths.append(max(1, sum(words.values())))
            self.held.append(len(words))
            self.columns.extend(vocabulary.setdefault(w, len(vocabulary)) for w in words)
            self.counts.extend(words.values())

    def finish(self, ids: np.ndarray) -> LexicalSegment:
        """The segment of the passages added, the i-th known by ``ids[i]``."""
        columns = np.frombuffer(self.columns, dtype=np.int32)
        order = np.argsort(columns, kind="stable")  # by term, passages ascending within one
        positions = np.repeat(np.arange(len(self.held), dtype=np.int32), np.frombuffer(self.held, np.int32))
        starts = np.zeros(len(self.vocabulary) + 1, dtype=np.int64)
        np.cumsum(np.bincount(columns, minlength=len(self.vocabulary)), out=starts[1:])
        return LexicalSegment(
            ids=np.asarray(ids, dtype=np.int64),
            lengths=np.frombuffer(self.lengths, dtype=np.int32).copy(),
            vocabulary=self.vocabulary,
            starts=starts,
            docs=positions[order],
            counts=np.frombuffer(self.counts, dtype=np.int32)[order],
        )


_NOWHERE = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32))


class Lexical:
    """The BM25 index of a generation: ``segments`` (ascending ids, one range after another)
    without the passages ``removed``. ``ids`` are the live passages, in order."""

    def __init__(self, segments: list[LexicalSegment], removed: np.ndarray) -> None:
        self.segments = segments
        self.live = [~np.isin(s.ids, removed) for s in segments]
        ends = np.cumsum([int(live.sum()) for live in self.live], dtype=np.int64)
        self._spans = list(zip([0, *ends[:-1]], ends, strict=True))  # each segment's live ids in ``ids``
        self.ids = np.concatenate([s.ids[live] for s, live in zip(segments, self.live, strict=True)] or [[]])
        self.ids = self.ids.astype(np.int64)
        self.count = len(self.ids)
        total = sum(int(s.lengths[live].sum()) for s, live in zip(segments, self.live, strict=True))
        mean_length = total / max(self.count, 1)
        # per passage, the part of BM25's denominator that does not depend on the term
        self.norms = [(K1 * ((1 - B) + B * s.lengths / mean_length)).astype(np.float32) for s in segments]

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(passage id, BM25 score) of the best ``k`` passages sharing a word with the query, ties
        by id; ``allowed`` (one flag per passage, in the order of ``ids``) leaves the others out."""
        words = terms(query)
        if not words or self.count == 0:
            return []
        weights = self.idf(words)
        found_ids, found_scores = [], []
        for i, (segment, live) in enumerate(zip(self.segments, self.live, strict=True)):
            shown = live
            if allowed is not None:
                shown = np.zeros(len(live), dtype=bool)
                start, end = self._spans[i]
                shown[live] = allowed[start:end]
            scores = _scores(segment, self.norms[i], words, weights, shown)
            hits = np.flatnonzero(scores)
            found_ids.append(segment.ids[hits])
            found_scores.append(scores[hits])
        return _best(np.concatenate(found_ids), np.concatenate(found_scores), k)

    def idf(self, words: list[str]) -> dict[str, float]:
        """BM25's inverse document frequency of each of ``words`` (terms, as ``terms`` makes them)
        among the live passages; a word no passage has gets the rarest word's weight."""
        weights = {}
        for word in dict.fromkeys(words):
            df = 0
            for segment, live in zip(self.segments, self.live, strict=True):
                df += int(live[segment.posting(word)[0]].sum())
            weights[word] = math.log(1 + (self.count - df + 0.5) / (df + 0.5))
        return weights


def _best(ids: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` highest scores, ties by id. Only those at or above the k-th score are sorted: a
    common word scores half a million passages of a million."""
    if len(scores) > k:
        kept = scores >= np.partition(scores, len(scores) - k)[len(scores) - k]
        ids, scores = ids[kept], scores[kept]
    best = np.lexsort((ids, -scores))[:k]
    return [(int(ids[i]), float(scores[i])) for i in best]


def _scores(
    segment: LexicalSegment, norm: np.ndarray, words: list[str], weights: dict[str, float], shown: np.ndarray
) -> np.ndarray:
    """The BM25 score of each of the segment's passages (0 for those not ``shown``)."""
    scores = np.zeros(len(segment.ids), dtype=np.float32)
    for word in words:
        docs, counts = segment.posting(word)
        if len(docs):
            scores[docs] += weights[word] * counts / (norm[docs] + counts)
    scores[~shown] = 0
    return scores
