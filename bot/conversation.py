"""What was asked before, so a follow-up can be read in its light.

A conversation is found from the bot's answer a message replies to, or from the thread or DM it
is asked in. Memory is bounded and lives in the process; after a restart a reply still continues
from the question the answered message shows.
"""

from collections import OrderedDict

KEEP_QUESTIONS = 3  # the last questions of a conversation handed to the engine
REMEMBERED = 2000  # answers and channels remembered, least recently used forgotten first


class Conversations:
    def __init__(self) -> None:
        self._by_answer: OrderedDict[int, list[str]] = OrderedDict()
        self._by_channel: OrderedDict[int, list[str]] = OrderedDict()

    def after_answer(self, message_id: int) -> list[str] | None:
        """The questions that led to the bot's answer ``message_id``, if remembered."""
        return _get(self._by_answer, message_id)

    def in_channel(self, channel_id: int) -> list[str]:
        """The questions last asked in a thread or DM (callers pass only those channels)."""
        return _get(self._by_channel, channel_id) or []

    def remember(self, questions: list[str], answers: list[int], channel_id: int | None) -> None:
        """``questions`` (the latest last) were answered by the messages ``answers``."""
        questions = questions[-KEEP_QUESTIONS:]
        for message_id in answers:
            _put(self._by_answer, message_id, questions)
        if channel_id is not None:
            _put(self._by_channel, channel_id, questions)


def _get(memory: OrderedDict[int, list[str]], key: int) -> list[str] | None:
    if key in memory:
        memory.move_to_end(key)
        return list(memory[key])
    return None


def _put(memory: OrderedDict[int, list[str]], key: int, questions: list[str]) -> None:
    memory[key] = questions
    memory.move_to_end(key)
    while len(memory) > REMEMBERED:
        memory.popitem(last=False)
