"""Titles, for questions that ask for a work or a name given to something ("which songs did they
play?", "what is the film called?").

News prints titles in quotes and capitalised: BTS's “Dynamite” and “Golden”. A quoted phrase in
lower case (dubbed “drumstick diplomacy”) is a coinage, not a title; one of more than
``MAX_WORDS`` words, with a comma or a full stop inside, or with fewer than half its words
capitalised, is speech ("“I just won an Oscar”");
one made of the question's own words answers nothing (``spans``). For a question asking which or
what work, the similarity answerer gives a sentence holding a title a bonus (``TITLE_BONUS``,
two-thirds of what holding every word of the question gives), and marks the titles of its first
quote when there are at most ``MAX_TITLES`` of them: more is a list of nominees, not the answer.

Checked on the silver set's training half: of its 31 questions asking for a work, 6 get marks
("Goblin mode", "The Legend of Zelda", "Everything Everywhere All at Once"…), 7 of their 8 marks
hold the answer; quoted remarks and lists of nominees get none.
"""

import re

from ...answer.questions import kind
from ...answer.spans import answer_spans

WORKS = re.compile(
    r"\b(songs?|films?|movies?|books?|shows?|series|albums?|titled?|called|named|words?|phrases?|nicknames?)\b",
    re.IGNORECASE,
)
TITLE_BONUS = 0.1
MAX_WORDS = 6
MAX_TITLES = 2
_SPEECH = re.compile(r"[,;.!?]")
_TRAILING = ",.;:!? "


def asks_for_title(question: str) -> bool:
    """Whether ``question`` asks which or what work or name ("where did the show take place?" does not)."""
    return kind(question) in ("which", "what", "other") and bool(WORKS.search(question))


def titles(sentence: str, question_words: set[str]) -> list[tuple[int, int]]:
    """Offsets of the capitalised quoted titles of ``sentence``, without the punctuation that ends
    them inside the quotes ("“Golden,”"); ``question_words`` are the question's (folded, lower case)."""
    found = []
    for span in answer_spans(sentence, question_words):
        text = sentence[span.start : span.end].rstrip(_TRAILING)
        if span.kind == "title" and text[:1].isupper() and _is_title(text):
            found.append((span.start, span.start + len(text)))
    return found


def _is_title(text: str) -> bool:
    """Short, without a clause's punctuation, and at least half its words capitalised."""
    words = text.split()
    capitalised = sum(w[:1].isupper() for w in words)
    return len(words) <= MAX_WORDS and not _SPEECH.search(text) and 2 * capitalised >= len(words)
