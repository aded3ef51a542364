"""Which story a timeline is asked about: an article's (by its id or title words, as ``summary``
takes them), else a topic's: the first article a digest's search finds that is on the topic. The
story is grouped from the articles a search for that article or topic finds (``stories.story_of``),
so finding it reads a few dozen articles, not the whole index."""

from collections.abc import Callable

import numpy as np

from ..answer.quotes import Evidence
from ..errors import IndexNotReady, NotFound
from ..store import ArticleRow, article_id, find_article
from .digests import on_topic
from .stories import ReportsOf, Story, story_of

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
