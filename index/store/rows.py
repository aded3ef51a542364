"""The store's rows as the rest of newsbot reads them: articles and passages."""

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleRow:
    id: int
    source: str
    content_hash: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    path: str | None
    ingested_at: str
    passages: int = 0


@dataclass(frozen=True)
class PassageRow:
    id: int
    article_id: int
    position: int
    heading: str | None
    text: str
    sentences: list[tuple[int, int]]
    embed_hash: str


ARTICLE_COLUMNS = (
    "a.id, a.source, a.content_hash, a.title, a.outlet, a.published, a.url, a.path, a.ingested_at"
)
PASSAGE_COLUMNS = "p.id, p.article_id, p.position, p.heading, p.text, p.sentences, p.embed_hash"


def passage_row(row: tuple) -> PassageRow:
    """A passage from a row of ``PASSAGE_COLUMNS`` (its sentence spans are stored as JSON)."""
    return PassageRow(*row[:5], [tuple(s) for s in json.loads(row[5])], row[6])
