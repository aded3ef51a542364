"""The briefing: the day's top stories, each in a few verbatim sentences cited across its outlets.

Stories come ranked by independent reports, then recency (``stories.group``); the first
``MAX_STORIES`` are briefed, each from its ``READ`` articles that tell it best (the closest to the
story of each outlet first), however many reported it. Its highlights are ``HIGHLIGHTS`` sentences
of those articles chosen by maximal marginal relevance over their closeness to the story as a
whole (cosine to the mean of its articles' passage vectors), nudged towards each article's lead as
summaries are and towards outlets not quoted yet, then shown oldest article first; a sentence
several articles carry (the same statement, as digests compare them) is quoted once and cites them
all. When two outlets differ on a point (``differences``, as digests find them), the closest such
point is shown too. Every sentence is a quote made and verified by ``Sources``.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..answer.citations import Citation, human_date
from ..answer.conflicts import Candidate, outlet_of, pairs
from ..answer.quotes import Evidence, Quote, Sources
from ..answer.wording import article_words
from ..search import Period, terms
from ..store import ArticleRow
from .differences import Difference, quoted_differences
from .digests import SAME_STATEMENT, Statement, same_statement, story_statements
from .selection import mmr
from .stories import Story, reported

MAX_STORIES = 8
READ = 8  # articles of a story read for its highlights and differences: its best, outlets first
HIGHLIGHTS = 3
REDUNDANCY = 0.5  # MMR weight of similarity to the highlights already chosen
SPREAD = 0.1  # gained by a sentence of an outlet no highlight quotes yet: a story is told by all of them


@dataclass
class BriefStory:
    title: str
    independent: int
    first_day: str | None  # of its dated reports
    last_day: str | None
    highlights: list[Quote]
    differences: list[Difference]
    sources: list[Citation]
    undated: int = 0  # reports with no publication date

    @property
    def reported(self) -> str:
        """ "2 independent reports · 2024-12-07 to 2024-12-08 · 1 undated"."""
        return reported(self.independent, self.first_day, self.last_day, undated=self.undated)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "independent_sources": self.independent,
            "first_day": self.first_day,
            "last_day": self.last_day,
            "undated_reports": self.undated,
            "highlights": [
                {"text": q.text, "source": q.source, "also_in": q.also_in} for q in self.highlights
            ],
            "differences": [d.to_dict() for d in self.differences],
            "sources": [c.to_dict() for c in self.sources],
        }


@dataclass
class Briefing:
    since: Period
    stories: list[BriefStory]

    @property
    def title(self) -> str:
        return f"Briefing: the top stories {_within(period_words(self.since), 'of')}"

    @property
    def nothing_new(self) -> str:
        return f"Nothing new {_within(period_words(self.since), 'in')}."

    def to_dict(self) -> dict:
        """The ``briefing --json`` shape."""
        return {"since": str(self.since), "stories": [s.to_dict() for s in self.stories]}


def compose_briefing(
    since: Period,
    stories: list[Story],
    evidence_of: Callable[[ArticleRow], Evidence],
    topics: Sequence[str] = (),
) -> Briefing:
    """The briefing of ``stories`` (ranked), reading each article's passages with ``evidence_of``;
    with ``topics``, only stories one of whose articles names one of them."""
    wanted = [words for words in (frozenset(terms(t)) for t in topics) if words]
    briefed: list[BriefStory] = []
    for story in stories:
        if len(briefed) == MAX_STORIES:
            break
        evidence = [evidence_of(r.article) for r in story.representatives(READ)]
        if wanted and not any(_names(e, wanted) for e in evidence):
            continue
        if (one := brief(story, evidence)).highlights:
            briefed.append(one)
    return Briefing(since, briefed)


def _names(evidence: Evidence, topics: list[frozenset[str]]) -> bool:
    """Whether the article's title and text hold every word of one of ``topics`` (as ``terms``)."""
    words = set(terms(" ".join([evidence.article.title, *(p.text for p in evidence.passages)])))
    return any(topic <= words for topic in topics)


def brief(story: Story, evidence: list[Evidence]) -> BriefStory:
    """One story: its best article's title, highlights across its articles, one difference.

    The difference is found before the highlights are quoted, so that a highlight it quotes again
    is left out (unless it is the only one) and the citations are numbered as they appear."""
    centroid = story.centroid
    per_article = [(e, story_statements(e, centroid)) for e in evidence]
    statements = [(e.article, s) for e, found in per_article for s in found]
    chosen = _highlights(statements)
    candidates = []
    for e, found in per_article:
        words = article_words(p.text for p in e.passages)
        candidates += [Candidate(e.article, s, words) for s in found]
    close = pairs(candidates, same_statement) if chosen else []
    trial = quoted_differences(close, Sources())[:1]
    repeated = {(q.passage_id, q.start) for d in trial for q in d.quotes}
    chosen = [(a, s) for a, s in chosen if (s.passage.id, s.span[0]) not in repeated] or chosen
    sources = Sources()
    highlights = []
    for article, statement in chosen:
        carriers = [article, *(a for a, other in statements if same_statement(statement, other))]
        if quote := sources.quote(statement.passage, statement.span, list(dict.fromkeys(carriers))):
            highlights.append(quote)
    differences = quoted_differences(close, sources)[:1] if highlights else []
    quoted = highlights + [q for d in differences for q in d.quotes]
    return BriefStory(
        story.best.article.title,
        story.independent,
        *story.dates,
        highlights,
        differences,
        sources.cited(quoted),
        story.undated,
    )


def _highlights(statements: list[tuple[ArticleRow, Statement]]) -> list[tuple[ArticleRow, Statement]]:
    """The ``HIGHLIGHTS`` statements to quote, oldest article first, undated ones last."""
    if not statements:
        return []
    matrix = np.stack([s.vector for _, s in statements])
    scores = np.array([s.score for _, s in statements])
    outlets = np.array([outlet_of(a) for a, _ in statements])
    picked = mmr(scores, matrix @ matrix.T, HIGHLIGHTS, REDUNDANCY, SAME_STATEMENT, outlets, SPREAD)
    return [statements[i] for i in sorted(picked, key=lambda i: (_published(statements[i][0]), i))]


def _published(article: ArticleRow) -> tuple[bool, str]:
    """To sort articles oldest first, the undated after every dated one."""
    return article.published is None, article.published or ""


def _within(when: str, preposition: str) -> str:
    """A period starting "since" as it is, "the last …" after ``preposition`` ("of the last 24 hours")."""
    return when if when.startswith("since") else f"{preposition} {when}"


def period_words(since: Period) -> str:
    """``since`` as people say it: "the last 24 hours", "the last 7 days", "since 3 February 2025"."""
    if since.start is not None:
        return f"since {human_date(since.start.isoformat())}"
    count, unit = (since.hours, "hour") if since.hours is not None else (since.days, "day")
    return f"the last {count} {unit}{'s' if count != 1 else ''}"
