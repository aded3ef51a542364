"""Where in a sentence an answer could be: names, figures, dates and titles the question lacks.

A sentence that answers adds what the question asks for; one that only restates it adds nothing.
These spans are that addition, found by the shape of the words: a run of capitalised words (a
name; one that opens the sentence only when it is more than one word or the question names it
not), a figure with its unit, a date, a title in quotes. Words the question itself uses are never
part of a span. ``features`` counts them by kind (the answerability scorer reads the counts); the
sentence answerers of ``eval.baseline`` marked one of them.
"""

import re
from dataclasses import dataclass
from typing import Literal

from ..text import fold

SpanKind = Literal["name", "number", "date", "title"]
SPAN_KINDS: tuple[SpanKind, ...] = ("name", "number", "date", "title")

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan\\.?|Feb\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATE = re.compile(
    rf"\b(?:(?:{_DAYS}),? )?(?:\d{{1,2}} (?:{_MONTHS})(?: \d{{4}})?|(?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?"
    rf"(?:,? \d{{4}})?|(?:{_MONTHS}) \d{{4}}|(?:{_DAYS})|(?:in|since|by|until) (?:19|20)\d\d)\b"
)
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|hundred|hundreds"
    "|thousand|thousands|million|millions|billion|billions|trillion"
)
_NUMBER = re.compile(
    rf"(?:[$£€¥]\s?)?\b(?:\d[\d,.]*|(?:{_NUMBER_WORDS}))(?:[ -](?:{_NUMBER_WORDS}|percent|per cent))*"
    r"(?:\s?%)?(?:[ -][a-z]+)?",
    re.IGNORECASE,
)
_TITLE = re.compile(r"[\"“]([^\"“”]{2,80})[\"”]")
_WORD = re.compile(r"[\w'’.&-]+")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")  # U.S., J.K.: their last full stop is theirs
_ELIDED = re.compile(r"[a-z]'[A-Z]")  # d'Alene, O'Neill's second half
_JOINERS = {"of", "the", "de", "van", "von", "and", "&", "for", "la", "le", "del", "al", "bin"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: SpanKind


def answer_spans(sentence: str, question_words: set[str]) -> list[Span]:
    """The spans of ``sentence`` that could answer a question whose words (folded, lower case) are
    ``question_words``: none of them repeats a question word, and none overlaps another."""
    folded = fold(sentence)
    found: list[Span] = []
    for pattern, kind in ((_TITLE, "title"), (_DATE, "date")):
        for match in pattern.finditer(folded):
            start, end = match.span(1) if match.re is _TITLE else match.span()
            found.append(Span(start, end, kind))
    for match in _NUMBER.finditer(folded):
        if any(c.isdigit() for c in match.group()) or match.group().split()[0].casefold() != "one":
            found.append(Span(*match.span(), "number"))
    found += _names(folded)
    kept: list[Span] = []
    for span in found:  # titles first, then dates, figures and names: the first claim on a word wins
        words = {w.casefold().strip(".'’") for w in _WORD.findall(folded[span.start : span.end])}
        if words <= question_words or any(span.start < k.end and k.start < span.end for k in kept):
            continue
        kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _names(folded: str) -> list[Span]:
    """Runs of capitalised words (with "of", "de"… inside them) that no punctuation parts, as names."""
    words = list(_WORD.finditer(folded))
    spans: list[Span] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        while run and run[-1].group().casefold() in _JOINERS:
            run.pop()
        lone = len(run) == 1 and (run[0].start() == words[0].start() or len(run[0].group()) == 1)
        if run and not lone:  # any sentence opens with a capital; "I" and "A" are no names
            last = run[-1].group()
            end = run[-1].end() - (last.endswith(".") and not _INITIALS.fullmatch(last))
            spans.append(Span(run[0].start(), end, "name"))
        run.clear()

    for word in words:
        text = word.group()
        if run and folded[run[-1].end() : word.start()] != " ":  # a comma or a quote ends a name
            close()
        if text[0].isupper() or _ELIDED.match(text) or (run and text.casefold() in _JOINERS):
            run.append(word)
        else:
            close()
    close()
    return spans
