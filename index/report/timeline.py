"""A story's timeline: its days, oldest first, each with what was new that day, quoted and cited.

The story's reports are taken day by day (their publication dates; the undated ones in a last
group, since nothing says when they were written). Of each day, up to ``READ_PER_DAY`` articles
are read, the closest to the story of each outlet first, and their sentences are scored as the
briefing scores them (closeness to the story as a whole, the lead nudged up). A sentence that
makes the same statement as one an earlier day's articles made (``digests.same_statement``: the
same words, or vectors at least ``SAME_STATEMENT`` close with the same numbers) is not new and
never shown; among the others, up to ``EVENTS_PER_DAY`` are chosen by maximal marginal relevance,
each losing ``PAST`` times its closeness to the nearest earlier sentence (what a day merely
restates in other words is weaker news) and gaining ``SPREAD`` for an outlet not yet quoted that
day. A sentence several of the day's articles carry is quoted once, citing them all. Every quote
is made and verified by ``Sources``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from ..answer.citations import Citation
from ..answer.conflicts import outlet_of
from ..answer.quotes import Evidence, Quote, Sources
from ..store import ArticleRow
from ..text import match_key
from .digests import SAME_STATEMENT, Statement, same_statement, story_statements
from .selection import mmr
from .stories import Report, Story

READ_PER_DAY = 4  # articles of one day read for its events: its best, outlets first
EVENTS_PER_DAY = 2
REDUNDANCY = 0.5  # MMR weight of similarity to the day's events already chosen
PAST = 0.5  # weight of a sentence's closeness to what earlier days said
SPREAD = 0.1  # gained by a sentence of an outlet the day's events do not quote yet
NOTHING_NEW = "Nothing that earlier days had not said."


@dataclass
class TimelineDay:
    day: str | None  # YYYY-MM-DD; None for the undated reports
    events: list[Quote]
    outlets: list[str] = field(default_factory=list)  # every outlet reporting the story that day


@dataclass
class Timeline:
    story: str  # its title: the title of the report closest to it
    days: list[TimelineDay]
    sources: list[Citation]

    def to_dict(self) -> dict:
        """The ``timeline --json`` shape."""
        return {
            "story": self.story,
            "days": [
                {"day": d.day, "events": [{"text": q.text, "source": q.source} for q in d.events]}
                for d in self.days
            ],
            "sources": [c.to_dict() for c in self.sources],
        }


def compose_timeline(story: Story, evidence_of: Callable[[ArticleRow], Evidence]) -> Timeline:
    """The timeline of ``story``, reading each article's passages with ``evidence_of``."""
    centroid = story.centroid
    sources = Sources()
    said: list[Statement] = []
    days = []
    for day, reports in by_day(story.reports):
        statements = [
            (r.article, s)
            for r in story.representatives(READ_PER_DAY, reports)
            for s in story_statements(evidence_of(r.article), centroid)
        ]
        repeated = repeats([s for _, s in statements], said)
        new = [pair for pair, old in zip(statements, repeated, strict=True) if not old]
        quotes = []
        for article, statement in _events(new, said):
            carriers = [article, *(a for a, other in new if same_statement(statement, other))]
            if quote := sources.quote(statement.passage, statement.span, list(dict.fromkeys(carriers))):
                quotes.append(quote)
        outlets = sorted({r.article.outlet or "unknown outlet" for r in reports})
        days.append(TimelineDay(day, quotes, outlets))
        said += [s for _, s in statements]
    return Timeline(story.best.article.title, days, sources.cited(q for d in days for q in d.events))


def by_day(reports: Iterable[Report]) -> list[tuple[str | None, list[Report]]]:
    """``reports`` grouped by publication day, oldest first, the undated ones last."""
    days: dict[str | None, list[Report]] = {}
    for report in reports:
        published = report.article.published
        days.setdefault(published[:10] if published else None, []).append(report)
    return sorted(days.items(), key=lambda item: (item[0] is None, item[0] or ""))


def repeats(statements: list[Statement], said: list[Statement]) -> list[bool]:
    """For each of ``statements``, whether it makes a statement one of ``said`` made: only the
    pairs close enough to be the same are compared one by one (``same_statement``)."""
    if not said:
        return [False] * len(statements)
    keys = {match_key(s.text) for s in said}
    earlier = np.stack([s.vector for s in said])
    found = []
    for statement in statements:
        close = np.flatnonzero(earlier @ statement.vector >= SAME_STATEMENT)
        same = match_key(statement.text) in keys or any(same_statement(statement, said[i]) for i in close)
        found.append(same)
    return found


def _events(
    new: list[tuple[ArticleRow, Statement]], said: list[Statement]
) -> list[tuple[ArticleRow, Statement]]:
    """Up to ``EVENTS_PER_DAY`` of the day's new statements, in the order the day's articles give them."""
    if not new:
        return []
    matrix = np.stack([s.vector for _, s in new])
    relevance = np.array([s.score for _, s in new])
    if said:
        relevance -= PAST * (matrix @ np.stack([s.vector for s in said]).T).max(axis=1)
    outlets = np.array([outlet_of(a) for a, _ in new])
    picked = mmr(relevance, matrix @ matrix.T, EVENTS_PER_DAY, REDUNDANCY, SAME_STATEMENT, outlets, SPREAD)
    return [new[i] for i in sorted(picked)]
