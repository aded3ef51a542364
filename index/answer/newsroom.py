"""A server's newsroom as its managers run it: the outlets it quotes and hides, which articles are
its own, the questions its readers asked and their votes on the answers, and what those show
(``insights``). Handed the store and the question encoder, not the engine."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np

from ..store import Scope, Store
from ..store.questions import KEPT_DAYS
from .insights import Insights, gather_insights


class Newsroom:
    def __init__(self, store: Store, encode: Callable[[str], np.ndarray], store_questions: bool) -> None:
        self.store = store
        self.encode = encode
        self.store_questions = store_questions  # Settings.store_questions

    def outlets(self, scope: Scope) -> list[str]:
        """The outlets of the articles ``scope`` sees, in alphabetical order."""
        return sorted({a.outlet for a in self.store.articles(scope) if a.outlet}, key=str.casefold)

    def hide_outlet(self, server: int, outlet: str, hidden: bool = True) -> bool:
        """Hide an outlet in a server (never quoted or cited there), or show it again; whether
        that changed anything."""
        return self.store.owners.hide_outlet(server, outlet, hidden)

    def hidden_outlets(self, server: int) -> list[str]:
        return self.store.owners.hidden_outlets(server)

    def own_articles(self, server: int) -> set[int]:
        """The ids of the articles a server added that are not shared (those its scope alone sees)."""
        return self.store.owners.own(server)

    def record_question(self, server: int, question: str, answered: bool) -> int | None:
        """Keep a question asked in Discord for ``insights``; its id for votes on its answer, or
        None when questions are not stored."""
        return self.store.questions.add(server, question, answered) if self.store_questions else None

    def vote(self, question_id: int, voter: int, up: bool, quotes: list[str]) -> bool:
        """A reader's vote on an answer (their id is kept only as a keyed hash); False when the
        question is no longer kept or questions are not stored."""
        return self.store_questions and self.store.questions.vote(question_id, voter, up, quotes)

    def insights(self, server: int, days: int = KEPT_DAYS) -> Insights:
        """The last ``days`` days of questions asked in ``server`` (0: direct messages)."""
        since = datetime.now(UTC) - timedelta(days=days)
        questions = self.store.questions
        return gather_insights(
            questions.asked(server, since), questions.voted_down(server, since), self.encode, days
        )
