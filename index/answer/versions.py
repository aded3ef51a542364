"""Every outlet's version: when another outlet says what an answer quotes in other words or figures
("matching blue jackets" / "matching blue tracksuits"), its sentence is quoted too, cited to it,
so the reader sees the disagreement instead of one outlet's account given as the answer.

The rule is the digests' (``conflicts``): sentences of two outlets, close in meaning (cosine at
least ``CLOSE``), published within a few days, that part in the same frame (a figure of the same
unit after the same words; the same two-word phrase running into different words). Here it reads
only the retrieved passages, so "anywhere in the article" means anywhere in what was retrieved.
"""

from dataclasses import dataclass

import numpy as np

from ..store import ArticleRow, PassageRow
from ..text import match_key
from .conflicts import CLOSE, Candidate, outlet_of, pairs
from .quotes import Evidence, Quote, Sources
from .sentences import MIN_WORDS
from .wording import article_words

MAX_VERSIONS = 2  # other outlets' sentences added to one answer


@dataclass(frozen=True)
class _Sentence:
    passage: PassageRow
    article: ArticleRow
    span: tuple[int, int]
    vector: np.ndarray
    score: float  # cosine to the question

    @property
    def text(self) -> str:
        start, end = self.span
        return self.passage.text[start:end]


def other_versions(
    query: np.ndarray, quotes: list[Quote], evidence: Evidence, sources: Sources
) -> list[Quote]:
    """Quotes of other outlets' sentences that differ from a sentence of ``quotes``, cited with
    ``sources``: at most one per outlet, ``MAX_VERSIONS`` in all, closest first."""
    quoted = {(q.passage_id, q.start, q.end) for q in quotes}
    sentences = _sentences(query, evidence)
    mine = [s for s in sentences if _within(s, quoted)]
    outlets = {outlet_of(s.article) for s in mine}
    close = _close(mine, [s for s in sentences if outlet_of(s.article) not in outlets])
    if not close:
        return []
    shown = {match_key(q.text) for q in quotes}
    added: list[Quote] = []
    for pair in pairs(_candidates(mine + close, evidence), _same_words):
        ours, other = (
            (pair.first, pair.second) if _within(pair.first.sentence, quoted) else (pair.second, pair.first)
        )
        key = match_key(other.sentence.text)
        if not _within(ours.sentence, quoted) or other.outlet in outlets or key in shown:
            continue
        quote = sources.quote(other.sentence.passage, other.sentence.span, [other.article])
        if quote is not None:
            added.append(quote)
            outlets.add(other.outlet)
            shown.add(key)
        if len(added) == MAX_VERSIONS:
            break
    return added


def _close(mine: list[_Sentence], others: list[_Sentence]) -> list[_Sentence]:
    """Those of ``others`` within ``CLOSE`` of one of ``mine``: the only ones worth comparing word
    by word, which costs more than the rest of an answer when done for every sentence."""
    if not mine or not others:
        return []
    closeness = np.stack([s.vector for s in mine]) @ np.stack([s.vector for s in others]).T
    return [s for s, near in zip(others, closeness.max(axis=0) >= CLOSE, strict=True) if near]


def _candidates(sentences: list[_Sentence], evidence: Evidence) -> list[Candidate]:
    """``sentences`` as ``differences`` compares them, each with its article's words (as far as
    the retrieved passages go)."""
    texts: dict[int, list[str]] = {}
    for passage in evidence.passages:
        texts.setdefault(passage.article_id, []).append(passage.text)
    words = {a: article_words(texts[a]) for a in {s.passage.article_id for s in sentences}}
    return [Candidate(s.article, s, words[s.article.id]) for s in sentences]


def _same_words(a: _Sentence, b: _Sentence) -> bool:
    return match_key(a.text) == match_key(b.text)


def _sentences(query: np.ndarray, evidence: Evidence) -> list[_Sentence]:
    """The sentences of the retrieved passages long enough to quote, with their vectors."""
    found = []
    for passage in evidence.passages:
        vectors = evidence.sentence_vectors(passage)
        if vectors is None:
            continue
        article = evidence.articles[passage.article_id]
        for i, (start, end) in enumerate(passage.sentences):
            if len(passage.text[start:end].split()) >= MIN_WORDS:
                found.append(_Sentence(passage, article, (start, end), vectors[i], float(vectors[i] @ query)))
    return found


def _within(sentence: _Sentence, quoted: set[tuple[int, int, int]]) -> bool:
    """Whether ``sentence`` is part of one of the ``quoted`` spans (passage id, start, end)."""
    start, end = sentence.span
    return any(pid == sentence.passage.id and s <= start and end <= e for pid, s, e in quoted)
