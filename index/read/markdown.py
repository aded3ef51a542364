"""Markdown to blocks: ``#`` and underlined headings, paragraphs, list items, block quotes.

Block text is sliced from the source, so it stays a verbatim substring of the file; inline markup
(emphasis, links) is kept as written rather than rewritten into text that is not in the file.
"""

import re

from .document import Block

_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\S)")
_QUOTE = re.compile(r"[ \t]*>[ \t]?(?=\S)")
_IMAGE_ONLY = re.compile(r"[ \t]*!\[[^\]]*\]\([^)]*\)[ \t]*")


def markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    span: list[int] | None = None  # [start, end] of the paragraph being read
    fence: str | None = None

    def close() -> None:
        nonlocal span
        if span is not None:
            blocks.append(Block("paragraph", text[span[0] : span[1]]))
            span = None

    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        line = line.rstrip("\r\n")
        end = start + len(line.rstrip())
        if fence is not None:
            fence = None if line.strip().startswith(fence) else fence
            continue
        if opening := _FENCE.match(line):
            close()
            fence = opening.group(1)
        elif not line.strip() or _IMAGE_ONLY.fullmatch(line):
            close()
        elif span is not None and _SETEXT.fullmatch(line) and "\n" not in text[span[0] : span[1]]:
            blocks.append(Block("heading", text[span[0] : span[1]]))
            span = None
        elif _RULE.fullmatch(line):
            close()
        elif heading := _ATX.fullmatch(line):
            close()
            if heading["text"]:
                blocks.append(Block("heading", heading["text"]))
        elif marker := (_ITEM.match(line) or _QUOTE.match(line)):
            close()
            span = [start + marker.end(), end]
        elif span is not None:
            span[1] = end
        else:
            span = [start + len(line) - len(line.lstrip()), end]
    close()
    return blocks
