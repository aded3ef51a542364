"""What a server's readers asked lately, and what the news did not answer: the questions asked, the
share answered, the unanswered ones most asked (the same question in other words counted as one),
and the answers voted down. It tells a server's managers which feeds to add.

Two unanswered questions are one when their words are the same (``match_key``), or when they ask
for the same kind of answer (``questions.kind``: who, when, where…) and their vectors (the question
encoder's) are at least ``SAME_QUESTION`` close. With all-MiniLM-L6-v2, rewordings of one question
("when does the bridge reopen?" / "when will the bridge open again?") score 0.94-0.99 on the pairs
of tests/test_insights.py and other questions on one subject ("… reopen?" / "why did the bridge
close?") 0.77-0.78; "where is the festival held?" / "when is…" score 0.95 and only the kind keeps
them apart. Known limit: questions that differ in one verb ("who won the prize?" / "who judged the
prize?", 0.94) are counted as one.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from ..store.questions import Asked, VotedDown
from ..text import match_key
from .questions import kind

SAME_QUESTION = 0.9
SHOWN = 10  # unanswered questions and voted-down answers listed


@dataclass
class Unanswered:
    """One question the news did not answer, however it was worded, and how often it was asked."""

    question: str  # its latest wording
    times: int
    wordings: list[str] = field(default_factory=list)  # every wording, latest first


@dataclass
class Insights:
    days: int
    asked: int
    answered: int
    unanswered: list[Unanswered]
    voted_down: list[VotedDown]

    @property
    def share_answered(self) -> float:
        return self.answered / self.asked if self.asked else 0.0

    def to_dict(self) -> dict:
        return asdict(self)


def gather_insights(
    asked: list[Asked], voted_down: list[VotedDown], encode: Callable[[str], np.ndarray], days: int
) -> Insights:
    """The insights of ``asked`` (oldest first) and ``voted_down``; ``encode`` gives a question's
    unit vector."""
    open_questions = [a.question for a in reversed(asked) if not a.answered]  # latest first
    return Insights(
        days,
        len(asked),
        sum(a.answered for a in asked),
        same_questions(open_questions, encode)[:SHOWN],
        voted_down[:SHOWN],
    )


def same_questions(questions: list[str], encode: Callable[[str], np.ndarray]) -> list[Unanswered]:
    """``questions`` (latest first) grouped into one per question however worded, most asked
    first; each group joins the first earlier one its latest wording is close to."""
    groups: list[Unanswered] = []
    keys: list[set[str]] = []
    firsts: list[tuple[str, np.ndarray]] = []  # each group's kind of question and latest vector
    for question in questions:
        key, asks, vector = match_key(question), kind(question), encode(question)
        found = next(
            (
                i
                for i, (words, (first_kind, first)) in enumerate(zip(keys, firsts, strict=True))
                if key in words or (asks == first_kind and float(first @ vector) >= SAME_QUESTION)
            ),
            None,
        )
        if found is None:
            groups.append(Unanswered(question, 0))
            keys.append(set())
            firsts.append((asks, vector))
            found = len(groups) - 1
        group = groups[found]
        group.times += 1
        keys[found].add(key)
        if question not in group.wordings:
            group.wordings.append(question)
    return sorted(groups, key=lambda g: -g.times)
