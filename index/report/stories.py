"""Stories: the articles that report one event, from one outlet or several, within a few days.

An article is read as the mean of its passage vectors (already in the embedding cache: no model
pass) with its day and its sentences. Articles are taken oldest first; each joins the story whose
mean vector is closest to its own, if that is at least ``SAME_STORY`` and the story's latest
report is at most ``DAYS_APART`` days away, and otherwise starts a story. A story moving on over
a week stays one story as long as each day's reports are close to what came before.

An undated article (no publication date: the day it was ingested says nothing of the event) has
no day: it is neither today's news nor old news. Once the dated articles are grouped, each
undated one joins the story closest to it (at least ``SAME_STORY``), whatever that story's days,
and otherwise starts one of its own. It counts as the independent report it is and is shown as
undated. A story of undated articles only is not listed among the recent ones (``recent_stories``):
nothing says it is recent, and an undated page alone would otherwise make every briefing.

Copies of one agency story are one report however many outlets carry them: two articles are
copies when at least ``COPY_SHARE`` of the shorter one's sentences are the other's too (same
words, ``match_key``). ``Story.independent`` counts the reports after folding copies.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from ..search import Period
from ..store import ArticleRow, Store
from ..text import match_key

SAME_STORY = 0.55
DAYS_APART = 3
COPY_SHARE = 0.5


@dataclass(frozen=True)
class Report:
    """An article as stories read it: its day (``date.toordinal``; None when undated), unit vector
    and sentences."""

    article: ArticleRow
    day: int | None
    vector: np.ndarray
    sentences: frozenset[str]

    @staticmethod
    def of(
        article: ArticleRow, day: int | None, passage_vectors: np.ndarray, sentences: Iterable[str]
    ) -> "Report":
        mean = passage_vectors.mean(axis=0)
        return Report(article, day, mean / max(float(np.linalg.norm(mean)), 1e-12), _keys(sentences))


ReportsOf = Callable[[Iterable[ArticleRow]], Iterator[Report]]  # articles read as stories read them


@dataclass
class Story:
    reports: list[Report] = field(default_factory=list)
    _total: np.ndarray | None = None

    @property
    def centroid(self) -> np.ndarray:
        assert self._total is not None
        return self._total / max(float(np.linalg.norm(self._total)), 1e-12)

    @property
    def first_day(self) -> int | None:
        """The first day of its dated reports (None: it has none)."""
        return min((r.day for r in self.reports if r.day is not None), default=None)

    @property
    def last_day(self) -> int | None:
        """The last day of its dated reports (None: it has none)."""
        return max((r.day for r in self.reports if r.day is not None), default=None)

    @property
    def dates(self) -> tuple[str | None, str | None]:
        """The first and last day reported, as ISO dates (None: no report is dated)."""
        days = sorted(r.article.published[:10] for r in self.reports if r.article.published)
        return (days[0], days[-1]) if days else (None, None)

    @property
    def undated(self) -> int:
        """Reports with no publication date."""
        return sum(r.day is None for r in self.reports)

    @property
    def reported(self) -> str:
        """ "2 independent reports · Outlet A, Outlet B · 2024-12-07 to 2024-12-08 · 1 undated"."""
        return reported(self.independent, *self.dates, self.outlets, self.undated)

    @property
    def best(self) -> Report:
        """The report closest to the story as a whole (the newest of equals): the one to title it by."""
        centroid = self.centroid
        return max(
            self.reports, key=lambda r: (round(float(r.vector @ centroid), 6), _newer(r), r.article.id)
        )

    def representatives(self, count: int, among: Iterable[Report] | None = None) -> list[Report]:
        """Up to ``count`` reports (of ``among``, by default all) that tell the story best: the
        closest of each outlet to the story as a whole first, then the next closest."""
        centroid = self.centroid
        ranked = sorted(
            self.reports if among is None else among,
            key=lambda r: (-float(r.vector @ centroid), -_newer(r), r.article.id),
        )
        seen: set[str | None] = set()
        firsts, others = [], []
        for report in ranked:
            (others if report.article.outlet in seen else firsts).append(report)
            seen.add(report.article.outlet)
        return (firsts + others)[:count]

    @property
    def outlets(self) -> list[str]:
        return sorted({r.article.outlet or "unknown outlet" for r in self.reports})

    @cached_property
    def independent(self) -> int:
        """Reports, copies of one text counted once (read once the story is grouped)."""
        return len(copies(self.reports))

    def add(self, report: Report) -> None:
        self.reports.append(report)
        self._total = report.vector.copy() if self._total is None else self._total + report.vector


def reported(
    independent: int, first: str | None, last: str | None, outlets: Iterable[str] = (), undated: int = 0
) -> str:
    """How much and when a story was reported, as the command line and the bot say it."""
    reports = "report" if independent == 1 else "reports"
    days = [] if first is None else [first if first == last else f"{first} to {last}"]
    return " · ".join(
        [
            f"{independent} independent {reports}",
            *([", ".join(outlets)] if outlets else []),
            *days,
            *([f"{undated} undated"] if undated else []),
        ]
    )


def group(
    reports: Iterable[Report], same_story: float = SAME_STORY, followed: Iterable[Report] = ()
) -> list[Story]:
    """The stories of ``reports``, most independent reports first, then the newest: the dated
    reports oldest first, each within ``DAYS_APART`` of its story's latest; then each undated one
    into the closest story, whatever its days. ``followed``: the reports of a story followed, one
    story from the start, which the others join by the same test whatever its days, since its
    news may come after a longer pause (``follows``)."""
    seed = Story()
    for report in followed:
        seed.add(report)
    stories = [seed] if seed.reports else []
    for report in sorted(reports, key=lambda r: (r.day is None, r.day or 0, r.article.id)):
        if report.day is None:
            near = stories
        else:
            day = report.day
            near = [
                s
                for s in stories
                if s is seed or ((last := s.last_day) is not None and day - last <= DAYS_APART)
            ]
        scores = [float(report.vector @ s.centroid) for s in near]
        if scores and max(scores) >= same_story:
            near[int(np.argmax(scores))].add(report)
        else:
            story = Story()
            story.add(report)
            stories.append(story)
    return sorted(stories, key=lambda s: (-s.independent, -(s.last_day or 0), s.reports[0].article.id))


def copies(reports: list[Report]) -> list[list[Report]]:
    """``reports`` in groups of copies of one text (union of every pair that shares enough)."""
    parent = list(range(len(reports)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(reports):
        for j in range(i + 1, len(reports)):
            if same_text(first, reports[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[Report]] = {}
    for i, report in enumerate(reports):
        groups.setdefault(root(i), []).append(report)
    return list(groups.values())


def same_text(first: Report, second: Report) -> bool:
    shorter = min(len(first.sentences), len(second.sentences))
    return bool(shorter) and len(first.sentences & second.sentences) >= COPY_SHARE * shorter


def recent_stories(
    store: Store, model: str, articles: Iterable[ArticleRow], since: Period, today: date
) -> list[Story]:
    """The stories of ``articles`` reported since ``since`` as of ``today``, with the articles of
    the days before that they continue and the undated articles that belong to them; a story of
    undated articles only is left out (see the module's docstring)."""
    first = since.first_day(today).toordinal()
    window = [
        a for a in articles if (day := day_of(a)) is None or first - DAYS_APART <= day <= today.toordinal()
    ]
    return [s for s in group(read_reports(store, model, window)) if (s.last_day or 0) >= first]


def story_of(anchor: ArticleRow, articles: Iterable[ArticleRow], reports_of: ReportsOf) -> Story | None:
    """The story ``anchor`` belongs to, grouped with ``articles`` (read as stories by ``reports_of``);
    None when the anchor cannot be read (its passages have no vectors of the model)."""
    found = {a.id: a for a in [anchor, *articles]}
    stories = group(reports_of(found.values()))
    return next((s for s in stories if any(r.article.id == anchor.id for r in s.reports)), None)


def read_reports(store: Store, model: str, articles: Iterable[ArticleRow]) -> Iterator[Report]:
    """The articles as stories read them, from the store and the embedding cache of ``model``."""
    for article in articles:
        passages = store.article_passages(article.id)
        cached = store.embeddings.passage_vectors(model, [p.embed_hash for p in passages])
        if not passages or len(cached) < len({p.embed_hash for p in passages}):
            continue
        vectors = np.stack([cached[p.embed_hash] for p in passages])
        sentences = [p.text[start:end] for p in passages for start, end in p.sentences]
        yield Report.of(article, day_of(article), vectors, sentences)


def day_of(article: ArticleRow) -> int | None:
    """The article's day (``date.toordinal``), None when it is undated."""
    return date.fromisoformat(article.published[:10]).toordinal() if article.published else None


def _newer(report: Report) -> int:
    """The report's day to rank the newer of equals by; an undated one as the oldest."""
    return report.day if report.day is not None else -1


def _keys(sentences: Iterable[str]) -> frozenset[str]:
    return frozenset(key for key in map(match_key, sentences) if len(key.split()) >= 4)
