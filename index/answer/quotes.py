"""Quotes: verbatim spans of stored passages, each verified and cited in one place.

Answers, summaries, digests and differences all quote through ``Sources.quote``: the text is
sliced from the passage, checked to be that passage's text, and only then are its articles given
citation numbers, [1], [2], … in the order they are first quoted. ``Evidence`` is what quoting
reads: the passages, their cached vectors and their articles.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..embed import PassageVectors
from ..store import ArticleRow, PassageRow
from .citations import Citation, cite

log = logging.getLogger(__name__)


@dataclass
class Quote:
    """A verbatim span of a stored passage; ``source`` and ``also_in`` number its citations."""

    text: str
    source: int
    passage_id: int
    start: int
    end: int
    also_in: list[int] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)  # answering words: offsets into ``text``

    @property
    def marked(self) -> list[str]:
        return [self.text[start:end] for start, end in self.marks]

    @property
    def cites(self) -> list[int]:
        return [self.source, *self.also_in]

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "source": self.source,
            "also_in": self.also_in,
            "marks": [[start, end] for start, end in self.marks],
        }


@dataclass(frozen=True)
class Evidence:
    """Passages to quote from (in the order they rank or stand), their cached vectors and articles."""

    passages: list[PassageRow]
    vectors: dict[str, PassageVectors]
    articles: dict[int, ArticleRow]
    weights: dict[str, float] = field(default_factory=dict)  # the question's terms: how rare each is

    @property
    def article(self) -> ArticleRow:
        """The article, when the evidence is one article's passages (a story)."""
        if len(self.articles) != 1:
            raise ValueError(f"evidence of {len(self.articles)} articles has no single article")
        return next(iter(self.articles.values()))

    def first(self, n: int) -> "Evidence":
        """The evidence of the first ``n`` passages only."""
        passages = self.passages[:n]
        ids = {p.article_id for p in passages}
        articles = {i: a for i, a in self.articles.items() if i in ids}
        return Evidence(passages, self.vectors, articles, self.weights)

    def mean_vector(self) -> np.ndarray:
        """The unit mean of the passages' vectors: what they are about, as one query."""
        mean = np.mean([self.vectors[p.embed_hash].passage for p in self.passages], axis=0)
        return mean / max(float(np.linalg.norm(mean)), 1e-12)

    def sentence_vectors(self, passage: PassageRow) -> np.ndarray | None:
        """The passage's sentence vectors as float32; None when the cache has none that match it."""
        cached = self.vectors.get(passage.embed_hash)
        if cached is None or len(cached.sentences) != len(passage.sentences):
            return None
        return cached.sentences.astype(np.float32)


class Sources:
    """The citations of one answer, summary or digest, numbered in the order articles are cited."""

    def __init__(self) -> None:
        self._numbers: dict[int, int] = {}
        self.citations: list[Citation] = []

    def number(self, article: ArticleRow) -> int:
        """The article's citation number, giving it the next one if it has none yet."""
        if article.id not in self._numbers:
            self._numbers[article.id] = len(self._numbers) + 1
            self.citations.append(cite(self._numbers[article.id], article))
        return self._numbers[article.id]

    def quote(
        self, passage: PassageRow, span: tuple[int, int], articles: Sequence[ArticleRow]
    ) -> Quote | None:
        """The quote of ``passage`` at ``span``, citing each of ``articles`` (the first as its source,
        the others as ``also_in``); None, logged, if the span's text is not verbatim in the passage."""
        start, end = span
        text = passage.text[start:end]
        if not 0 <= start < end <= len(passage.text) or text not in passage.text:
            log.error("dropped a quote that is not verbatim in passage %d: %r", passage.id, text)
            return None
        numbers = list(dict.fromkeys(self.number(a) for a in articles))
        return Quote(text, numbers[0], passage.id, start, end, numbers[1:])

    def cited(self, quotes: Iterable[Quote]) -> list[Citation]:
        """The citations ``quotes`` refer to, by number."""
        used = {n for q in quotes for n in q.cites}
        return [c for c in self.citations if c.n in used]
