"""Plain text (.txt) and Markdown (.md) articles, with optional YAML front matter."""

from dataclasses import dataclass
from pathlib import Path

import frontmatter
from frontmatter.default_handlers import YAMLHandler
from yaml import YAMLError

from ..errors import SourceError
from .dates import iso_date
from .document import Document
from .markdown import markdown_blocks
from .page import take_page_metadata, text_blocks
from .raw import content_hash, read_text

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


@dataclass(frozen=True)
class FrontMatter:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None


def read_plain(path: Path, url: str | None = None) -> Document:
    """A Document from a .txt or .md file; front matter wins over what the page itself shows."""
    data, text = read_text(path)
    meta, body = split_front_matter(path, text)
    blocks = markdown_blocks(body) if path.suffix.lower() in MARKDOWN_SUFFIXES else text_blocks(body)
    blocks, page = take_page_metadata(blocks, find_title=meta.title is None)
    if not blocks:
        raise SourceError(str(path), "no article text found")
    return Document(
        source=str(path),
        content_hash=content_hash(data),
        title=meta.title or page.title or path.stem,
        blocks=blocks,
        outlet=meta.outlet or page.outlet,
        published=meta.published or page.published,
        url=meta.url or url,
        path=str(path),
    )


def split_front_matter(path: Path, text: str) -> tuple[FrontMatter, str]:
    """The front matter's known keys, and the text after it (a substring of ``text``)."""
    if not text.lstrip().startswith("---"):
        return FrontMatter(), text
    try:
        values, body = frontmatter.parse(text, handler=YAMLHandler())
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (front matter line {mark.line + 1})" if mark is not None else ""
        raise SourceError(str(path), f"the front matter is not valid YAML{where}") from None
    published = values.get("published")
    day = iso_date(published)
    if published not in (None, "") and day is None:
        raise SourceError(str(path), f"front matter 'published' is not a date: {published!r}")
    return FrontMatter(
        title=_string(values.get("title")),
        outlet=_string(values.get("outlet")),
        url=_string(values.get("url")),
        published=day,
    ), body


def _string(value: object) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None
