"""The world the bot lives in: its guilds, channels and users, and everything recorded since.

Mutated only on the server's event loop, always inside :meth:`World.changing` so that tests waiting
on :attr:`World.cond` from their own thread wake up.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from . import payloads
from .commands import CommandStore
from .guilds import Guild, new_guild
from .models import File, Interaction, Message, Rejection, RestRequest, Revision, User

DISCORD_EPOCH_MS = 1420070400000


class World:
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self._id_lock = threading.Lock()
        self._last_id = 0
        self.http_base = ""  # http://127.0.0.1:PORT, known once the server has bound its port
        self.dispatch: Callable[[str, dict[str, Any]], None] = lambda event, data: None

        bot_id = self.new_id()
        self.token = (
            f"{base64.b64encode(bot_id.encode()).decode().rstrip('=')}.standin.{secrets.token_urlsafe(27)}"
        )
        self.application_id = bot_id  # applications made since 2017 share their bot user's id
        self.bot_user = User(bot_id, "newsbot", bot=True)
        self.users: dict[str, User] = {bot_id: self.bot_user}
        self.guilds: dict[str, Guild] = {}
        self.owner: User | None = None  # the application's owner: the first guild's admin
        self.channels: dict[str, dict[str, Any]] = {}
        self.dm_channels: dict[str, str] = {}  # user id -> DM channel id

        self.commands = CommandStore(self.new_id, self.application_id)
        self.messages: dict[str, Message] = {}
        self.interactions: dict[str, Interaction] = {}
        self.files: dict[str, File] = {}  # attachment id -> what GET /attachments/{id}/{name} serves
        self.requests: list[RestRequest] = []
        self.rejections: list[Rejection] = []
        self.identifies: list[dict[str, Any]] = []
        self.heartbeats: list[list[float]] = []  # arrival times, one list per websocket connection
        self.resumes = 0

    def new_id(self) -> str:
        """A snowflake: milliseconds since Discord's epoch shifted left 22 bits, unique and increasing."""
        with self._id_lock:
            stamp = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
            self._last_id = max(stamp, self._last_id + 1)
            return str(self._last_id)

    @contextmanager
    def changing(self) -> Iterator[None]:
        with self.cond:
            yield
            self.cond.notify_all()

    def wait(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:
        """Waits (on a test's thread) until ``predicate()`` is truthy and returns its value."""
        with self.cond:
            result = self.cond.wait_for(predicate, timeout)
        if not result:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        return result

    # who may do what --------------------------------------------------------------------------------
    def add_guild(self, name: str, *, admin: str, member: str) -> Guild:
        """A new guild the bot is a member of (see :func:`guilds.new_guild`)."""
        with self.changing():
            guild, channels = new_guild(
                self.new_id, name, self.bot_user, self.users, admin=admin, member=member
            )
            self.guilds[guild.id] = guild
            self.channels.update({channel["id"]: channel for channel in channels})
            self.owner = self.owner or guild.admin
        return guild

    def add_member(self, guild: Guild, username: str) -> User:
        with self.changing():
            user = User(self.new_id(), username)
            self.users[user.id] = user
            guild.members[user.id] = ()
        return user

    def guild_of(self, channel_id: str) -> Guild | None:
        """The guild a channel belongs to; None for a DM."""
        guild_id = self.channels.get(channel_id, {}).get("guild_id")
        return self.guilds.get(guild_id) if guild_id else None

    def in_guild(self, channel_id: str) -> bool:
        return self.guild_of(channel_id) is not None

    def open_dm(self, user: User) -> dict[str, Any]:
        """The DM channel between ``user`` and the bot, created on first use."""
        with self.changing():
            if user.id not in self.dm_channels:
                channel_id = self.new_id()
                self.dm_channels[user.id] = channel_id
                self.channels[channel_id] = payloads.dm_channel(channel_id, user)
            return self.channels[self.dm_channels[user.id]]

    # records ----------------------------------------------------------------------------------------
    def store_file(
        self, file: File, *, description: str | None = None, ephemeral: bool = False
    ) -> dict[str, Any]:
        """Keeps ``file`` for download and returns its attachment object, its url served by the stand-in."""
        attachment_id = self.new_id()
        with self.changing():
            self.files[attachment_id] = file
        url = f"{self.http_base}/attachments/{attachment_id}/{file.filename}"
        data = {
            "id": attachment_id,
            "filename": file.filename,
            "size": len(file.data),
            "url": url,
            "proxy_url": url,
            "content_type": file.content_type,
        }
        if description:
            data["description"] = description
        if ephemeral:
            data["ephemeral"] = True
        return data

    def add_message(self, message: Message) -> None:
        with self.changing():
            self.messages[message.id] = message
            channel = self.channels.get(message.channel_id)
            if channel is not None and not message.ephemeral:
                channel["last_message_id"] = message.id

    def revise(
        self, message: Message, payload: dict[str, Any], allowed_mentions: dict[str, Any] | None
    ) -> None:
        with self.changing():
            message.revisions.append(Revision(time.monotonic(), payload, allowed_mentions))

    def visible_message(self, channel_id: str, message_id: str) -> Message | None:
        """A message the bot can fetch from a channel: not deleted, not ephemeral."""
        message = self.messages.get(message_id)
        if message is None or message.channel_id != channel_id or message.deleted_at or message.ephemeral:
            return None
        return message
