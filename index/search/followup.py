"""Follow-up questions: "and what did Lee say about it?" read in the light of what was asked before.

A follow-up such as "who attended?" or "how fast was it going?" names no story. Alone, its vector
is near any sentence about attending or speed, so it declines or quotes the wrong article. Read
with the question that set the story ("When did Notre-Dame reopen?") it is about the reopening.
So a question that leans on the conversation is searched and scored with a blend: ``OWN_WEIGHT``
of its own vector and the rest that question's; BM25 reads both questions' words. Its own words
still decide the rest: the named-term decline uses only its names ("and what did Xi Jinping say?"
declines after a question about the summit), and the bonus for shared words counts only its words.

Only a question that shows it leans on context is blended: it refers back (it, they, his, this,
there…), opens with "and", "but", "what about"…, or has at most one content word ("who
attended?"). Any other question is read alone, exactly as without a conversation, so "who won the
World Cup final?" after a question on the summit is not pulled back to the summit, and "What is
the capital of France?" after Notre-Dame is not answered from the cathedral's story (blending
every question did just that). The story is set by the last earlier question that stands alone:
after "How much did DART shorten the orbit?" → "when was it launched?", "how fast was it going?"
is read with the DART question, as the middle one names no story either.

Measured on 48 conversations over the sample and real news (tests/test_followup.py keeps the
telling ones), counting answers that quote the right sentences, declines where declining is
acceptable, declines that miss a findable answer, and wrong quotes: the follow-up alone 33/10/3/2;
blended with the previous question 36/10/1/1; with the question that set the story, as here,
39/7/1/1 (missed: "Which songs did they play?"; wrong: "what did they do before the ceremony?"
quotes the ceremony). An own weight of 0.65 answers "what did they wear?" after the gifts with the
gifts; 0.75 and 0.8 decline more follow-ups the story answers (37 and 34 right). The reader then
reads the follow-up with the story's question after it (``answer.reading``).
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..text import fold
from .lexical import terms

OWN_WEIGHT = 0.7  # of the follow-up's vector in the blend; the story's question has the rest
_REFERS_BACK = re.compile(
    r"\b(it|its|they|them|their|theirs|he|him|his|she|her|hers|this|that|these|those|there)\b",
    re.IGNORECASE,
)
_OPENS_ON = re.compile(r"\s*(and|but|also|so|then|what about|how about)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """How a question is searched: the text BM25 reads and the unit vector FAISS and scoring use;
    and for a follow-up, the ``story``'s question it was read with."""

    text: str
    query: np.ndarray
    story: str | None = None


def read(question: str, earlier: Sequence[str], encode: Callable[[str], np.ndarray]) -> Reading:
    """``question`` as asked after ``earlier`` (oldest first), which ``encode`` turns into vectors."""
    own = encode(question)
    story = story_question(earlier) if leans_on_context(question) else None
    if story is None:
        return Reading(question, own)
    blend = OWN_WEIGHT * own + (1 - OWN_WEIGHT) * encode(story)
    return Reading(f"{story} {question}", (blend / np.linalg.norm(blend)).astype(np.float32), story)


def leans_on_context(question: str) -> bool:
    """Whether the question refers back, opens as a continuation, or is too short to stand alone."""
    folded = fold(question)
    return bool(_REFERS_BACK.search(folded) or _OPENS_ON.match(folded)) or len(terms(folded)) <= 1


def story_question(earlier: Sequence[str]) -> str | None:
    """The question that set the conversation's story: the last that stands alone, else the first."""
    asked = [q for q in (" ".join(q.split()) for q in earlier) if q]
    return next((q for q in reversed(asked) if not leans_on_context(q)), asked[0] if asked else None)
