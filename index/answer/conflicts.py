"""Where two outlets' sentences part: close in meaning, not the same statement, and giving a
different figure or term in the same frame. Answers use it for other outlets' versions of a quote
(``versions``); reports over many articles show the pairs as where sources differ
(``index.report.differences``, where the thresholds are measured).

A pair differs when its sentences are close (cosine at least ``CLOSE``), are published at most
``MAX_DAYS_APART`` days apart, are not the same statement, and part in the same frame:

- a figure: both give a number of the same unit after the same word, hedges aside ("carried
  1,200 cyclists" / "carried about 800 cyclists"), and neither article gives the other's number
  for that unit anywhere ("nine years" and "9 years", "2.9 million" and "2,900,000" agree);
- a term: the same lower-case two-word phrase, found once in each article, runs straight into a
  word the other article never uses ("matching red jackets" / "matching red tracksuits"). Names
  are not compared: outlets transliterate and shorten them (two spellings of a president, a
  police chief's first name and its nickname), which is not a disagreement.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import NamedTuple, Protocol

import numpy as np

from ..store import ArticleRow, PassageRow
from .sentences import ON_SUBJECT
from .wording import Token, Words, is_content, is_label, next_content, tokens, unit_of, word_before

CLOSE = 0.55
MAX_DAYS_APART = 2


class Sentence(Protocol):
    passage: PassageRow
    span: tuple[int, int]
    vector: np.ndarray
    score: float

    @property
    def text(self) -> str: ...


@dataclass
class Candidate:
    """A sentence of ``article`` that may differ from another outlet's; ``words`` are the article's."""

    article: ArticleRow
    sentence: Sentence
    words: Words
    tokens: list[Token] = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = tokens(self.sentence.text)

    @property
    def outlet(self) -> str:
        return outlet_of(self.article)

    @property
    def published(self) -> str | None:
        return self.article.published


def outlet_of(article: ArticleRow) -> str:
    """Who published ``article``, as outlets are compared (its title when the outlet is unknown)."""
    return (article.outlet or article.title).casefold()


def conflicts(first: str, second: str, first_article: Words, second_article: Words) -> list[tuple[str, str]]:
    """Where ``first`` and ``second`` say different things in the same frame: (its words, the other's)."""
    return _conflicts(tokens(first), first, first_article, tokens(second), second, second_article)


class Pair(NamedTuple):
    """Two outlets' sentences that differ, how close they are, and the words where they part."""

    closeness: float
    first: Candidate
    second: Candidate
    words: tuple[str, str]


def pairs(
    candidates: list[Candidate], same: Callable[[Sentence, Sentence], bool], close: float = CLOSE
) -> list[Pair]:
    """Every pair of on-subject sentences of two outlets, at least ``close``, that differ; closest first.

    ``same`` tells the pairs that make the same statement, which never differ."""
    candidates = [c for c in candidates if c.sentence.score >= ON_SUBJECT]
    if len(candidates) < 2:
        return []
    matrix = np.stack([c.sentence.vector for c in candidates])
    closeness = matrix @ matrix.T
    found = []
    for i, j in combinations(range(len(candidates)), 2):
        p, q = candidates[i], candidates[j]
        if closeness[i, j] < close or p.outlet == q.outlet:
            continue
        if _days_apart(p.published, q.published) > MAX_DAYS_APART or same(p.sentence, q.sentence):
            continue
        words = _conflicts(p.tokens, p.sentence.text, p.words, q.tokens, q.sentence.text, q.words)
        if words:
            found.append(Pair(float(closeness[i, j]), p, q, words[0]))
    return sorted(found, key=lambda pair: -pair.closeness)


def _conflicts(
    a: list[Token], first: str, first_article: Words, b: list[Token], second: str, second_article: Words
) -> list[tuple[str, str]]:
    found = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if x.number and y.number:
                differ = _figures_differ(a, i, b, j, first_article, second_article)
            else:
                differ = (
                    is_content(a, i)
                    and is_content(b, j)
                    and _terms_differ(a, i, b, j, first_article, second_article)
                )
            if differ:
                found.append((first[x.start : x.end], second[y.start : y.end]))
    return found


def _figures_differ(a: list[Token], i: int, b: list[Token], j: int, first: Words, second: Words) -> bool:
    """Different numbers of the same unit after the same word, each absent from the other article."""
    if a[i].key == b[j].key or is_label(a, i) or is_label(b, j):
        return False
    unit, after = unit_of(a, i), word_before(a, i)
    if unit is None or unit != unit_of(b, j) or after is None or after != word_before(b, j):
        return False
    return (a[i].key, unit) not in second.figures and (b[j].key, unit) not in first.figures


def _terms_differ(a: list[Token], i: int, b: list[Token], j: int, first: Words, second: Words) -> bool:
    """A rare lower-case two-word phrase of both running straight into words the other outlet never
    uses, each ending its phrase or followed by the same word ("matching blue jackets as")."""
    x, y = a[i], b[j]
    if x.key in second.keys or y.key in first.keys or min(len(x.key), len(y.key)) < 3:
        return False
    if x.key in y.key or y.key in x.key or i < 2 or j < 2 or not (x.lower and y.lower):  # "kpop", "k pop"
        return False
    lead = [(a, i - 2), (a, i - 1), (b, j - 2), (b, j - 1)]
    if not all(is_content(t, k) and t[k].lower and t[k + 1].joined for t, k in lead):
        return False
    phrase = (a[i - 2].key, a[i - 1].key)
    if phrase != (b[j - 2].key, b[j - 1].key) or not first.phrases[phrase] == 1 == second.phrases[phrase]:
        return False
    after_x, after_y = next_content(a, i), next_content(b, j)
    return (after_x is None and after_y is None) or after_x == after_y


def _days_apart(first: str | None, second: str | None) -> int:
    """Days between two publication dates; 0 when either is unknown."""
    try:
        return abs((date.fromisoformat((first or "")[:10]) - date.fromisoformat((second or "")[:10])).days)
    except ValueError:
        return 0
