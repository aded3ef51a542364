"""Answering: the trained reader points at the answer in the retrieved passages, and the
sentences holding it are quoted, the answer marked, or the question is declined. It replaced the
sentence answerers (kept as ``eval.baseline``): on the calibration third of the silver training
half it puts the answer in the first 600 characters more often (71.3 % against 66.4 %, declining
90.9 % of the decline test against 91.6 %), in about half the characters, and marks it
(docs/quality.md).

The reader (``reader``) reads the question with each passage and gives every span it believes
the probability that it is the answer rather than nothing. The same answer found in several
passages adds up: each distinct sentence holding it counts once (copies of one report do not
add up), and the chances combine as independent reports do (``1 - Π(1 - p)``). Below
``Thresholds.answer`` the answer is a decline, and so is any question with a number no retrieved
passage mentions ("who won the World Cup final in 2018?" must not be answered from a story about 2022).

The sentence holding the best answer is quoted (with the next sentence too when the answer runs
into it), and the answer's words are marked when the reader is sure of them (``Thresholds.mark``).
A second answer is quoted, unmarked, when the reader finds it likely too (``Thresholds.also``): a
reader who sees both can tell which fits. A question joining two ("how much did it cost, and who
paid for it?") is read as each of them (``questions.parts``), and each gets its own answer. The
same sentence in copies of a story is quoted once, citing each copy, and other outlets' versions
of a quote are added (``versions``).

The thresholds were chosen on the calibration third of the silver set's training half
(``bench/reader_choices.py``), never on the sets they are reported on.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..store import PassageRow
from ..text import match_key
from .answerability import answerable, judges
from .questions import parts
from .quotes import Evidence, Quote, Sources
from .reader import Found, Reader
from .result import ANSWERED, Answer, declined
from .sentences import unmatched_terms
from .versions import other_versions


@dataclass(frozen=True)
class Thresholds:
    """The reader's probabilities an answer is judged by, and how many answers are quoted."""

    answer: float = 0.5  # below it, a decline (``ANSWER_AT``)
    answerable: float = 0.3  # evidence the answerability scorer judges less likely to answer: a decline
    also: float = 0.5  # a further answer this probable is quoted too
    mark: float = 0.95  # an answer this probable has its words marked
    most: int = 2  # answers quoted at most


# Read off the silver training half's calibration third (bench/reader_choices.py; 143 answerable
# questions and 143 decline tests that neither the reader nor the scorers it was measured with
# learned from, reading 8 passages). ``answer`` and ``answerable`` together, by the rule set before
# measuring: the pair that declines most while costing at most 3 points of answers in the first 600
# characters against the reader's most (73.4 % at 0.3 and 0.5 alone, declining 51.0 % and 55.2 %).
# 0.5 and 0.3: 71.3 %, declining 90.9 % (0.5 and 0.4: 69.2 %, 92.3 %; 0.7 and 0.3: 69.9 %, 91.6 %;
# the reader alone at 0.7: 72.0 %, 58.0 %). ``most``: one answer puts it in the first 600 for 55.9 %
# (median 150 characters), two for 67.8 % (272), three for 69.2 % (343). ``also``: 0.5 as many as
# 0.3 in fewer characters (251), 0.2 half a point more. ``mark``: marks hold the answer for 72.3 %
# at 0.95 (on 70.6 % of answers), 68.1 % below. Reading 12 passages instead of 8 puts the answer in
# the first 600 for 72.7 % (at 0.9) but declines 58.7 %; 4 passages, 58.0 %.


SHIPPED = Thresholds()
ANSWER_AT = SHIPPED.answer

Judge = Callable[[str, np.ndarray, Evidence], float]  # how likely the evidence holds an answer at all


@dataclass
class Said:
    """One answer the reader found: where (passage, span), best first, and its combined probability."""

    key: str
    places: list[tuple[PassageRow, Found]] = field(default_factory=list)
    probability: float = 0.0


def compose_reader(
    question: str,
    query: np.ndarray,
    evidence: Evidence,
    reader: Reader,
    wider: Evidence | None = None,
    thresholds: Thresholds = SHIPPED,
    judge: Judge = answerable,
    story: str | None = None,
) -> Answer:
    """Find, verify and cite the quotes that answer ``question`` in the retrieved passages; other
    outlets' versions of them are looked for in ``wider`` (more of the passages retrieved).
    ``eval qa`` varies the ``thresholds`` to draw their trade-offs. The evidence of a question like
    those the answerability scorer learned from (``judges``) is judged before it is read: what the
    ``judge`` finds unlikely to answer is declined however sure the reader would be. A follow-up
    is read with the ``story``'s question after it ("how fast was it going? How much did DART
    shorten the orbit?"), which tells the reader what "it" is."""
    if not evidence.passages or any(c.isdigit() for t in unmatched_terms(question, evidence) for c in t):
        return declined(question)
    judged = thresholds.answerable and judges(question)
    if judged and judge(question, query, evidence) < thresholds.answerable:
        return declined(question)
    texts = [p.text for p in evidence.passages]
    read = [f"{part} {story}" if story else part for part in parts(question)]
    asked = [gather(evidence.passages, reader.read(part, texts)) for part in read]
    sources = Sources()
    quotes: list[Quote] = []
    for answer, sure in chosen(asked, thresholds):
        _quote(answer, evidence, sources, quotes, sure)
    if not quotes:
        return declined(question)
    quotes += other_versions(query, quotes, wider or evidence, sources)
    return Answer(question, True, ANSWERED, quotes, sources.cited(quotes))


def chosen(asked: list[list[Said]], thresholds: Thresholds) -> list[tuple[Said, bool]]:
    """The answers quoted, each with whether its words are marked, from the answers found for each
    part of the question (``parts``). A question asking one thing gets its best answer if it
    reaches ``thresholds.answer``, then others as likely as ``thresholds.also`` up to
    ``thresholds.most``; a question joining several gets the best answer of each part that has
    one, each part an answer of its own (two questions asked together ask for two things). Only a
    part's best answer is marked, and only from ``thresholds.mark``."""
    if len(asked) == 1:
        said = asked[0]
        if not said or said[0].probability < thresholds.answer:
            return []
        kept = [said[0], *(a for a in said[1 : thresholds.most] if a.probability >= thresholds.also)]
        return [(a, a is said[0] and a.probability >= thresholds.mark) for a in kept]
    best: list[Said] = []
    for said in asked:
        fresh = next((a for a in said if all(a.key != b.key for b in best)), None)
        if fresh is not None and fresh.probability >= thresholds.answer:
            best.append(fresh)
    return [(a, a.probability >= thresholds.mark) for a in best]


def gather(passages: list[PassageRow], found: list[Found]) -> list[Said]:
    """The reader's spans grouped into answers, most probable first.

    A span overlapping a more probable one in the same passage ("Kowalczyk" within "Ines
    Kowalczyk") is another reading of the same answer: its probability adds to that answer's in
    that passage (the reader splits its belief among such readings). Other spans are grouped by
    their words. An answer's probability combines, as independent reports, its probability in each
    distinct sentence holding it (copies of one sentence count once)."""
    groups: dict[str, Said] = {}
    taken: dict[int, list[tuple[Found, str]]] = {}  # per passage: its answers' best spans
    mass: dict[tuple[str, int], tuple[Found, float]] = {}  # (answer, passage): best span, probability
    for span in found:
        passage = passages[span.passage]
        within = taken.setdefault(span.passage, [])
        key = next((k for f, k in within if f.start < span.end and span.start < f.end), None)
        if key is None:
            key = match_key(passage.text[span.start : span.end])
            if not key:
                continue
            groups.setdefault(key, Said(key)).places.append((passage, span))
            within.append((span, key))
        best, probability = mass.get((key, span.passage), (span, 0.0))
        mass[key, span.passage] = best, min(1.0, probability + span.probability)
    per_sentence: dict[str, dict[str, float]] = {}
    for (key, index), (span, probability) in mass.items():
        passage = passages[index]
        sentence = match_key(passage.text[slice(*holding(passage, span.start, span.end))])
        seen = per_sentence.setdefault(key, {})
        seen[sentence] = max(seen.get(sentence, 0.0), probability)
    for key, group in groups.items():
        group.probability = 1.0 - float(np.prod([1.0 - p for p in per_sentence[key].values()]))
    return sorted(groups.values(), key=lambda g: -g.probability)


def holding(passage: PassageRow, start: int, end: int) -> tuple[int, int]:
    """The characters of the sentence holding ``start``..``end`` (the sentences, when it runs
    over more than one); the span itself if no sentence holds it."""
    inside = [s for s in passage.sentences if s[1] > start and s[0] < end]
    if not inside:
        return start, end
    return min(inside[0][0], start), max(inside[-1][1], end)


def _quote(answer: Said, evidence: Evidence, sources: Sources, quotes: list[Quote], sure: bool) -> None:
    """Quote ``answer``'s best place, citing each copy of that sentence, its words marked when the
    reader is ``sure`` of them; a sentence quoted already is not quoted again, but marked."""
    passage, span = answer.places[0]
    start, end = holding(passage, span.start, span.end)
    quote = next((q for q in quotes if q.passage_id == passage.id and q.start < end and start < q.end), None)
    if quote is None:
        words = match_key(passage.text[start:end])
        copies = [
            evidence.articles[p.article_id]
            for p, s in answer.places
            if match_key(p.text[slice(*holding(p, s.start, s.end))]) == words
        ]
        quote = sources.quote(passage, (start, end), copies)
        if quote is None:
            return
        quotes.append(quote)
    if sure and quote.start <= span.start and span.end <= quote.end:
        quote.marks = sorted([*quote.marks, (span.start - quote.start, span.end - quote.start)])
