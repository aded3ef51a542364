"""The answering words of a quote, marked only when a learned scorer is confident of them.

Each answer span (``spans``) of a quoted sentence is described by what makes a span the answer:
whether its kind is the one the question asks for (a name for who or where, a date for when, a
figure for how many, a title for which song or film), how many of the passages read repeat it
(an answer recurs across reports; a passing name does not), whether titles carry it, how close it
stands to the question's words, and how likely its sentence is to answer. A logistic regression
(``newsbot eval train``) gives each span a probability; spans at ``MARK_AT`` or above are marked.
A wrong mark is worse than none, so the threshold is set for precision, not for coverage.
"""

import math
import re

import numpy as np

from ...answer import scorer
from ...answer.features import Candidate, Question
from ...answer.quotes import Evidence
from ...answer.spans import SPAN_KINDS, Span, SpanKind
from ...search import terms
from .titles import WORKS

WANTED: dict[str, set[SpanKind]] = {
    "who": {"name"},
    "where": {"name"},
    "when": {"date"},
    "quantity": {"number"},
    "which": {"name", "title"},
    "what": {"name", "title"},
    "other": {"name", "title"},
}
_WORD = re.compile(r"\w+")
NAMES = [
    "wanted_kind",
    "title_for_work",
    *[f"is_{k}" for k in SPAN_KINDS],
    "support",
    "in_titles",
    "sentence",
    "best_sentence",
    "log_words",
    "starts_at",
    "near_question",
    "same_kind",
    "overlaps_question",
    "in_top_passage",
    "articles_repeating",
]
MARK_AT = 0.8
MAX_MARKS = 3


def rows(
    question: Question, evidence: Evidence, candidate: Candidate, probability: float, best: bool
) -> np.ndarray:
    """One row of ``NAMES`` features per answer span of ``candidate``."""
    texts = [p.text.casefold() for p in evidence.passages]
    titles = [a.title.casefold() for a in evidence.articles.values()]
    by_article: dict[int, str] = {}
    for passage in evidence.passages:
        by_article[passage.article_id] = (
            by_article.get(passage.article_id, "") + "\n" + passage.text.casefold()
        )
    sentence = candidate.text
    words = [(m.start(), m.group()) for m in _WORD.finditer(sentence)]
    near = [at for at, word in words if set(terms(word)) & question.terms]
    works = bool(WORKS.search(question.text))
    found = []
    for span in candidate.spans:
        said = sentence[span.start : span.end].casefold()
        distance = min((abs(at - span.start) for at in near), default=len(sentence))
        found.append(
            [
                float(span.kind in WANTED[question.kind]),
                float(span.kind == "title" and works),
                *[float(span.kind == k) for k in SPAN_KINDS],
                sum(said in t for t in texts) / max(len(texts), 1),
                sum(said in t for t in titles) / max(len(titles), 1),
                probability,
                float(best),
                math.log1p(len(said.split())),
                span.start / max(len(sentence), 1),
                1.0 / (1 + distance / 20),
                float(sum(s.kind == span.kind for s in candidate.spans)),
                len(set(_WORD.findall(said)) & question.words) / max(len(_WORD.findall(said)), 1),
                float(said in texts[0]) if texts else 0.0,
                sum(said in t for t in by_article.values()) / max(len(by_article), 1),
            ]
        )
    return np.array(found, dtype=np.float32).reshape(len(found), len(NAMES))


def mark(
    question: Question, evidence: Evidence, candidate: Candidate, probability: float, best: bool
) -> list[tuple[int, int]]:
    """Offsets, within the candidate's sentence, of the spans confidently the answer."""
    if not candidate.spans:
        return []
    scores = scorer.load("marks").probability(rows(question, evidence, candidate, probability, best))
    ranked = sorted(zip(candidate.spans, scores, strict=True), key=lambda pair: -pair[1])
    chosen: list[Span] = [span for span, score in ranked if score >= MARK_AT][:MAX_MARKS]
    return sorted((s.start, s.end) for s in chosen)
