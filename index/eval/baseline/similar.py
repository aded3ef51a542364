"""Answers to short questions: the sentences most like the question, quoted verbatim and verified.

Every sentence of the retrieved passages gets a score (``sentences``). The sentences within
``MARGIN`` of the best are the answer; each runs on into the sentences after it in its paragraph
while they stay on the subject (score at least ``CONTINUE_FLOOR``), because an answer often follows
the sentence that names its topic: "…a ceremonial gift swap. Takaichi presented Lee with…".
Consecutive chosen sentences are quoted as one span. When the question asks for a title, a
sentence holding one scores higher, and the titles of the first quote are marked (``titles``);
other outlets' versions of the quotes are added (``versions``).

It declines (quotes nothing and says the news doesn't say) when the best sentence scores below
``DECLINE_BELOW``, or when the question names something (a number, a capitalised name) that no
retrieved passage mentions ("who won the World Cup final in 2018?" must not be answered from a
story about 2022, however similar the sentences).
"""

from dataclasses import dataclass

import numpy as np

from ...answer.features import Question
from ...answer.quotes import Evidence, Sources
from ...answer.result import ANSWERED, Answer, declined
from ...answer.sentences import DECLINE_BELOW, MIN_WORDS, ON_SUBJECT, score_sentences, unmatched_terms
from ...answer.versions import other_versions
from ...store import ArticleRow, PassageRow
from ...text import match_key
from .titles import MAX_TITLES, TITLE_BONUS, asks_for_title, titles

MARGIN = 0.12
CONTINUE_FLOOR = ON_SUBJECT
CONTINUE_MAX = 2  # sentences a chosen sentence may run on into
MAX_QUOTES = 4


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


def compose_similar(
    question: str,
    query: np.ndarray,
    evidence: Evidence,
    decline_below: float = DECLINE_BELOW,
    wider: Evidence | None = None,
) -> Answer:
    """Choose, verify and cite the quotes that answer ``question`` from the retrieved passages;
    other outlets' versions of them are looked for in ``wider`` (more of the passages retrieved).

    ``decline_below`` is the threshold; ``newsbot eval qa`` varies it to draw the trade-off curve.
    """
    if unmatched_terms(question, evidence):
        return declined(question)
    scores = score_sentences(question, query, evidence)
    wanted = _wanted_titles(question, evidence)
    for passage_id, found in wanted.items():
        scores[passage_id] = scores[passage_id] + TITLE_BONUS * np.array([bool(t) for t in found])
    best = max((float(s.max()) for s in scores.values() if len(s)), default=0.0)
    if best < decline_below:
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
    quotes = []
    for group in copies.values():
        run = group[0]
        quote = sources.quote(run.passage, run.span, _articles(group, evidence))
        if quote is not None:
            quote.marks = [] if quotes else _marks(run, wanted.get(run.passage.id))
            quotes.append(quote)
    if not quotes:
        return declined(question)
    quotes += other_versions(query, quotes, wider or evidence, sources)
    return Answer(question, True, ANSWERED, quotes, sources.cited(quotes))


def _wanted_titles(question: str, evidence: Evidence) -> dict[int, list[list[tuple[int, int]]]]:
    """For a question asking for a title, each passage's sentences' titles (``titles``), by passage id."""
    if not asks_for_title(question):
        return {}
    words = Question.read(question).words
    return {
        p.id: [titles(p.text[start:end], words) for start, end in p.sentences]
        for p in evidence.passages
        if evidence.sentence_vectors(p) is not None
    }


def _marks(run: _Run, found: list[list[tuple[int, int]]] | None) -> list[tuple[int, int]]:
    """The titles in ``run``'s sentences as offsets into its quote: none unless a title is asked
    for, and none when there are more than ``MAX_TITLES``."""
    if found is None:
        return []
    start = run.span[0]
    marks = [
        (sentence_start + a - start, sentence_start + b - start)
        for i in range(run.first, run.last + 1)
        for sentence_start in [run.passage.sentences[i][0]]
        for a, b in found[i]
    ]
    return marks if len(marks) <= MAX_TITLES else []


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
