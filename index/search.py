"""Hybrid retrieval: FAISS nearest passages fused with BM25 by reciprocal rank fusion.

Rank fusion needs no calibration between cosine and BM25 scores, which live on different scales
and shift with the corpus; a passage both retrievers rank high wins, and a passage only BM25
finds (a name, a number, a rare word) still gets in.
"""

from dataclasses import dataclass

import numpy as np

from . import vectors
from .generation import Generation

CANDIDATES = 50  # taken from each retriever before fusion
RRF_K = 60  # the constant of Cormack et al. (2009); damps the weight of the very top ranks


@dataclass(frozen=True)
class Hit:
    passage_id: int
    score: float  # fused
    dense: float | None  # cosine, when FAISS returned the passage
    lexical: float | None  # BM25, when BM25 returned it


def hybrid(gen: Generation, question: str, query: np.ndarray, k: int) -> list[Hit]:
    """The ``k`` best passages for a question (text for BM25, unit vector for FAISS)."""
    dense = vectors.search(gen.vectors, query, CANDIDATES)
    lexical = gen.lexical.search(question, CANDIDATES)
    fused: dict[int, float] = {}
    for ranking in (dense, lexical):
        for rank, (pid, _) in enumerate(ranking):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
    dense_of, lexical_of = dict(dense), dict(lexical)
    best = sorted(fused, key=fused.__getitem__, reverse=True)[:k]
    return [Hit(pid, fused[pid], dense_of.get(pid), lexical_of.get(pid)) for pid in best]
