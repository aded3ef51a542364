"""The answer tables of ``newsbot eval qa``: the answerability curve, and where the answer is found,
by the kind of question, beside the top-passages baseline."""

import statistics
from typing import Protocol

from ..answer import Answer
from ..answer.questions import KINDS, kind
from . import realtimeqa
from .common import Table, share

FIRST = 600  # characters of an answer a reader sees first
TOP_PASSAGES = 3  # the baseline quotes the first FIRST characters of this many top passages


class Asked(Protocol):
    question: dict
    read: list[str]
    answers: dict[float, Answer]
    verbatim: tuple[int, int]


def answer_table(
    answerable: list[Asked],
    declines: list[dict[float, Answer]],
    questions: int,
    removed: float,
    thresholds: list[float],
    chosen: float,
) -> Table:
    rows = []
    for threshold in thresholds:
        answers = [(o.question, o.answers[threshold]) for o in answerable]
        rows.append(
            [
                threshold,
                "chosen" if threshold == chosen else "",
                share(a.answered for _, a in answers),
                share(_holds(q, quoted(a)) for q, a in answers),
                share(_holds(q, quoted(a)[:FIRST]) for q, a in answers),
                share(not d[threshold].answered for d in declines),
            ]
        )
    verbatim, shown = (sum(o.verbatim[i] for o in answerable) for i in (0, 1))
    return Table(
        f"The reader by answerability threshold (0: the reader alone): {len(answerable)} answerable"
        f" questions; decline test of {questions}",
        ["answerability", "", "answered", "answer in quotes", f"in first {FIRST}", "declined"],
        rows,
        [
            f"Quotes of the reader's answers at the chosen threshold verbatim in their passage:"
            f" {verbatim}/{shown}"
            f" ({verbatim / shown if shown else 1.0:.1%}).",
            f"Decline test: each question asked without the articles that contain its answer"
            f" ({removed:.1f} articles on average).",
        ],
    )


def where_table(title: str, asked: list[Asked], answers: list[Answer], declines: list[Answer]) -> Table:
    """Where the answer string is in ``answers`` (one per question of ``asked``), by the kind of
    question, beside the top-passages baseline; and how many of ``declines`` (the decline test's
    answers) declined."""
    rows = []
    for name in [*KINDS, "all"]:
        chosen = [
            (o, a)
            for o, a in zip(asked, answers, strict=True)
            if name in ("all", kind(o.question["question"]))
        ]
        if not chosen:
            continue
        marks = [(m, realtimeqa.answers(o.question)) for o, a in chosen for q in a.quotes for m in q.marked]
        rows.append(
            [
                name,
                len(chosen),
                share(_holds(o.question, " ".join(o.read)) for o, _ in chosen),
                share(_holds(o.question, _first(o.read)) for o, _ in chosen),
                share(_holds(o.question, quoted(a)) for o, a in chosen),
                share(_holds(o.question, quoted(a)[:FIRST]) for o, a in chosen),
                statistics.median([len(quoted(a)) for _, a in chosen if a.answered] or [0]),
                share(any(q.marks for q in a.quotes) for _, a in chosen),
                share(realtimeqa.agrees(m, wanted) for m, wanted in marks) if marks else "-",
            ]
        )
    return Table(
        f"{title}: {len(asked)} answerable questions",
        [
            "asks",
            "n",
            "in passages read",
            f"top {TOP_PASSAGES} passages' first {FIRST}",
            "in quotes",
            f"in quotes' first {FIRST}",
            "median chars quoted",
            "answers marked",
            "marks hold the answer",
        ],
        rows,
        [
            f"Decline test: {share(not a.answered for a in declines):.1%} declined.",
            f"Baseline: the first {FIRST} characters of the top {TOP_PASSAGES} passages read, in rank order.",
            "A mark holds the answer when it holds an answer string or is held in one, as whole words.",
        ],
    )


def _first(texts: list[str]) -> str:
    """The first ``FIRST`` characters of the top ``TOP_PASSAGES`` passages, in rank order."""
    return "\n".join(t[:FIRST] for t in texts[:TOP_PASSAGES])[:FIRST]


def quoted(answer: Answer) -> str:
    """An answer's quotes as a reader reads them, in order."""
    return "\n".join(q.text for q in answer.quotes)


def _holds(question: dict, text: str) -> bool:
    return bool(text) and realtimeqa.mentions(text, realtimeqa.answers(question))
