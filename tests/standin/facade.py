"""The stand-in as tests use it: a Discord of guilds that an unmodified discord.py bot connects to.

Every method is synchronous and thread-safe: state changes run on the server's loop thread, and the
``wait_*`` methods block the calling (test) thread on the world's condition variable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Self

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from . import actions
from .app import API, build_app
from .gateway import Gateway
from .guilds import Guild
from .intents import PRIVILEGED
from .models import File, Interaction, Message, User
from .records import Records
from .server import ServerThread
from .state import World


class DiscordStandIn(Records):
    """A Discord on 127.0.0.1: REST under :attr:`api_base`, the gateway at :attr:`gateway_url`.

    Its first guild (:attr:`guild`) has @everyone, an "Admin" role with MANAGE_GUILD held by
    :attr:`admin`, a plain :attr:`member`, the bot (:attr:`bot_user`, whose id is also
    :attr:`application_id`), the text channel :attr:`channel_id` and the public thread
    :attr:`thread_id` under it. :meth:`add_guild` adds others alike. Ids are strings.
    """

    def __init__(
        self,
        *,
        heartbeat_interval: float = 41.25,
        interaction_deadline: float = 3.0,
        privileged_intents: int = PRIVILEGED,
        shards: int = 1,
    ) -> None:
        """``privileged_intents``: those switched on in the "developer portal"; others close with 4014.
        ``shards``: the shard count GET /gateway/bot recommends."""
        self.heartbeat_interval = heartbeat_interval
        world = World()
        super().__init__(world)
        self._gateway = Gateway(world, heartbeat_interval, privileged_intents, shards)
        self._server = ServerThread(lambda: build_app(world, self._gateway, interaction_deadline))
        self.token = world.token  # the only token GET /users/@me and IDENTIFY accept
        self.application_id, self.bot_user = world.application_id, world.bot_user
        self.guild = world.add_guild("Stand-in News", admin="ada", member="max")
        self.guilds = [self.guild]  # and those add_guild adds
        self.guild_id, self.admin_role_id = self.guild.id, self.guild.admin_role_id
        self.channel_id, self.thread_id = self.guild.channel_id, self.guild.thread_id
        self.admin, self.member = self.guild.admin, self.guild.member

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self._server.start()
        self._world.http_base = f"http://127.0.0.1:{self._server.port}"
        self._gateway.url = f"ws://127.0.0.1:{self._server.port}/gateway"

    def stop(self) -> None:
        self._server.stop()

    @property
    def api_base(self) -> str:
        return self._world.http_base + API

    @property
    def gateway_url(self) -> str:
        return self._gateway.url

    @contextmanager
    def patched(self) -> Iterator[Self]:
        """Points discord.py's REST base and default gateway at the stand-in, restoring them afterwards."""
        base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self.api_base, yarl.URL(self.gateway_url)
        try:
            yield self
        finally:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway

    # what users do ------------------------------------------------------------------------------------
    def add_guild(self, name: str, *, admin: str, member: str) -> Guild:
        """Another guild with the bot in it, its own roles, channel, thread, ``admin`` and ``member``;
        a connected bot gets its GUILD_CREATE."""

        def add() -> Guild:
            guild = self._world.add_guild(name, admin=admin, member=member)
            self._gateway.joined(guild)
            return guild

        guild = self._server.call(add)
        self.guilds.append(guild)
        return guild

    def add_member(self, username: str, guild: Guild | None = None) -> User:
        """Another plain member of ``guild`` (the first guild by default)."""
        return self._server.call(lambda: self._world.add_member(guild or self.guild, username))

    def open_command(self, name: str, guild: Guild | None = None) -> None:
        """Opens ``/name`` to every member, as a server's Integrations settings can, whatever the
        command's ``default_member_permissions`` say."""
        self._server.call(lambda: (guild or self.guild).opened_commands.add(name))

    def add_attachment(
        self, filename: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> dict[str, Any]:
        """An uploaded file's attachment object, for attachment options; its ``url`` serves ``data``."""
        return self._server.call(lambda: self._world.store_file(File(filename, data, content_type)))

    def slash(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: User | None = None,
        guild: bool = True,
        channel_id: str | None = None,
    ) -> Interaction:
        """Runs ``/name`` (``"group sub"`` for a subcommand) in a guild's channel (the first guild's
        by default), or in a DM."""
        user, channel_id = user or self.member, channel_id or self.channel_id
        return self._interact(
            lambda: actions.command(
                self._world, name, options or {}, user=user, guild=guild, channel_id=channel_id
            )
        )

    def autocomplete(
        self,
        name: str,
        option: str,
        value: str,
        *,
        options: Mapping[str, Any] | None = None,
        user: User | None = None,
        guild: bool = True,
        channel_id: str | None = None,
        timeout: float = 5.0,
    ) -> list[dict[str, Any]]:
        """Types ``value`` into ``option`` of ``/name`` and returns the choices the bot answered."""
        user, channel_id = user or self.member, channel_id or self.channel_id
        values = {**(options or {}), option: value}
        interaction = self._interact(
            lambda: actions.command(
                self._world, name, values, user=user, guild=guild, channel_id=channel_id, focused=option
            )
        )
        callback = interaction.wait_ack(timeout)
        if interaction.choices is None:
            raise AssertionError(f"autocomplete was refused: {callback}")
        return interaction.choices

    def click(
        self, message: Message, custom_id: str, *, user: User | None = None, values: list[str] | None = None
    ) -> Interaction:
        """Clicks the button ``custom_id`` of ``message`` (or picks ``values`` in a select menu)."""
        user = user or self.member
        return self._interact(
            lambda: actions.click(self._world, message, custom_id, user=user, values=values)
        )

    def send_message(
        self,
        content: str,
        author: User | None = None,
        channel_id: str | None = None,
        *,
        mention_bot: bool = False,
        reply_to: Message | None = None,
        reply_ping: bool = True,
        attachments: tuple[dict[str, Any], ...] = (),
    ) -> Message:
        """A user's message (in :attr:`channel_id` by default); ``mention_bot`` adds the bot's mention."""
        return self._server.call(
            lambda: actions.user_message(
                self._world,
                content,
                author=author or self.member,
                channel_id=channel_id or self.channel_id,
                mention_bot=mention_bot,
                reply_to=reply_to,
                reply_ping=reply_ping,
                attachments=list(attachments),
            )
        )

    def dm(self, content: str, author: User | None = None, *, reply_to: Message | None = None) -> Message:
        """A user's message to the bot in their DM channel (no ``guild_id``; always carries content)."""
        author = author or self.member
        return self.send_message(content, author, self.dm_channel_id(author), reply_to=reply_to)

    def dm_channel_id(self, user: User) -> str:
        return self._server.call(lambda: self._world.open_dm(user))["id"]

    def reconnect(self) -> None:
        """Sends op 7 RECONNECT: the client reconnects and RESUMEs (see :attr:`resumes`)."""
        self._server.call(self._gateway.reconnect)

    def _interact(self, build: Callable[[], dict[str, Any]]) -> Interaction:
        def start() -> Interaction:
            if not self._gateway.live():
                raise RuntimeError("no bot is connected to the stand-in's gateway")
            payload = build()
            now = time.monotonic()
            interaction = Interaction(payload, now, self._world.cond, last_activity=now)
            with self._world.changing():
                self._world.interactions[interaction.id] = interaction
            self._world.dispatch("INTERACTION_CREATE", payload)
            return interaction

        return self._server.call(start)
