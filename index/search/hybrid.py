"""Hybrid retrieval: FAISS nearest passages and BM25, their scores combined, newer news first.

Each retriever's scores are scaled to 0-1 over its own candidates (cosine and BM25 live on
different scales, and BM25's shifts with the corpus and the question) and added with weights
``DENSE_WEIGHT`` and 1 - ``DENSE_WEIGHT``; a passage only one retriever finds (a name, a number,
a rare word for BM25) still gets in with its share. The sum then gets the recency weight of
``recency`` for the question.

Measured on the RealTime QA dev set (``newsbot eval qa``; gold-article recall@5 among articles,
50 candidates each): BM25 alone .76, dense alone .71; combining them without dates .73-.76
whatever the method. With the recency prior (7-day half-life) reciprocal rank fusion reaches .95
with full decay, but its scores are so flat (rank 1 and rank 10 differ by 13 %) that a floor on
the weight undoes it (.90 at a floor of 0.5), and an old article that is the only one on the
subject sinks below ten newer ones that share no word with the question. Scaled scores keep a
strong old match above weak new ones: .90 with the floors of ``recency``, the best of 0.3, 0.4
and 0.5 for the dense weight and half-lives of 3, 7 and 14 days. More candidates give the prior
more of this week's news to lift: .93 from 100 each, .95 from 200 (the shipped figure).
"""

from dataclasses import dataclass

import numpy as np

from . import recency
from .recency import When
from .snapshot import UNDATED, Snapshot

CANDIDATES = 200  # taken from each retriever before they are combined
DENSE_WEIGHT = 0.3


@dataclass(frozen=True)
class Hit:
    passage_id: int
    score: float  # combined, with the recency weight
    dense: float | None  # cosine, when FAISS returned the passage
    lexical: float | None  # BM25, when BM25 returned it


Ranking = list[tuple[int, float]]  # (passage id, the retriever's score), best first


def hybrid(gen: Snapshot, question: str, query: np.ndarray, k: int, when: When | None = None) -> list[Hit]:
    """The ``k`` best passages for a question (text for BM25, unit vector for FAISS) as of ``when``
    (None: today, without the recency prior)."""
    when = when or When()
    dense, lexical = candidates(gen, question, query, when.window(question), when.hidden)
    dense_of, lexical_of = dict(dense), dict(lexical)
    pids = list(dense_of | lexical_of)
    if not pids:
        return []
    scores = DENSE_WEIGHT * _scaled(dense, pids) + (1.0 - DENSE_WEIGHT) * _scaled(lexical, pids)
    if when.half_life:
        floor = 0.0 if recency.asks_about_now(question) else recency.FLOOR
        scores = scores * recency.weights(gen.days_of(pids), when.half_life, floor)
    best = np.argsort(-scores, kind="stable")[:k]
    return [Hit(pids[i], float(scores[i]), dense_of.get(pids[i]), lexical_of.get(pids[i])) for i in best]


def candidates(
    gen: Snapshot,
    question: str,
    query: np.ndarray,
    window: tuple[int, int] | None,
    hidden: frozenset[int] = frozenset(),
) -> tuple[Ranking, Ranking]:
    """Each retriever's ``CANDIDATES`` best passages its reader sees (``Snapshot.seen``) published
    in ``window`` (first and last day numbers; None: any time, and undated ones always) and not
    ``hidden`` (passage ids, those of undated articles past retention): FAISS's, then BM25's."""
    visible = _visible(gen, window, hidden)
    if visible is gen.seen:  # only the reader's scope: the snapshot keeps to it with what it made once
        return gen.dense_search(query, CANDIDATES), gen.lexical_search(question, CANDIDATES)
    visible_ids = gen.ids[visible]
    return (
        gen.dense_search(query, CANDIDATES, visible_ids),
        gen.lexical_search(question, CANDIDATES, visible),
    )


def _scaled(ranking: Ranking, pids: list[int]) -> np.ndarray:
    """The ranking's scores of ``pids`` scaled to 0-1 (1 for all when they are equal), 0 where absent."""
    if not ranking:
        return np.zeros(len(pids))
    given = dict(ranking)
    low, high = min(given.values()), max(given.values())
    span = high - low
    return np.array([((given[p] - low) / span if span else 1.0) if p in given else 0.0 for p in pids])


def _visible(gen: Snapshot, window: tuple[int, int] | None, hidden: frozenset[int]) -> np.ndarray | None:
    """Flags, in the order of the generation's ids, of passages its reader sees published in
    ``window`` (None: all) and not ``hidden``; None when every passage is visible."""
    if window is None and not hidden:
        return gen.seen
    visible = np.ones(len(gen.days), dtype=bool) if gen.seen is None else gen.seen.copy()
    if window is not None:
        first, last = window
        visible &= (gen.days == UNDATED) | ((gen.days >= first) & (gen.days <= last))
    if hidden:
        visible &= ~np.isin(gen.ids, np.fromiter(hidden, dtype=np.int64, count=len(hidden)))
    return None if visible.all() else visible
