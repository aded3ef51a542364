"""An answer: the message, the verified quotes and their sources, or a decline."""

from dataclasses import dataclass

from ..text import match_key
from .citations import Citation
from .quotes import Quote

ANSWERED = "Here is what the indexed news says."
DECLINED = "The indexed news doesn't say."


@dataclass
class Answer:
    question: str
    answered: bool
    message: str
    quotes: list[Quote]
    sources: list[Citation]

    @property
    def marked(self) -> list[str]:
        """The answering words marked in the quotes, each once, in the order they are quoted."""
        words: dict[str, str] = {}
        for quote in self.quotes:
            for text in quote.marked:
                words.setdefault(match_key(text), text)
        return list(words.values())

    def to_dict(self) -> dict:
        """The stable ``ask --json`` shape."""
        return {
            "question": self.question,
            "answered": self.answered,
            "message": self.message,
            "quotes": [q.to_dict() for q in self.quotes],
            "sources": [c.to_dict() for c in self.sources],
        }


def declined(question: str) -> Answer:
    return Answer(question, False, DECLINED, [], [])
