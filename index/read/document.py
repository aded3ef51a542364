"""What a reader makes of a source: a Document of heading and paragraph blocks, with metadata."""

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Block:
    """One heading or paragraph, its text exactly as the source has it (list markers stripped)."""

    kind: Literal["heading", "paragraph"]
    text: str


@dataclass
class Document:
    """An article as read from one file or URL, before it is split into passages."""

    source: str  # identity: absolute path or URL
    content_hash: str  # sha256 of the raw bytes
    title: str
    blocks: list[Block] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class PassageDraft:
    """A passage about to be stored: verbatim text, the heading it sits under, sentence spans."""

    position: int
    heading: str | None
    text: str
    sentences: tuple[tuple[int, int], ...]
