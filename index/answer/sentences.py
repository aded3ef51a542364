"""Scoring the sentences of retrieved passages for a question (or a digest's topic), and the check
that the passages name what the question names.

A sentence's score is its cosine to the question (from the sentence vectors made at ingest, see
``embed``) plus a bonus for sharing the question's words. Answers, digests and differences read
the same scores against the same thresholds.
"""

import re

import numpy as np

from ..search import terms
from ..text import fold
from .quotes import Evidence

LEXICAL_WEIGHT = 0.15  # bonus for a sentence holding every content word of the question
MIN_WORDS = 4  # a shorter sentence is never quoted
ON_SUBJECT = 0.25  # sentences unrelated to a question score below 0.2 (bench/decline.py)
# Chosen from two curves. ``newsbot eval qa`` on RealTime QA (86 answerable questions; 103 asked
# again without the articles holding their answer): from 0.30 to 0.475 the answer string is in the
# quotes for 76.7 %, at 0.50 for 75.6 %, at 0.55 for 72.1 % (the most the 5-point budget allows),
# while declines rise from 27 % at 0.30 and 42 % at 0.45 to 44 % at 0.475 and 56 % at 0.55.
# bench/decline.py, 20 short questions the sample news answers and 20 it cannot: 0.45 answers 19
# and declines 19, 0.48 answers 18, 0.51 17, 0.54 16. Short questions score lower, and users ask
# short ones (a follow-up "how fast was it going?" scores 0.50), so the threshold stops at 0.475,
# the last step that costs RealTime QA no answer.
DECLINE_BELOW = 0.475
_WORD = re.compile(r"[\w'-]+")


def score_sentences(question: str, query: np.ndarray, evidence: Evidence) -> dict[int, np.ndarray]:
    """Per passage id, each sentence's cosine to the question plus the shared-words bonus; a passage
    whose cached vectors do not match its sentences has no scores."""
    wanted = set(terms(question))
    scores = {}
    for passage in evidence.passages:
        vectors = evidence.sentence_vectors(passage)
        if vectors is None:
            continue
        shared = [
            len(wanted & set(terms(passage.text[s:e]))) / len(wanted) if wanted else 0.0
            for s, e in passage.sentences
        ]
        scores[passage.id] = similarity(vectors @ query, np.array(shared))
    return scores


def similarity(cosine: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """A sentence's score: its cosine to the question, plus the bonus for the share of the
    question's words it holds."""
    return cosine + LEXICAL_WEIGHT * shared


def specific_terms(question: str, first_word: bool = False) -> list[str]:
    """Numbers and capitalised names of the question: what an answer's passages must mention.

    A question's first word is capitalised anyway, so it counts only with ``first_word`` (for a
    digest's topic: "Bitcoin prices"); short all-capital words ("US", "PM") are usually
    abbreviations the article spells out, so they never count.
    """
    words = _WORD.findall(fold(question))[0 if first_word else 1 :]
    return [
        w
        for w in words
        if any(c.isdigit() for c in w) or (w[0].isupper() and not (w.isupper() and len(w) <= 3))
    ]


def unmatched_terms(question: str, evidence: Evidence, first_word: bool = False) -> list[str]:
    """The ``specific_terms`` of the question that none of the passages (or their titles) has."""
    specific = specific_terms(question, first_word)
    return unmatched(specific, evidence_terms(evidence)) if specific else []


def unmatched(specific: list[str], said: set[str]) -> list[str]:
    """Those of the ``specific`` words whose terms are not all among the terms ``said``."""
    return [w for w in specific if not set(terms(w)) <= said]


def evidence_terms(evidence: Evidence) -> set[str]:
    """The terms of the passages and of their articles' titles."""
    texts = [p.text for p in evidence.passages] + [a.title for a in evidence.articles.values()]
    return set(terms(" ".join(texts)))
