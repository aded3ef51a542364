"""Extractive summaries: 3–5 highlight sentences of one article, verbatim and in its order.

Sentences are ranked by centrality (cosine to the mean of the article's sentence vectors), nudged
towards the lead because news is written top-down, and chosen with maximal marginal relevance so
two sentences saying the same thing are not both picked.
"""

from dataclasses import dataclass

import numpy as np

from .answer import MIN_WORDS, Quote, verified
from .citations import Citation, cite
from .embed import PassageVectors
from .store import ArticleRow, PassageRow

# Added to the first sentence, the n-th getting LEAD_BONUS / n: news puts its gist first. On the BBC
# set's references the first sentence is in 71 % of them; a bonus falling linearly along the article
# picked it for 25 % of articles, this one for about 75 % (ROUGE-2 +0.02 on sample300 and on 500
# held-out articles, `newsbot eval summary`).
LEAD_BONUS = 0.15
REDUNDANCY = 0.3  # MMR weight of similarity to sentences already chosen


@dataclass
class Summary:
    citation: Citation
    highlights: list[Quote]


def highlight_count(sentences: int) -> int:
    return 3 if sentences <= 12 else 4 if sentences <= 30 else 5


def summarize(article: ArticleRow, passages: list[PassageRow], vectors: dict[str, PassageVectors]) -> Summary:
    candidates = [
        (passage, span, vector)
        for passage in passages
        for span, vector in zip(passage.sentences, vectors[passage.embed_hash].sentences, strict=True)
        if len(passage.text[span[0] : span[1]].split()) >= MIN_WORDS
    ]
    chosen = _pick([v.astype(np.float32) for _, _, v in candidates], highlight_count(len(candidates)))
    highlights = []
    for i in sorted(chosen):
        passage, (start, end), _ = candidates[i]
        quote = Quote(passage.text[start:end], 1, passage.id, start, end)
        if verified(quote, passage):
            highlights.append(quote)
    return Summary(cite(1, article), highlights)


def _pick(vectors: list[np.ndarray], count: int) -> list[int]:
    if not vectors:
        return []
    matrix = np.stack(vectors)
    centroid = matrix.mean(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
    relevance = matrix @ centroid + LEAD_BONUS / (1.0 + np.arange(len(vectors)))
    return mmr(relevance, matrix @ matrix.T, count, REDUNDANCY)


def mmr(
    relevance: np.ndarray, similarity: np.ndarray, count: int, redundancy: float, too_close: float = np.inf
) -> list[int]:
    """Maximal marginal relevance: up to ``count`` indices, each the best trade-off between its
    relevance and its similarity to those already chosen. A candidate whose relevance is -inf, or
    whose similarity to a chosen one reaches ``too_close``, is never chosen."""
    chosen: list[int] = []
    while len(chosen) < count:
        penalty = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(relevance))
        gain = (1 - redundancy) * relevance - redundancy * penalty
        gain[chosen] = -np.inf
        gain[penalty >= too_close] = -np.inf
        if not len(gain) or not np.isfinite(gain.max()):
            break
        chosen.append(int(np.argmax(gain)))
    return chosen
