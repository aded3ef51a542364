"""Article text made safe to show in Discord, and the short strings built from it."""

import re
from collections.abc import Sequence

from discord.utils import escape_markdown, escape_mentions

from index import ArticleRow, Citation, human_date

MAX_TITLE = 200
MAX_URL = 400
# escape_mentions only knows snowflake-length ids; Discord parses any digits as a mention target.
_ANY_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")


def escape(text: str) -> str:
    """``text`` shown literally: no markdown, no @everyone/@here, user, role or channel mentions."""
    text = escape_mentions(escape_markdown(text))
    return _ANY_MENTION.sub(lambda m: f"<{m[1]}\u200b{m[2]}>", text)


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def marks(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def source_line(source: Citation | ArticleRow, label: str) -> str:
    """```label` **Title** · Outlet · 8 December 2024``, the title linked to the article when it has a
    URL; the label is a citation's ``[1]`` or an article's ``#12``."""
    title = escape(shorten(source.title, MAX_TITLE))
    url = source.url or ""
    linked = url.startswith(("http://", "https://")) and len(url) <= MAX_URL
    parts = [
        f"[{title}]({url.replace(')', '%29')})" if linked else f"**{title}**",
        escape(source.outlet or ""),
        human_date(source.published) or "undated",
    ]
    return f"`{label}` " + " · ".join(part for part in parts if part)


def when(iso: str) -> str:
    """A stored UTC time as people write it, to the minute: "8 December 2024, 14:05 UTC"."""
    return f"{human_date(iso)}, {iso[11:16]} UTC" if len(iso) >= 16 else human_date(iso) or iso


def url_code(url: str) -> str:
    """``url`` as an inline code span, to copy as typed (into /feeds remove, say)."""
    return f"`{shorten(url.replace('`', '%60'), MAX_URL)}`"


def quote_block(text: str, numbers: list[int], bold: Sequence[tuple[int, int]] = ()) -> str:
    """A verbatim quote as a Discord block quote, followed by its citation numbers; the spans
    ``bold`` (offsets into ``text``: the answering words) in bold."""
    pieces, at = [], 0
    for start, end in sorted(bold):
        pieces += [escape(text[at:start]), f"**{escape(text[start:end])}**"]
        at = end
    pieces.append(escape(text[at:]))
    return f"> {' '.join(''.join(pieces).split())} {marks(numbers)}"
