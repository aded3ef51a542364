"""What the stand-in records: users, messages with their revisions, interactions and their callbacks.

Records are written on the server thread under ``World.cond`` and read by tests on theirs; times are
``time.monotonic()`` seconds, comparable with the test's own clock.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .limits import pings

EPHEMERAL = 1 << 6
LOADING = 1 << 7


@dataclass(frozen=True)
class User:
    id: str
    username: str
    bot: bool = False

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass(frozen=True)
class File:
    filename: str
    data: bytes
    content_type: str


@dataclass(frozen=True)
class Revision:
    """One version of a message: as posted, then after each edit."""

    at: float
    payload: dict[str, Any]
    allowed_mentions: dict[str, Any] | None


@dataclass(eq=False)
class Message:
    """A message in a channel (or an ephemeral one only its user sees); ``revisions[-1]`` is current."""

    revisions: list[Revision]
    interaction_id: str | None = None
    deleted_at: float | None = None

    @property
    def payload(self) -> dict[str, Any]:
        return self.revisions[-1].payload

    @property
    def id(self) -> str:
        return self.payload["id"]

    @property
    def channel_id(self) -> str:
        return self.payload["channel_id"]

    @property
    def author_id(self) -> str:
        return self.payload["author"]["id"]

    @property
    def content(self) -> str:
        return self.payload["content"]

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.payload["embeds"]

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.payload["components"]

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return self.payload["attachments"]

    @property
    def flags(self) -> int:
        return self.payload["flags"]

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        return self.revisions[-1].allowed_mentions

    @property
    def created_at(self) -> float:
        return self.revisions[0].at

    @property
    def edited_at(self) -> float | None:
        return self.revisions[-1].at if len(self.revisions) > 1 else None

    @property
    def reference_id(self) -> str | None:
        return (self.payload.get("message_reference") or {}).get("message_id")

    @property
    def pings(self) -> frozenset[str]:
        """Who the current version notifies (see :func:`limits.pings`); empty means it pings nobody."""
        replied = (self.payload.get("referenced_message") or {}).get("author", {}).get("id")
        return pings(self.content, self.allowed_mentions, replied)


@dataclass(frozen=True)
class Callback:
    """One ``POST /interactions/{id}/{token}/callback`` attempt, accepted or not."""

    type: int
    data: dict[str, Any] | None
    delay: float
    status: int
    code: int | None = None


@dataclass(frozen=True)
class RestRequest:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: tuple[str, ...]
    at: float


@dataclass(frozen=True)
class Rejection:
    """A request Discord would refuse for its body: code 50035 (limits) or 50006 (empty message)."""

    method: str
    path: str
    code: int
    errors: dict[str, Any] | None
    json: Any


@dataclass(eq=False)
class Interaction:
    """An interaction dispatched to the bot, and everything the bot did to answer it."""

    payload: dict[str, Any]
    dispatched_at: float
    cond: threading.Condition = field(repr=False)
    callbacks: list[Callback] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    original: Message | None = None
    choices: list[dict[str, Any]] | None = None
    updates: int = 0
    last_activity: float = 0.0

    @property
    def id(self) -> str:
        return self.payload["id"]

    @property
    def token(self) -> str:
        return self.payload["token"]

    @property
    def type(self) -> int:
        return self.payload["type"]

    @property
    def accepted(self) -> Callback | None:
        return next((cb for cb in self.callbacks if cb.status < 300), None)

    @property
    def ack_delay(self) -> float | None:
        """Seconds from dispatch to the accepted callback (None when none was accepted)."""
        return self.accepted.delay if self.accepted else None

    @property
    def expired(self) -> bool:
        return any(cb.code == 10062 for cb in self.callbacks)

    def settled(self) -> bool:
        """Answered for good: refused, or accepted and, when deferred, followed by an edit or follow-up."""
        if not self.callbacks:
            return False
        accepted = self.accepted
        return accepted is None or accepted.type not in (5, 6) or self.updates > 0

    def wait_ack(self, timeout: float = 10.0) -> Callback:
        """Waits for the bot's first callback attempt and returns it."""
        with self.cond:
            if not self.cond.wait_for(lambda: self.callbacks, timeout):
                raise TimeoutError(f"interaction {self.id}: no callback within {timeout}s")
            return self.callbacks[0]

    def wait_done(self, timeout: float = 30.0, settle: float = 0.3) -> Interaction:
        """Waits until :meth:`settled` and then quiet (no callback or webhook call) for ``settle`` s."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                now = time.monotonic()
                quiet_for = now - self.last_activity
                if self.settled() and quiet_for >= settle:
                    return self
                if now >= deadline:
                    raise TimeoutError(f"interaction {self.id} not done within {timeout}s: {self.callbacks}")
                wait = settle - quiet_for if self.settled() else deadline - now
                self.cond.wait(min(max(wait, 0.01), deadline - now))
