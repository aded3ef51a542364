"""What a question asks for: a person, a thing among several, a time, a place, a quantity; the
questions it joins, if it asks more than one (``parts``); and whether it can be asked at all
(``check_question``).

News quizzes often set the scene first and ask last ("Police arrested 31 men this week… Where was
the event?"), so the kind is read from the sentence that holds the question word, the last one
first. The kind decides which words of a sentence could be its answer (``features``).
"""

import re
from typing import Literal

from ..errors import QuestionError

MAX_QUESTION_CHARS = 500

Kind = Literal["who", "which", "what", "when", "where", "quantity", "other"]
KINDS: tuple[Kind, ...] = ("who", "which", "what", "when", "where", "quantity", "other")

_QUANTITY = re.compile(
    r"\bhow (many|much|long|old|far|big|large|high|tall|fast|often)\b|\bwhat (percentage|share|number)\b",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"\bwhen\b|\bwhat (year|day|date|month|time)\b|\bwhich (year|day|date|month)\b", re.IGNORECASE
)
_WHERE = re.compile(
    r"\bwhere\b|\b(in|to|from|at) (which|what) (city|country|state|town|region|territory|island|place)\b"
    r"|\b(which|what) (city|country|state|town|region|territory|island|continent|nation)\b",
    re.IGNORECASE,
)
_WHO = re.compile(r"\bwho(m|se)?\b|\bwhat is (his|her) name\b", re.IGNORECASE)
_WHICH = re.compile(r"\bwhich\b", re.IGNORECASE)
_WHAT = re.compile(r"\bwhat\b", re.IGNORECASE)
_SENTENCES = re.compile(r"[^.?!]*[.?!]?")
_ORDER: tuple[tuple[re.Pattern[str], Kind], ...] = (
    (_QUANTITY, "quantity"),
    (_WHEN, "when"),
    (_WHERE, "where"),
    (_WHO, "who"),
    (_WHICH, "which"),
    (_WHAT, "what"),
)


_JOINED = re.compile(r"\s*,?\s+and\s+(?=(?:who|whom|whose|what|when|where|why|which|how)\b)", re.IGNORECASE)
MAX_PARTS = 3


def parts(question: str) -> list[str]:
    """The questions ``question`` joins with "and" ("How much did it cost, and who paid for it?"),
    each as the reader reads it: the first as asked, every later one followed by the first, whose
    words tell it what "it" is; the question itself when it asks one thing (or more than
    ``MAX_PARTS``, which is no longer a question joined but a list)."""
    pieces = [p.strip(" ,?") for p in _JOINED.split(question)]
    if not 1 < len(pieces) <= MAX_PARTS or not all(pieces):
        return [question]
    first = f"{pieces[0]}?"
    return [first, *(f"{p}? {first}" for p in pieces[1:])]


def kind(question: str) -> Kind:
    """The kind of answer ``question`` asks for, read from its last sentence with a question word."""
    sentences = [s for s in _SENTENCES.findall(question) if s.strip()]
    for sentence in reversed(sentences or [question]):
        for pattern, found in _ORDER:
            if pattern.search(sentence):
                return found
    return "other"


def check_question(question: str, what: str = "question") -> str:
    """The question (or topic: ``what``) with its spaces tidied; QuestionError when it is empty or
    longer than ``MAX_QUESTION_CHARS``."""
    question = " ".join(question.split())
    if not question:
        raise QuestionError(f"the {what} is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the {what} is {len(question)} characters long; at most {MAX_QUESTION_CHARS} are allowed"
        )
    return question
