"""Where sources differ: two outlets on the same point, one giving a figure or a word the other doesn't.

A digest compares every on-subject sentence (topic score at least ``ON_SUBJECT``) of its articles
with those of other outlets published at most ``MAX_DAYS_APART`` days apart. A pair differs when
its sentences are close (cosine at least ``CLOSE``), are not the same statement (``digests`` quotes
those once), and part in the same frame:

- a figure: both give a number of the same unit after the same word, hedges aside ("carried
  1,200 cyclists" / "carried about 800 cyclists"), and neither article gives the other's number
  for that unit anywhere ("nine years" and "9 years", "2.9 million" and "2,900,000" agree);
- a term: the same lower-case two-word phrase, found once in each article, runs straight into a
  word the other article never uses ("matching red jackets" / "matching red tracksuits"). Names
  are not compared: outlets transliterate and shorten them (two spellings of a president, a
  police chief's first name and its nickname), which is not a disagreement.

Up to ``MAX_DIFFERENCES`` are shown, closest pairs first and each point once; a third or fourth
outlet giving yet another figure at the same words joins the difference.

Measured with ``bench/differences.py``: digests of 35 topics over the 426 RealTime QA articles
of June to early September 2022 (CNN and USA Today) and the two Nara summit pages. Sentences of
two outlets on one point score 0.55-0.75 (what the Nara leaders wore: 0.57), and unrelated pairs
reach 0.7 too, so closeness only bounds the search; the frame decides. From 0.40 up the rules
pick 18 pairs; the 7 below 0.55 are all false (two different fires' containment, a favourable
"forecast" / "conditions", a $20,000 and a $10,000 part of one plan), hence ``CLOSE``. From 0.55
the digests show 7 differences on 6 topics, 4 of them real: what the leaders wore in Nara, a
state's record gas price a day apart ($6.39 / $6.43), the years the Webb telescope is expected to
work (five / 20) and the buildings the Oak Fire destroyed (10 / seven). The false ones are the
same measure of another place or proposal (a river's record at two gauges; the relief asked for
and the relief granted) and one wording ("ever sent" / "ever built"). Without the date limit,
gas prices weeks apart made 15 pairs of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import NamedTuple, Protocol

import numpy as np

from ..store import ArticleRow, PassageRow
from .quotes import Quote, Sources
from .sentences import ON_SUBJECT
from .wording import Token, Words, is_content, is_label, next_content, tokens, unit_of, word_before

CLOSE = 0.55
MAX_DAYS_APART = 2
MAX_DIFFERENCES = 3
MAX_OUTLETS = 4  # quotes in one difference


class Sentence(Protocol):
    passage: PassageRow
    span: tuple[int, int]
    vector: np.ndarray
    score: float

    @property
    def text(self) -> str: ...


@dataclass
class Difference:
    """Quotes of different outlets on one point; ``differ`` holds, for each, the words where it parts."""

    quotes: list[Quote]
    differ: list[str]

    def to_dict(self) -> dict:
        return {"quotes": [q.to_dict() for q in self.quotes], "differ": self.differ}


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


def find(
    candidates: list[Candidate], same: Callable[[Sentence, Sentence], bool], sources: Sources
) -> list[Difference]:
    """Up to ``MAX_DIFFERENCES`` differences between the outlets of ``candidates``, closest first,
    quoted and cited with ``sources``."""
    return quoted_differences(pairs(candidates, same), sources)


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


def quoted_differences(pairs: list[Pair], sources: Sources) -> list[Difference]:
    """The closest pairs as differences, each point once; other outlets' conflicting sentences join them."""
    differences: list[Difference] = []
    used: set[int] = set()
    shown: list[set[str]] = []
    for _, p, q, (x, y) in pairs:
        point = {x.casefold(), y.casefold()}
        if id(p) in used or id(q) in used or any(point <= seen for seen in shown):
            continue
        members = _members({id(p): (p, x), id(q): (q, y)}, pairs, used)
        quoted = [
            (sources.quote(c.sentence.passage, c.sentence.span, [c.article]), said)
            for c, said in members.values()
        ]
        if all(quote is not None for quote, _ in quoted):
            quoted.sort(key=lambda member: member[0].source)
            differences.append(Difference([q for q, _ in quoted], [said for _, said in quoted]))
            used |= set(members)
            shown.append({said.casefold() for _, said in quoted})
        if len(differences) == MAX_DIFFERENCES:
            break
    return differences


def _members(
    members: dict[int, tuple[Candidate, str]],
    pairs: list[Pair],
    used: set[int],
) -> dict[int, tuple[Candidate, str]]:
    """``members`` and the sentences of further outlets that conflict with one at the same words."""
    for _, r, s, (u, v) in pairs:
        for (old, said), (new, says) in (((r, u), (s, v)), ((s, v), (r, u))):
            at_same_words = id(old) in members and members[id(old)][1] == said
            another_outlet = id(new) not in used and new.outlet not in {c.outlet for c, _ in members.values()}
            if at_same_words and another_outlet and len(members) < MAX_OUTLETS:
                members[id(new)] = (new, says)
    return members


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
