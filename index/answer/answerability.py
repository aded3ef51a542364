"""Whether the retrieved passages hold an answer at all, as the learned answerability scorer judges.

The reader's answers (``reading``) are declined when the scorer judges their evidence less likely
to answer than ``Thresholds.answerable`` (``answerable``).

It reads the evidence as a whole (``features.question_row``): how well its best sentences answer
by the learned sentence scorer, how much of the question the passages cover, how spread over
unrelated articles they are, which of the question's names they lack. It learned from quiz
questions (``newsbot eval train``) of 6 words and more, 16 in the middle, a tenth of them under
``LEARNED_FROM_WORDS``: a shorter question is outside what it knows, and is left to the reader
alone (``judges``).
"""

import numpy as np

from . import scorer
from .features import Candidate, Question, candidates, matrix, question_row
from .quotes import Evidence

LEARNED_FROM_WORDS = 10


def judges(question: str) -> bool:
    """Whether ``question`` is long enough for the scorer to judge."""
    return len(question.split()) >= LEARNED_FROM_WORDS


def judged(
    question: Question, evidence: Evidence, found: list[Candidate], rows: np.ndarray, sentences: np.ndarray
) -> float:
    """The probability that ``evidence`` holds the answer, from its candidates' features and their
    sentence scores."""
    described = question_row(question, evidence, found, rows, sentences)
    return float(scorer.load("answerable").probability(described[None])[0])


def answerable(question: str, query: np.ndarray, evidence: Evidence) -> float:
    """The probability that ``evidence`` holds an answer to ``question`` (0 when it has no sentence
    to judge), its sentences scored by the learned sentence scorer."""
    read = Question.read(question)
    found = candidates(read, evidence)
    if not found:
        return 0.0
    rows = matrix(read, query, evidence, found)
    return judged(read, evidence, found, rows, scorer.load("sentences").probability(rows))
