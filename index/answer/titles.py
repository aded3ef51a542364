"""Titles, for questions that ask for a work or a name given to something ("which songs did they
play?", "what is the film called?").

News prints titles in quotes and capitalised: BTS's “Dynamite” and “Golden”. A quoted phrase in
lower case (dubbed “drumstick diplomacy”) is a coinage, not a title, and a quoted phrase made of
the question's own words answers nothing (``spans``). For such a question the similarity answerer
gives a sentence holding a title a bonus (``TITLE_BONUS``, two-thirds of what holding every word
of the question gives) and marks its titles: they are the answer's words.
"""

import re

from .spans import answer_spans

WORKS = re.compile(
    r"\b(songs?|films?|movies?|books?|shows?|series|albums?|titled?|called|named|words?|phrases?|nicknames?)\b",
    re.IGNORECASE,
)
TITLE_BONUS = 0.1
_TRAILING = ",.;:!? "


def asks_for_title(question: str) -> bool:
    return bool(WORKS.search(question))


def titles(sentence: str, question_words: set[str]) -> list[tuple[int, int]]:
    """Offsets of the capitalised quoted titles of ``sentence``, without the punctuation that ends
    them inside the quotes ("“Golden,”"); ``question_words`` are the question's (folded, lower case)."""
    found = []
    for span in answer_spans(sentence, question_words):
        text = sentence[span.start : span.end]
        if span.kind == "title" and text[:1].isupper():
            found.append((span.start, span.start + len(text.rstrip(_TRAILING))))
    return found
