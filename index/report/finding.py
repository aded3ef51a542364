"""Which story a timeline is asked about: an article's (by its id or title words, as ``summary``
takes them), else a topic's: the first article a digest's search finds that is on the topic. The
story is grouped from the articles a search for that article or topic finds (``stories.story_of``),
so finding it reads a few dozen articles, not the whole index. While a story is being typed in
Discord, the recent stories are offered (``StoryChoices``)."""

from collections.abc import Callable
from datetime import date

import numpy as np

from ..answer.quotes import Evidence
from ..errors import IndexNotReady, NotFound
from ..search import Period
from ..store import ArticleRow, article_id, find_article, typed_titles
from .digests import on_topic
from .stories import ReportsOf, Story, story_of

CHOICE_DAYS = 7  # the days of news whose stories are offered while a story is being typed

# a search: the text and its unit vector -> the articles found, best first
Search = Callable[[str, np.ndarray], list[ArticleRow]]


def find_story(
    reference: str,
    articles: list[ArticleRow],
    search: Search,
    encode: Callable[[str], np.ndarray],
    evidence_of: Callable[[ArticleRow], Evidence],
    reports_of: ReportsOf,
) -> Story:
    """The story ``reference`` (as ``store.story_reference`` parsed it) names among ``articles``.

    NotFound for an id no article has, or a topic no article is on; IndexNotReady when the article
    found was indexed with another model."""
    try:
        anchor = find_article(articles, reference)
        found = search(anchor.title, evidence_of(anchor).mean_vector())
    except NotFound:
        if article_id(reference) is not None:
            raise
        query = encode(reference)
        found = search(reference, query)
        anchor = next((a for a in found if on_topic(reference, query, evidence_of(a))), None)
        if anchor is None:
            raise NotFound(f"no indexed story matches {reference!r}", remedy="sources") from None
    story = story_of(anchor, found, reports_of)
    if story is None:
        raise IndexNotReady("this article was indexed with another model", remedy="reindex")
    return story


class StoryChoices:
    """The stories offered while a timeline's story is being typed: those of the ``CHOICE_DAYS``
    days up to the newest dated article seen (so an index of past news offers its last stories),
    grouped again only when what they are grouped from changes, since autocomplete asks at every
    key typed and grouping reads every article of those days."""

    def __init__(self) -> None:
        self._made: tuple[object, list[Story]] = (None, [])  # what they were grouped from, and them

    def matching(
        self,
        typed: str,
        limit: int,
        seen: object,
        articles: Callable[[], list[ArticleRow]],
        stories: Callable[[Period, date], list[Story]],
    ) -> list[Story]:
        """Up to ``limit`` stories with an article whose title or outlet holds every word ``typed``;
        ``seen`` names what they are grouped from (the index and what the reader sees),
        ``stories(since, as_of)`` groups them from ``articles()``."""
        if self._made[0] != seen:
            newest = max((a.published[:10] for a in articles() if a.published), default=None)
            made = stories(Period(days=CHOICE_DAYS), date.fromisoformat(newest)) if newest else []
            self._made = (seen, made)
        return [s for s in self._made[1] if typed_titles([r.article for r in s.reports], typed, 1)][:limit]
