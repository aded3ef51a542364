"""The sentence answerers, newsbot's answerers before the trained reader, kept as the baseline
``newsbot eval qa`` and the benchmarks measure the reader against: which of the two reads a
question, by what it was tuned on.

Questions of ``LEARNED_FROM_WORDS`` words and more are like the quiz questions the learned scorers
were trained on (``newsbot eval train``), and the learned answerer (``learned``) reads them: it
keeps retrieval's ranking, looks for the sentence that adds what the question asks for, marks the
answering words when it is confident of them, and judges whether the passages answer at all.
Shorter questions, the ones users type ("how fast was it going?"), are outside what it learned
from; the sentence-similarity answerer (``similar``) reads them, tuned on questions of that kind.
Measured by ``newsbot eval qa``, each answerer alone on every question: on the gold set the
learned answerer holds the answer in the first 600 characters of its quotes for 72.1 % of the
answerable questions (the similarity answerer 73.3 %), with a median of 450 characters quoted (579),
and declines 68 % of the decline test (43 %); on the silver test half, 63.9 % (58.7 %) and 90 %
(72 %). On our own short questions (``bench/own_questions.py``) it finds 5 fewer answers of 30.
"""

import numpy as np

from ...answer.answerability import judges
from ...answer.quotes import Evidence
from ...answer.result import Answer
from ...answer.sentences import DECLINE_BELOW
from .learned import compose_learned
from .similar import compose_similar


def compose(
    question: str,
    query: np.ndarray,
    evidence: Evidence,
    decline_below: float = DECLINE_BELOW,
    wider: Evidence | None = None,
) -> Answer:
    """Choose, verify and cite the quotes that answer ``question`` from the retrieved passages;
    other outlets' versions of them are looked for in ``wider`` (more of the passages retrieved).

    ``decline_below`` is the similarity answerer's threshold, for the trade-off ``eval qa`` draws.
    """
    if judges(question):
        return compose_learned(question, query, evidence, wider=wider)
    return compose_similar(question, query, evidence, decline_below, wider)
