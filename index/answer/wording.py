"""How ``differences`` reads a sentence: stemmed words, numbers by value, what a number counts.

"1,000", "2.9 million", "nine" and "9½" are read as numbers by their value, so two outlets
writing one figure differently agree. Around a number, its unit is the first content word after
it ("feet", "people") and the word it follows is the content word before it past stop words and
hedges ("killed at least 1,000" follows "killed"); a number straight after a capitalised word
names rather than counts ("Game 7", "Route 66").
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

from ..text import fold

_STEMMER = Stemmer.Stemmer("english")
_STOPWORDS = frozenset(STOPWORDS_EN_PLUS)
# skipped when looking for the word a number follows: "killed at least 1,000" follows "killed"
_HEDGES = frozenset(_STEMMER.stemWords([
    "least", "almost", "nearly", "around", "roughly", "approximately", "about", "less", "fewer",
    "more", "than", "over", "under", "up", "one", "some", "estimated", "just", "only",
]))  # fmt: skip
_MONTHS = frozenset(_STEMMER.stemWords([
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
]))  # fmt: skip
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[½¼¾]?(?:st|nd|rd|th)?|[^\W\d_]+")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER_WORDS = dict(zip([
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
], range(2, 21), strict=True)) | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}  # fmt: skip
# "one" is left out: it is mostly a pronoun ("one of the", "no one")


@dataclass
class Token:
    key: str  # the stem, or the number's value
    start: int
    end: int
    number: bool = False
    stop: bool = False
    lower: bool = True  # written in lower case
    joined: bool = False  # only white space separates it from the token before


@dataclass
class Words:
    """What an article says anywhere: its stems, its figures with their units, its two-word phrases."""

    keys: set[str] = field(default_factory=set)
    figures: set[tuple[str, str]] = field(default_factory=set)
    phrases: Counter = field(default_factory=Counter)


def tokens(text: str) -> list[Token]:
    """Words (stemmed) and numbers (by value: "1,000", "2.9 million", "nine", "9½") of ``text``."""
    folded = fold(text)
    found: list[Token] = []
    for match in _TOKEN.finditer(folded):
        word, (start, end) = match.group().casefold(), match.span()
        joined = bool(found) and folded[found[-1].end : start].isspace()
        if word[0].isdigit():
            digits = word.rstrip("stndrh")
            fraction = _FRACTIONS.get(digits[-1], 0.0)
            digits = digits.rstrip("½¼¾")
            digits = digits.replace(",", "") if _GROUPED.fullmatch(digits) else digits.split(",")[0]
            try:
                value = float(digits) + fraction
            except ValueError:  # "1.2.3"
                continue
            found.append(Token(repr(value), start, end, number=True, joined=joined))
        elif word in _SCALES and found and found[-1].number and joined:
            found[-1].key = repr(float(found[-1].key) * _SCALES[word])
            found[-1].end = end
        elif word in _NUMBER_WORDS:
            found.append(Token(repr(float(_NUMBER_WORDS[word])), start, end, number=True, joined=joined))
        else:
            stop = word in _STOPWORDS or len(word) < 2
            lower = folded[start].islower()
            found.append(Token(_STEMMER.stemWord(word), start, end, False, stop, lower, joined))
    return found


def article_words(texts: Iterable[str]) -> Words:
    """The ``Words`` of an article from the texts of its passages."""
    seen = Words()
    for text in texts:
        toks = tokens(text)
        seen.keys |= {t.key for t in toks}
        seen.figures |= {(t.key, unit) for i, t in enumerate(toks) if t.number and (unit := unit_of(toks, i))}
        seen.phrases.update(set(two_word_phrases(toks)))
    return seen


def next_content(toks: list[Token], i: int) -> str | None:
    """The word straight after ``i`` when it carries the phrase on (None when the phrase ends)."""
    k = i + 1
    return toks[k].key if is_content(toks, k) and toks[k].joined else None


def is_content(toks: list[Token], i: int) -> bool:
    return 0 <= i < len(toks) and not toks[i].stop and not toks[i].number


def unit_of(toks: list[Token], i: int) -> str | None:
    """The first content word after the number at ``i``: what it counts ("feet", "people")."""
    k = i + 1
    while k < len(toks) and toks[k].stop:
        k += 1
    return toks[k].key if is_content(toks, k) else None


def word_before(toks: list[Token], i: int) -> str | None:
    """The content word the number at ``i`` follows, past stop words and hedges ("at least")."""
    k = i - 1
    while k >= 0 and (toks[k].stop or toks[k].key in _HEDGES):
        k -= 1
    return toks[k].key if is_content(toks, k) else None


def is_label(toks: list[Token], i: int) -> bool:
    """A number that names rather than counts: "Game 7", "Route 66" (after a month it is a date)."""
    before = toks[i - 1] if i else None
    return bool(
        before and toks[i].joined and not before.number and not before.lower and before.key not in _MONTHS
    )


def two_word_phrases(toks: list[Token]) -> list[tuple[str, str]]:
    return [
        (toks[k - 1].key, toks[k].key)
        for k in range(1, len(toks))
        if is_content(toks, k - 1) and is_content(toks, k) and toks[k].joined
    ]
