"""Plain-text pages: one block per line, and the metadata a scraped page shows in its first lines."""

import re
from dataclasses import dataclass

from .clean import is_boilerplate
from .dates import iso_date
from .document import Block

# A list or bullet marker in front of a line's text: "- ", "* ", "• ", "1. ", "2) ".
_MARKER = re.compile(r"(?:[-*+\u2022\u25e6\u25aa\u2023\u00b7\u2013\u2014]|\d{1,3}[.)])\s+")
_LOGO = re.compile(r"(?P<name>\S.{0,80}?)\s+logo", re.IGNORECASE)
_PUBLISHED = re.compile(
    r"(?:first\s+)?(?:published|posted)(?:\s+on)?\s*[:\-\u2013\u2014]?\s*(?P<date>\S.*)", re.IGNORECASE
)
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a"
_NOT_HEADING_ENDINGS = ".!?;,\u2026"
# How far down the page the title, outlet and date are looked for: they sit above the story.
_TITLE_LINES = 8
_LOGO_LINES = 3


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


def looks_like_heading(text: str) -> bool:
    """Short, not a sentence (no final . ! ? ; , …) and not a quotation."""
    words = text.split()
    if not words or len(words) > 20 or len(text) > 150:
        return False
    if not any(char.isalpha() for char in text):
        return False
    if text[0] in _QUOTES or text[-1] in _QUOTES:
        return False
    return text[-1] not in _NOT_HEADING_ENDINGS


def strip_marker(line: str) -> str:
    """The line without indentation, trailing space and a leading list marker (still a substring)."""
    line = line.strip()
    marker = _MARKER.match(line)
    return line[marker.end() :] if marker else line


def text_blocks(text: str) -> list[Block]:
    """One block per non-blank line; short unpunctuated lines are headings."""
    blocks = []
    for line in text.splitlines():
        content = strip_marker(line)
        if content:
            blocks.append(Block("heading" if looks_like_heading(content) else "paragraph", content))
    return blocks


def take_page_metadata(blocks: list[Block], find_title: bool = True) -> tuple[list[Block], PageMetadata]:
    """Outlet ("<Name> Logo"), publication date ("Published …") and title from the top of a page.

    The lines used are removed from the blocks. A bare dateline ("Sunday 22/02/2026") and an
    "Updated …" line are not the publication date; they stay, for ``clean`` to drop as chrome.
    """
    used: set[int] = set()
    outlet = published = title = None
    for index, block in enumerate(blocks[:_TITLE_LINES]):
        text = block.text
        logo = _LOGO.fullmatch(text)
        stamp = _PUBLISHED.fullmatch(text)
        if outlet is None and index < _LOGO_LINES and logo:
            outlet = logo["name"]
            used.add(index)
        elif published is None and stamp and (day := iso_date(stamp["date"])):
            published = day
            used.add(index)
        elif find_title and title is None and block.kind == "heading" and not is_boilerplate(text):
            title = text
            used.add(index)
    kept = [block for index, block in enumerate(blocks) if index not in used]
    return kept, PageMetadata(title=title, outlet=outlet, published=published)
