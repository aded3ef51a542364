"""Paragraphs to passages: one per paragraph, split at sentence boundaries when too long to embed."""

import re
from collections.abc import Callable, Iterator

from ..read.document import Document, PassageDraft
from ..text import sentence_spans

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_MIN_WORDS = 4

Span = tuple[int, int]


def split_passages(doc: Document, max_tokens: int, count_tokens: Callable[[str], int]) -> list[PassageDraft]:
    """Passages of a cleaned Document in article order, each a verbatim slice of one paragraph.

    A paragraph over ``max_tokens`` is cut between sentences; a single sentence over it is cut
    between words as a last resort (a single word over it stays whole). Headings are not passages:
    each passage carries the heading it sits under.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, not {max_tokens}")
    drafts: list[PassageDraft] = []
    heading = None
    for block in doc.blocks:
        if block.kind == "heading":
            heading = block.text
        elif worth_a_passage(block.text):
            for text, sentences in _pieces(block.text, max_tokens, count_tokens):
                drafts.append(PassageDraft(len(drafts), heading, text, sentences))
    return drafts


def worth_a_passage(text: str) -> bool:
    """Fragments (fewer than four words, no sentence end) are labels, not something to quote."""
    text = text.strip()
    return len(text.split()) >= _MIN_WORDS or bool(_SENTENCE_END.search(text))


def _pieces(
    paragraph: str, max_tokens: int, count_tokens: Callable[[str], int]
) -> Iterator[tuple[str, tuple[Span, ...]]]:
    """(text, sentence spans relative to that text) for each passage of one paragraph."""
    start = len(paragraph) - len(paragraph.lstrip())
    end = len(paragraph.rstrip())
    sentences = [span for span in sentence_spans(paragraph) if start <= span[0] and span[1] <= end]
    if not sentences:
        sentences = [(start, end)]
    if count_tokens(paragraph[start:end]) <= max_tokens:
        yield _slice(paragraph, start, end, sentences)
        return
    for group in _groups(paragraph, sentences, max_tokens, count_tokens):
        group_start, group_end = group[0][0], group[-1][1]
        if len(group) == 1 and count_tokens(paragraph[group_start:group_end]) > max_tokens:
            words = [match.span() for match in _WORD.finditer(paragraph, group_start, group_end)]
            for cut in _groups(paragraph, words, max_tokens, count_tokens):
                yield _slice(paragraph, cut[0][0], cut[-1][1], [(cut[0][0], cut[-1][1])])
        else:
            yield _slice(paragraph, group_start, group_end, group)


def _groups(
    text: str, spans: list[Span], max_tokens: int, count_tokens: Callable[[str], int]
) -> Iterator[list[Span]]:
    """Consecutive spans packed greedily while the text they cover stays within ``max_tokens``."""
    group: list[Span] = []
    for span in spans:
        if group and count_tokens(text[group[0][0] : span[1]]) > max_tokens:
            yield group
            group = []
        group.append(span)
    if group:
        yield group


def _slice(paragraph: str, start: int, end: int, sentences: list[Span]) -> tuple[str, tuple[Span, ...]]:
    return paragraph[start:end], tuple((s - start, e - start) for s, e in sentences)
