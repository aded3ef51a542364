"""Typography folding and sentence boundaries, shared by every step that compares text.

Stored text is always kept verbatim; only the copies used for matching are folded. Folding maps
one character to one character, so offsets into a folded text are offsets into the original.
"""

import hashlib
import re

from sentencex import get_sentence_boundaries

_FOLD = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u00ad": "-",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
    }
)  # fmt: skip
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Map typographic dashes, quotes and spaces to their ASCII forms, character for character."""
    return text.translate(_FOLD)


def match_key(text: str) -> str:
    """A key under which two renderings of the same sentence or paragraph compare equal."""
    return _SPACES.sub(" ", fold(text)).strip().casefold()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, trimmed of surrounding white space."""
    spans = []
    for boundary in get_sentence_boundaries("en", fold(text)):
        start, end = boundary["start_index"], boundary["end_index"]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
