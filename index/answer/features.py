"""What the learned scorers read: each candidate sentence's evidence of answering a question.

Retrieval's ranking is kept (the passage's rank and its cosine to the question) and combined with
the sentence's own evidence: its cosine to the question, the question's words it holds, how much
of it only restates the question, the sentence before it (an answer often follows the sentence
that names its topic), and the answer-shaped words it adds (``spans``), crossed with the kind of
answer the question asks for (``questions``): a name for "who", a date for "when", a figure for
"how many". ``scorer`` holds the weights ``newsbot eval train`` learns for these features.
"""

import math
from dataclasses import dataclass

import numpy as np

from ..search import terms
from ..store import PassageRow
from ..text import fold
from .questions import KINDS, Kind, kind
from .quotes import Evidence
from .sentences import MIN_WORDS, evidence_terms, specific_terms, unmatched
from .spans import SPAN_KINDS, Span, answer_spans

_SENTENCE = [
    "cos",
    "cos_below_best",
    "passage_cos",
    "passage_rank",
    "shared",
    "restates",
    "before_cos",
    "before_shared",
    "opens_passage",
    "log_words",
    "asks",
    "title_shared",
    "rare_shared",
    "rare_before_shared",
    "rare_title_shared",
    "opens_article",
    "names",
    "span_support",
    "span_in_title",
]
_SPANS = [f"has_{k}" for k in SPAN_KINDS] + ["has_span"]
NAMES = _SENTENCE + _SPANS + [f"{k}*{s}" for k in KINDS for s in _SPANS]


@dataclass(frozen=True)
class Candidate:
    """A sentence that could be quoted: ``index`` into its passage's sentences, and its spans."""

    passage: PassageRow
    index: int
    rank: int  # of its passage among those retrieved, from 0
    spans: list[Span]

    @property
    def span(self) -> tuple[int, int]:
        return self.passage.sentences[self.index]

    @property
    def text(self) -> str:
        start, end = self.span
        return self.passage.text[start:end]


@dataclass(frozen=True)
class Question:
    """A question as the features read it."""

    text: str
    kind: Kind
    terms: frozenset[str]
    words: frozenset[str]  # folded, lower case: what an answer span must add to

    @classmethod
    def read(cls, text: str) -> "Question":
        words = frozenset(w.strip(".,;:!?\"'()").casefold() for w in fold(text).split())
        return cls(text, kind(text), frozenset(terms(text)), words)


def candidates(question: Question, evidence: Evidence) -> list[Candidate]:
    """Every sentence of at least ``MIN_WORDS`` words in the retrieved passages, in rank order."""
    found = []
    for rank, passage in enumerate(evidence.passages):
        if evidence.sentence_vectors(passage) is None:
            continue
        for index, (start, end) in enumerate(passage.sentences):
            text = passage.text[start:end]
            if len(text.split()) >= MIN_WORDS:
                found.append(Candidate(passage, index, rank, answer_spans(text, question.words)))
    return found


def matrix(question: Question, query: np.ndarray, evidence: Evidence, found: list[Candidate]) -> np.ndarray:
    """One row of ``NAMES`` features per candidate."""
    cosines = {
        p.id: vectors @ query
        for p in evidence.passages
        if (vectors := evidence.sentence_vectors(p)) is not None
    }
    best = max((float(c.max()) for c in cosines.values() if len(c)), default=0.0)
    kind_at = KINDS.index(question.kind)
    weights = {t: evidence.weights.get(t, 1.0) for t in question.terms}
    texts = [p.text.casefold() for p in evidence.passages]
    rows = []
    for candidate in found:
        passage, i = candidate.passage, candidate.index
        sentence_cos = cosines[passage.id]
        words = set(terms(candidate.text))
        before = set(terms(passage.text[slice(*passage.sentences[i - 1])])) if i else set()
        title = set(terms(evidence.articles[passage.article_id].title))
        has = [float(any(s.kind == k for s in candidate.spans)) for k in SPAN_KINDS] + [
            float(bool(candidate.spans))
        ]
        crossed = np.zeros((len(KINDS), len(has)))
        crossed[kind_at] = has
        said = [candidate.text[s.start : s.end].casefold() for s in candidate.spans]
        title_text = evidence.articles[passage.article_id].title.casefold()
        rows.append(
            [
                float(sentence_cos[i]),
                float(sentence_cos[i]) - best,
                float(evidence.vectors[passage.embed_hash].passage @ query),
                1.0 / (1 + candidate.rank),
                _share(question.terms, words),
                _share(words, question.terms),
                float(sentence_cos[i - 1]) if i else 0.0,
                _share(question.terms, before),
                float(i == 0),
                math.log1p(len(candidate.text.split())),
                float(candidate.text.rstrip().endswith("?")),
                _share(question.terms, title),
                _weighted(weights, words),
                _weighted(weights, before),
                _weighted(weights, title),
                1.0 / (1 + passage.position),
                math.log1p(sum(s.kind == "name" for s in candidate.spans)),
                max((sum(w in t for t in texts) / len(texts) for w in said), default=0.0),
                float(any(w in title_text for w in said)),
                *has,
                *crossed.ravel(),
            ]
        )
    return np.array(rows, dtype=np.float32).reshape(len(rows), len(NAMES))


def _weighted(weights: dict[str, float], within: set[str]) -> float:
    """The share of the question's rarity-weighted terms that are in ``within``."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in within) / total if total else 0.0


def _share(of: set[str] | frozenset[str], within: set[str] | frozenset[str]) -> float:
    """The share of ``of`` that is in ``within`` (0 when ``of`` is empty)."""
    return len(of & within) / len(of) if of else 0.0


QUESTION_NAMES = [
    "best",
    "best_logit",
    "other_article_best",
    "best_cos",
    "best_shared",
    "coverage",
    "top_title_shared",
    "best_has_span",
    "articles",
    "unmatched_names",
    *[f"asks_{k}" for k in KINDS],
]


def question_row(
    question: Question, evidence: Evidence, found: list[Candidate], rows: np.ndarray, probability: np.ndarray
) -> np.ndarray:
    """``QUESTION_NAMES`` features of the whole evidence: how well its best sentences answer."""
    best = int(np.argmax(probability))
    top = found[best]
    others = [
        p for c, p in zip(found, probability, strict=True) if c.passage.article_id != top.passage.article_id
    ]
    said = evidence_terms(evidence)
    specific = specific_terms(question.text)
    first = evidence.articles[evidence.passages[0].article_id]
    p = float(np.clip(probability[best], 1e-4, 1 - 1e-4))
    kinds = [float(question.kind == k) for k in KINDS]
    return np.array(
        [
            p,
            math.log(p / (1 - p)),
            max(others, default=0.0),
            float(rows[:, NAMES.index("cos")].max()),
            float(rows[best, NAMES.index("shared")]),
            _share(question.terms, said),
            _share(question.terms, set(terms(first.title))),
            float(bool(top.spans)),
            len(evidence.articles) / max(len(evidence.passages), 1),
            len(unmatched(specific, said)) / len(specific) if specific else 0.0,
            *kinds,
        ],
        dtype=np.float32,
    )
