"""Following a story: what it newly reports since the last update, quoted and cited.

A followed story is known by the ids of its articles already reported (``Followed.articles``),
not by a title or a number that the next grouping would change. To update it, the articles a
search for its newest known article finds (its title and mean vector, as a timeline's story is
found) are grouped around the known ones (``stories.group`` with ``followed``): the known articles
are one story from the start, and another article joins it by the test stories group by (the
closest story, at least ``SAME_STORY``) whatever its days, since news of a followed story may come
after a pause longer than the days stories are grouped over. So a story moving on is still
followed, other stories among the articles found keep theirs, and a known article the reader no
longer sees (retention, a hidden outlet, another server's) simply stops counting.

Its articles not yet reported are the news. Their sentences are scored as a timeline scores a
day's (``digests.story_statements``: closeness to the story, the lead nudged up); a sentence making
a statement the known articles made (``timeline.repeats``, the digests' same-statement test) is
not new and never sent; of the others, up to ``NEW_FACTS`` are chosen, each statement once (citing
every new article carrying it), shown in the order the articles are dated. No new article, or no
new sentence, is an update with no facts: nothing is sent. When a story is first followed, the
reports of its latest day are the news, against the days before (its latest facts).
"""

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ..answer.citations import Citation
from ..answer.quotes import Evidence, Quote, Sources
from ..errors import NotFound
from ..store import ArticleRow, Scope, Store
from .digests import Statement, same_statement, story_statements
from .finding import find_story
from .stories import Report, Story, group, read_reports
from .timeline import READ_PER_DAY, repeats

NEW_FACTS = 4  # new sentences sent in one update, at most

# a search for a scope: the text, its unit vector -> the articles found, best first
ScopedSearch = Callable[[str, np.ndarray, Scope], list[ArticleRow]]


@dataclass(frozen=True)
class Followed:
    """A story followed: its title when last reported and the ids of its articles reported."""

    title: str
    articles: tuple[int, ...]

    def to_dict(self) -> dict:
        """As ``follow --list --json`` lists it."""
        return {"story": self.title, "articles": list(self.articles)}


@dataclass
class StoryUpdate:
    """What a followed story newly reports: its new facts (none: nothing to send), and the follow
    as it is once this update is sent."""

    story: str  # its title now
    facts: list[Quote]
    sources: list[Citation]
    followed: Followed

    def to_dict(self, first: bool = False) -> dict:
        """The ``follow --json`` shape; ``first``: the story was newly followed, and its facts are
        its latest. A fact carried by several new articles cites them all (``also_in``)."""
        return {
            "story": self.story,
            "newly_followed": first,
            "facts": [{"text": q.text, "source": q.source, "also_in": q.also_in} for q in self.facts],
            "sources": [c.to_dict() for c in self.sources],
        }


class Follows:
    """Finds stories and their updates for a scope, from the store, the vectors of ``model``,
    ``search`` and the question encoder ``encode``; ``evidence_of`` reads one article."""

    def __init__(
        self,
        store: Store,
        model: str,
        search: ScopedSearch,
        encode: Callable[[str], np.ndarray],
        evidence_of: Callable[[ArticleRow], Evidence],
    ) -> None:
        self.store, self.model, self.search = store, model, search
        self.encode, self.evidence_of = encode, evidence_of

    def find(self, reference: str, scope: Scope) -> Story:
        """The story ``reference`` (parsed by ``store.story_reference``) names (``finding.find_story``)."""
        search = functools.partial(self.search, scope=scope)
        reports = functools.partial(read_reports, self.store, self.model)
        found = self.store.articles(scope)
        return find_story(reference, found, search, self.encode, self.evidence_of, reports)

    def follow(self, story: Story) -> StoryUpdate:
        """``story`` (as ``find`` found it) newly followed: its latest day's facts against the days
        before (all of it when it has no dated report)."""
        last = story.last_day
        known = [r for r in story.reports if last is not None and r.day is not None and r.day < last]
        return self._news(story, {r.article.id for r in known})

    def update(self, followed: Followed, scope: Scope) -> StoryUpdate:
        """What ``followed`` newly reports as ``scope`` sees it; NotFound when none of its
        articles is seen any more."""
        seen = self.store.articles(scope)
        known = [a for a in seen if a.id in set(followed.articles)]
        if not known:
            raise NotFound(f"the story {followed.title!r} is no longer indexed", remedy="sources")
        newest = max(known, key=lambda a: (a.published or "", a.id))
        found = self.search(newest.title, self.evidence_of(newest).mean_vector(), scope)
        ids = set(followed.articles)
        articles = {a.id: a for a in [*known, *found]}
        reports = list(read_reports(self.store, self.model, articles.values()))
        mine = [r for r in reports if r.article.id in ids]
        if not mine:
            raise NotFound(f"the story {followed.title!r} is no longer indexed", remedy="sources")
        stories = group([r for r in reports if r.article.id not in ids], followed=mine)
        return self._news(next(s for s in stories if s.reports[0] is mine[0]), ids)

    def which(
        self, story: Story, follows: Mapping[int, Followed], scope: Scope
    ) -> tuple[int, StoryUpdate] | None:
        """Which of ``follows`` (by their keys) ``story`` is, with its update: the one holding most
        of its articles, else one whose update takes one of them in (news after a long pause, which
        ``find`` groups apart from the known articles); None when it is none of them."""
        ids = {r.article.id for r in story.reports}
        for key in sorted(follows, key=lambda k: -len(ids & set(follows[k].articles))):
            try:
                update = self.update(follows[key], scope)
            except NotFound:
                continue
            if ids & set(update.followed.articles):
                return key, update
        return None

    def _news(self, story: Story, known: set[int]) -> StoryUpdate:
        """The facts of ``story``'s reports not in ``known`` that its ``known`` ones did not state."""
        centroid = story.centroid
        old = [r for r in story.reports if r.article.id in known]
        new = sorted(
            (r for r in story.reports if r.article.id not in known),
            key=lambda r: (r.day is None, r.day or 0, r.article.id),
        )
        said = [s for r in old for s in story_statements(self.evidence_of(r.article), centroid)]
        fresh: list[tuple[ArticleRow, Statement]] = []
        for report in _readable(story, new):
            statements = story_statements(self.evidence_of(report.article), centroid)
            repeated = repeats(statements, said)
            fresh += [(report.article, s) for s, again in zip(statements, repeated, strict=True) if not again]
        sources = Sources()
        facts = []
        for article, statement in _chosen(fresh):
            carriers = [article, *(a for a, other in fresh if same_statement(statement, other))]
            if quote := sources.quote(statement.passage, statement.span, list(dict.fromkeys(carriers))):
                facts.append(quote)
        followed = Followed(story.best.article.title, tuple(sorted(r.article.id for r in story.reports)))
        return StoryUpdate(followed.title, facts, sources.cited(facts), followed)


def _readable(story: Story, new: list[Report]) -> list[Report]:
    """The new reports read for facts: of each day, the ``READ_PER_DAY`` that tell it best."""
    days: dict[int | None, list[Report]] = {}
    for report in new:
        days.setdefault(report.day, []).append(report)
    return [r for reports in days.values() for r in story.representatives(READ_PER_DAY, reports)]


def _chosen(fresh: list[tuple[ArticleRow, Statement]]) -> list[tuple[ArticleRow, Statement]]:
    """Up to ``NEW_FACTS`` of the new statements, best first, each statement once; then in the
    order they were read (the articles' days, each article's own order)."""
    picked: list[int] = []
    for i in sorted(range(len(fresh)), key=lambda i: -fresh[i][1].score):
        if len(picked) == NEW_FACTS:
            break
        if not any(same_statement(fresh[i][1], fresh[j][1]) for j in picked):
            picked.append(i)
    return [fresh[i] for i in sorted(picked)]
