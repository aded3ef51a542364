"""Newer news first: the day a question is asked from, and how much an older article's passages count.

A question is asked as of a day (``When.as_of``; today when not given): articles published after
it are invisible. Among the candidates, a passage's fused score is multiplied by a weight that
halves for every ``half_life`` days its article is older than the newest candidate. Only the age
difference between two candidates matters, not how old both are, and undated articles are never
discounted: their age is unknown.

How far the weight falls depends on the question. One that asks about now ("this week", "latest",
"today", "currently") wants the newest report, so the weight falls towards 0; any other question
may be about something long past, so an old article keeps at least ``FLOOR`` of its score and a
strong match years old still beats a weak one from today ("How fast did DART hit the asteroid?"
asked of an index whose other stories are two years newer).

Measured on the RealTime QA dev set (103 news-quiz questions asked as of their date, 1,668
articles over a year; ``newsbot eval qa``, tuning in the ``search`` docstring): gold-article
recall@5 of the combined ranking is .75 without the prior; a 7-day half-life with these two
floors gives .95 (full decay for every question: .97; no prior for questions without a cue: .90).
Two in three of its questions ask about now, and all but three are answered by the week before.
"""

import re
from dataclasses import dataclass
from datetime import date

import numpy as np

from .generation import UNDATED

FLOOR = 0.5  # the least weight an old article keeps for a question with no sign of asking about now
_ASKS_ABOUT_NOW = re.compile(
    r"\b(today|tonight|yesterday|this (week|weekend|month|year|morning|summer|spring|fall|autumn|winter)"
    r"|(last|past) (week|weekend|month|few days)|latest|recent(ly)?|current(ly)?|now|so far|upcoming)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class When:
    """The day a question is asked from (None: now) and the recency half-life in days (None: off)."""

    as_of: date | None = None
    half_life: float | None = None


def asks_about_now(question: str) -> bool:
    """Whether the question's words tie it to the present: "this week", "latest", "currently"…"""
    return bool(_ASKS_ABOUT_NOW.search(question))


def weights(days: np.ndarray, half_life: float, floor: float) -> np.ndarray:
    """Per passage, from its article's day number (or ``UNDATED``), the factor its score gets."""
    dated = days != UNDATED
    if not dated.any():
        return np.ones(len(days))
    age = np.where(dated, days[dated].max() - days, 0)
    return floor + (1.0 - floor) * 0.5 ** (age / half_life)
