"""Newer news first: the day a question is asked from, and how much an older article's passages count.

A question is asked as of a day (``When.as_of``; today when not given): articles published after
it are invisible, and so are those published before the period the question names ("this week":
the seven days up to it; "today", "last month", "this year" likewise), so that "what did the
council decide this week?" is answered from this week's news or declined, never from last year's.
Undated articles are always seen, unless past retention: retention (``retention.Cut``) is a
hard cut whatever the question, the window never starting before its first day and the passages
of undated articles ingested before it hidden by id. Among the candidates, a passage's combined
score is multiplied by a weight that halves for every ``half_life`` days its article is older
than the newest candidate. Only the age difference between two candidates matters, not how old
both are, and undated articles are never discounted: their age is unknown.

How far the weight falls depends on the question. One that asks about now ("this week", "latest",
"today", "currently") wants the newest report, so the weight falls towards 0; any other question
may be about something long past, so an old article keeps at least ``FLOOR`` of its score and a
strong match years old still beats a weak one from today ("How fast did DART hit the asteroid?"
asked of an index whose other stories are two years newer).

Measured on the RealTime QA dev set (103 news-quiz questions asked as of their date, 1,668
articles over a year; ``newsbot eval qa``, tuning in the ``hybrid`` docstring): gold-article
recall@5 of the combined ranking is .75 without the prior; a 7-day half-life with these two
floors gives .95 (full decay for every question: .97; no prior for questions without a cue: .90).
Two in three of its questions ask about now, and all but three are answered by the week before.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ..store.retention import Cut
from .snapshot import UNDATED

FLOOR = 0.5  # the least weight an old article keeps for a question with no sign of asking about now
_ASKS_ABOUT_NOW = re.compile(
    r"\b(today|tonight|yesterday|this (week|weekend|month|year|morning|summer|spring|fall|autumn|winter)"
    r"|(last|past) (week|weekend|month|few days)|latest|recent(ly)?|current(ly)?|now|so far|upcoming)\b",
    re.IGNORECASE,
)
# the periods a question can name, with the days back from the day it is asked that they reach;
# "today" reaches back a day for articles dated in another time zone
_PERIODS = [
    (re.compile(pattern, re.IGNORECASE), days)
    for pattern, days in [
        (r"\b(today|tonight|yesterday)\b", 1),
        (r"\b(this (week|weekend)|past few days)\b", 7),
        (r"\b(last|past) (week|weekend)\b", 14),
        (r"\bthis month\b", 31),
        (r"\b(last|past) month\b", 62),
        (r"\bthis year\b", 366),
    ]
]


@dataclass(frozen=True)
class When:
    """The day a question is asked from (None: now), the recency half-life in days (None: off), the
    retention cut (None: everything is kept) and the first day the asker wants news from (None:
    any; undated articles are seen whatever it is, as with a period the question names)."""

    as_of: date | None = None
    half_life: float | None = None
    retention: Cut | None = None
    since: date | None = None

    def window(self, question: str) -> tuple[int, int] | None:
        """The first and last day numbers of the articles ``question`` may be answered from (None: all)."""
        back = period(question)
        kept_from = max(self.retention.first_day if self.retention else date.min, self.since or date.min)
        if self.as_of is None and back is None:
            cut = self.retention is None and self.since is None
            return None if cut else (kept_from.toordinal(), date.max.toordinal())
        last = self.as_of or date.today()
        first = last - timedelta(days=back) if back is not None else date.min
        return max(first, kept_from).toordinal(), last.toordinal()

    @property
    def hidden(self) -> frozenset[int]:
        """Passages never seen whatever their date: those of undated articles past retention."""
        return self.retention.hidden if self.retention else frozenset()


def period(question: str) -> int | None:
    """How many days back the period the question names reaches ("this week": 7), None for none."""
    return next((days for pattern, days in _PERIODS if pattern.search(question)), None)


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
