"""Question and passage read together: the token windows the reader sees, in training and in use.

A window is ``[CLS] question [SEP] part of one passage [SEP]``, at most ``MAX_TOKENS`` long; a
passage longer than one window is read in windows that overlap by ``OVERLAP`` tokens, so an answer
cut by one window's edge is whole in the next. A question longer than ``QUESTION_TOKENS`` keeps its
end, where quiz-style questions put what they ask ("… Where was the event?"). Training and
answering build windows with this one module, so the model reads in use what it learned on.
"""

from dataclasses import dataclass

import numpy as np
from tokenizers import Tokenizer

MAX_TOKENS = 192
QUESTION_TOKENS = 64
OVERLAP = 48


@dataclass(frozen=True)
class Window:
    """One window: token ids, token types (0 question, 1 passage), and for each token its
    character offsets in the passage ((-1, -1) outside it)."""

    passage: int  # which of the passages read
    ids: np.ndarray
    types: np.ndarray
    offsets: np.ndarray  # (tokens, 2)
    first: int  # index of the window's first passage token
    last: int  # index past its last passage token


def load_tokenizer(path: str) -> Tokenizer:
    """The tokenizer saved at ``path``, with no truncation or padding of its own (windows do both)."""
    tokenizer = Tokenizer.from_file(path)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def windows(tokenizer: Tokenizer, question: str, passages: list[str]) -> list[Window]:
    """The windows over each of ``passages`` with ``question``, passage by passage."""
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    asked = tokenizer.encode(question, add_special_tokens=False).ids[-QUESTION_TOKENS:]
    head = [cls, *asked, sep]
    room = MAX_TOKENS - len(head) - 1
    found = []
    for index, encoded in enumerate(tokenizer.encode_batch(passages, add_special_tokens=False)):
        ids, offsets = encoded.ids, encoded.offsets
        for start in _starts(len(ids), room):
            part = slice(start, start + room)
            body = ids[part]
            found.append(
                Window(
                    index,
                    np.array([*head, *body, sep], dtype=np.int64),
                    np.array([0] * len(head) + [1] * (len(body) + 1), dtype=np.int64),
                    np.array([(-1, -1)] * len(head) + list(offsets[part]) + [(-1, -1)], dtype=np.int64),
                    len(head),
                    len(head) + len(body),
                )
            )
    return found


def _starts(length: int, room: int) -> range:
    """Where each window of ``room`` tokens starts over ``length`` tokens (at least one window)."""
    step = room - OVERLAP
    return range(0, max(length - OVERLAP, 1), step) if length > room else range(1)


def token_span(window: Window, start: int, end: int) -> tuple[int, int] | None:
    """The window's tokens holding characters ``start``..``end`` of its passage, or None when
    the window does not hold all of them."""
    inside = np.arange(window.first, window.last)
    offsets = window.offsets[window.first : window.last]
    if not len(inside) or offsets[0, 0] > start or offsets[-1, 1] < end:
        return None
    first = inside[offsets[:, 1] > start]
    last = inside[offsets[:, 0] < end]
    if not len(first) or not len(last) or first[0] > last[-1]:
        return None
    return int(first[0]), int(last[-1])


def batch(found: list[Window], multiple: int = 1) -> dict[str, np.ndarray]:
    """The model's inputs for ``found``, padded to the longest, rounded up to a ``multiple`` of tokens
    (in training, fewer distinct shapes for the CPU's kernels to be made for)."""
    width = -(-max(len(w.ids) for w in found) // multiple) * multiple
    ids = np.zeros((len(found), width), dtype=np.int64)
    types = np.zeros_like(ids)
    mask = np.zeros_like(ids)
    for row, window in enumerate(found):
        n = len(window.ids)
        ids[row, :n], types[row, :n], mask[row, :n] = window.ids, window.types, 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
