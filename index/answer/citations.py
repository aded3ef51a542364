"""Numbered citations of articles: outlet, title, date and where the article lives."""

from dataclasses import asdict, dataclass
from datetime import date

from ..store import ArticleRow


@dataclass(frozen=True)
class Citation:
    n: int
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    path: str | None
    article_id: int

    def to_dict(self) -> dict:
        data = asdict(self)
        del data["article_id"]
        return data


def cite(n: int, article: ArticleRow) -> Citation:
    return Citation(
        n, article.title, article.outlet, article.published, article.url, article.path, article.id
    )


def human_date(iso: str | None) -> str | None:
    """A date as people write it, "8 December 2024" for "2024-12-08"; both edges show dates so."""
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10]).strftime("%-d %B %Y")
    except ValueError:
        return iso
