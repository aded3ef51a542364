"""What the bot did and the stand-in saw, as read-only views for tests; waits block the test's thread."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from .models import Interaction, Message, Rejection, RestRequest
from .state import World


class Records:
    def __init__(self, world: World) -> None:
        self._world = world

    # waiting for the bot ------------------------------------------------------------------------------
    def wait_ready(self, timeout: float = 10.0, after: int = 0) -> dict[str, Any]:
        """Waits for an IDENTIFY answered with READY (and GUILD_CREATE), beyond the first ``after``
        (a bot started again: ``identified`` before it started); returns it, minus the token."""
        return self._world.wait(lambda: self._world.identifies[after:][-1:], timeout, "IDENTIFY")[0]

    @property
    def identified(self) -> int:
        """How many IDENTIFYs the stand-in has answered."""
        with self._world.cond:
            return len(self._world.identifies)

    @property
    def intents(self) -> int | None:
        """The intents of the last IDENTIFY."""
        return self._world.identifies[-1].get("intents") if self._world.identifies else None

    def wait_commands(
        self, guild_id: str | None = None, *, names: tuple[str, ...] = (), timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Waits until commands are synced to the scope (global when ``guild_id`` is None), with ``names``."""

        def synced() -> bool:
            found = {command["name"] for command in self._world.commands.get(guild_id)}
            return self._world.commands.synced(guild_id) and set(names) <= found

        self._world.wait(synced, timeout, f"commands {names or ''} synced to {guild_id or 'global'}")
        return self.commands(guild_id)

    def commands(self, guild_id: str | None = None) -> list[dict[str, Any]]:
        """The commands as Discord stores them (ids, ``default_member_permissions`` as a string, …)."""
        with self._world.cond:
            return self._world.commands.get(guild_id)

    # what happened ------------------------------------------------------------------------------------
    def messages(self, channel_id: str | None = None) -> list[Message]:
        """Every message (users' and the bot's, ephemeral ones too), oldest first."""
        with self._world.cond:
            return [m for m in self._world.messages.values() if channel_id in (None, m.channel_id)]

    def bot_messages(self, channel_id: str | None = None) -> list[Message]:
        return [m for m in self.messages(channel_id) if m.author_id == self._world.bot_user.id]

    def wait_bot_messages(
        self, channel_id: str, count: int = 1, *, after: Message | None = None, timeout: float = 10.0
    ) -> list[Message]:
        """Waits for ``count`` bot messages in the channel (newer than ``after``) and returns all of them."""

        def found() -> list[Message]:
            newer = [m for m in self.bot_messages(channel_id) if after is None or int(m.id) > int(after.id)]
            return newer if len(newer) >= count else []

        return self._world.wait(found, timeout, f"{count} bot message(s) in channel {channel_id}")

    @property
    def interactions(self) -> list[Interaction]:
        with self._world.cond:
            return list(self._world.interactions.values())

    @property
    def requests(self) -> list[RestRequest]:
        """Every REST request under the API base: method, path (without ``/api/v10``), query, json, time."""
        with self._world.cond:
            return list(self._world.requests)

    @property
    def rejections(self) -> list[Rejection]:
        with self._world.cond:
            return list(self._world.rejections)

    @property
    def heartbeats(self) -> list[float]:
        """Arrival times (``time.monotonic()``) of every heartbeat, over all connections."""
        with self._world.cond:
            return [t for beats in self._world.heartbeats for t in beats]

    @property
    def heartbeat_gaps(self) -> list[float]:
        """Seconds between consecutive heartbeats of the same connection."""
        with self._world.cond:
            return [b - a for beats in self._world.heartbeats for a, b in pairwise(beats)]

    @property
    def resumes(self) -> int:
        return self._world.resumes
