"""Extractive answers: the sentences that answer the question, quoted verbatim and verified.

Every sentence of the retrieved passages gets a score (``sentences``). The sentences within
``MARGIN`` of the best are the answer; each runs on into the sentences after it in its paragraph
while they stay on the subject (score at least ``CONTINUE_FLOOR``), because an answer often follows
the sentence that names its topic: "…a ceremonial gift swap. Takaichi presented Lee with…".
Consecutive chosen sentences are quoted as one span.

It declines (quotes nothing and says the news doesn't say) when the best sentence scores below
``DECLINE_BELOW``, when the question names something (a number, a capitalised name) that no
retrieved passage mentions ("who won the World Cup final in 2018?" must not be answered from a
story about 2022, however similar the sentences), or, for a question long enough for it to judge,
when the learned answerability scorer (``answerability``) finds the passages unlikely to hold the
answer (``JUDGED_BELOW``).
"""

from dataclasses import dataclass

import numpy as np

from ..store import ArticleRow, PassageRow
from ..text import match_key
from .answerability import certainty, judges
from .citations import Citation
from .quotes import Evidence, Quote, Sources
from .sentences import DECLINE_BELOW, MIN_WORDS, ON_SUBJECT, score_sentences, unmatched_terms

MARGIN = 0.12
CONTINUE_FLOOR = ON_SUBJECT
CONTINUE_MAX = 2  # sentences a chosen sentence may run on into
MAX_QUOTES = 4

# The lowest answerability threshold at which, with the rules above, the silver set's training half
# (which the scorer learned from) declines 90 % of its decline test: 0.3 declines 91.0 % instead of
# 70.6 % for one point of answers (65.1 % of answers in the quotes instead of 66.1 %); 0.4, 93.7 %
# for 1.3 points. The learned answerer, which has no other rule, needs 0.4 (``ANSWERABLE_AT``).
JUDGED_BELOW = 0.3

ANSWERED = "Here is what the indexed news says."
DECLINED = "The indexed news doesn't say."


@dataclass
class Answer:
    question: str
    answered: bool
    message: str
    quotes: list[Quote]
    sources: list[Citation]

    @property
    def marked(self) -> list[str]:
        """The answering words marked in the quotes, each once, in the order they are quoted."""
        words: dict[str, str] = {}
        for quote in self.quotes:
            for text in quote.marked:
                words.setdefault(match_key(text), text)
        return list(words.values())

    def to_dict(self) -> dict:
        """The stable ``ask --json`` shape."""
        return {
            "question": self.question,
            "answered": self.answered,
            "message": self.message,
            "quotes": [q.to_dict() for q in self.quotes],
            "sources": [c.to_dict() for c in self.sources],
        }


@dataclass
class _Run:
    """Consecutive chosen sentences ``first``..``last`` of one passage, quoted as one span."""

    passage: PassageRow
    first: int
    last: int
    score: float

    @property
    def span(self) -> tuple[int, int]:
        return self.passage.sentences[self.first][0], self.passage.sentences[self.last][1]

    @property
    def text(self) -> str:
        start, end = self.span
        return self.passage.text[start:end]


def declined(question: str) -> Answer:
    return Answer(question, False, DECLINED, [], [])


def compose(
    question: str, query: np.ndarray, evidence: Evidence, decline_below: float = DECLINE_BELOW
) -> Answer:
    """Choose, verify and cite the quotes that answer ``question`` from the retrieved passages.

    ``decline_below`` is the threshold; ``newsbot eval qa`` varies it to draw the trade-off curve.
    """
    if unmatched_terms(question, evidence):
        return declined(question)
    scores = score_sentences(question, query, evidence)
    best = max((float(s.max()) for s in scores.values() if len(s)), default=0.0)
    if best < decline_below or (judges(question) and certainty(question, query, evidence) < JUDGED_BELOW):
        return declined(question)
    floor = max(best - MARGIN, decline_below)
    runs = [run for p in evidence.passages if p.id in scores for run in _runs(p, scores[p.id], floor)]
    copies: dict[str, list[_Run]] = {}
    for run in sorted(runs, key=lambda r: r.score, reverse=True):
        key = match_key(run.text)
        if key in copies:
            copies[key].append(run)  # the same words in another copy of the story
        elif len(copies) < MAX_QUOTES:
            copies[key] = [run]
    sources = Sources()
    quotes = [
        quote
        for group in copies.values()
        if (quote := sources.quote(group[0].passage, group[0].span, _articles(group, evidence)))
    ]
    if not quotes:
        return declined(question)
    return Answer(question, True, ANSWERED, quotes, sources.cited(quotes))


def _articles(group: list[_Run], evidence: Evidence) -> list[ArticleRow]:
    """The articles of a group of runs with the same words, the best-scoring run's first."""
    return [evidence.articles[run.passage.article_id] for run in group]


def _runs(passage: PassageRow, scores: np.ndarray, floor: float) -> list[_Run]:
    """Sentences scoring at least ``floor``, each run on into what follows, grouped when consecutive."""
    picked: dict[int, float] = {}
    for i, score in enumerate(scores):
        start, end = passage.sentences[i]
        if score < floor or len(passage.text[start:end].split()) < MIN_WORDS:
            continue
        last = i
        while last + 1 < len(scores) and last - i < CONTINUE_MAX and scores[last + 1] >= CONTINUE_FLOOR:
            last += 1
        for j in range(i, last + 1):
            picked[j] = max(picked.get(j, 0.0), float(score))
    runs: list[_Run] = []
    for i in sorted(picked):
        if runs and runs[-1].last == i - 1:
            runs[-1].last = i
            runs[-1].score = max(runs[-1].score, picked[i])
        else:
            runs.append(_Run(passage, i, i, picked[i]))
    return runs
