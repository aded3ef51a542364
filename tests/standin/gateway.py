"""The gateway websocket: HELLO, IDENTIFY and READY, RESUME, heartbeats, and dispatch gated by intents.

A session that identifies as shard ``[id, count]`` gets the events of the guilds Discord routes to
it, ``(guild_id >> 22) % count == id``, and shard 0 gets those of no guild (DMs); an invalid shard
closes the connection with 4010.

Frames of one connection go through a queue to a single writer task, so that they leave in the
order they were compressed in (see :mod:`wire`).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from . import payloads
from .guilds import Guild
from .intents import GUILD_MEMBERS, GUILDS, LIMITED_FLAGS, PRIVILEGED, gate
from .state import World
from .wire import Encoder, encoder

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, ACK = (
    0, 1, 2, 6, 7, 8, 9, 10, 11,
)  # fmt: skip
INVALID_SHARD = 4010
GUILD_EVENTS = ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE")  # whose payload's "id" is the guild's


def shard_of(guild_id: int | str | None, count: int) -> int:
    """The shard of ``count`` that Discord sends a guild's events to; 0 for events of no guild."""
    return 0 if guild_id is None else (int(guild_id) >> 22) % count


def guild_of(event: str, data: dict[str, Any]) -> str | None:
    """The guild an event is about, if any."""
    return data.get("id") if event in GUILD_EVENTS else data.get("guild_id")


@dataclass(eq=False)
class Connection:
    ws: web.WebSocketResponse
    encode: Encoder
    beats: list[float]
    queue: asyncio.Queue[str | bytes | int] = field(default_factory=asyncio.Queue)  # int: close code


@dataclass(eq=False)
class Session:
    id: str
    intents: int
    connection: Connection | None
    sent: list[dict[str, Any]] = field(default_factory=list)  # every dispatch, replayed on RESUME
    shard: tuple[int, int] = (0, 1)  # (id, count) as identified

    def receives(self, guild_id: int | str | None) -> bool:
        """Whether the events of ``guild_id`` (None: of no guild) are routed to this session's shard."""
        return shard_of(guild_id, self.shard[1]) == self.shard[0]

    @property
    def seq(self) -> int:
        return len(self.sent)


class Gateway:
    def __init__(
        self, world: World, heartbeat_interval: float, privileged_intents: int, shards: int = 1
    ) -> None:
        self.world = world
        self.shards = shards  # the shard count GET /gateway/bot recommends
        self.interval_ms = round(heartbeat_interval * 1000)
        self.privileged_intents = privileged_intents
        self.url = ""  # ws://127.0.0.1:PORT/gateway, set once the server has bound its port
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        world.dispatch = self.dispatch

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False, max_msg_size=0, autoping=True)
        await ws.prepare(request)
        try:
            encode = encoder(request.query.get("compress"))
        except ValueError as exc:
            await ws.close(code=4000, message=str(exc).encode())
            return ws
        conn = Connection(ws, encode, beats=[])
        with self.world.changing():
            self.world.heartbeats.append(conn.beats)
        self.connections.add(conn)
        writer = asyncio.create_task(self._write(conn))
        self._send(conn, {"op": HELLO, "d": {"heartbeat_interval": self.interval_ms, "_trace": ["standin"]}})
        session: Session | None = None
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    session = self._receive(conn, session, json.loads(msg.data))
        finally:
            self.connections.discard(conn)
            conn.queue.put_nowait(1000)
            await writer
            if session is not None and session.connection is conn:
                session.connection = None
                if ws.close_code in (1000, 1001):  # a clean close ends the session: no RESUME after it
                    self.sessions.pop(session.id, None)
        return ws

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Sends an event to every session entitled to it; disconnected sessions keep it for RESUME."""
        guild_id = guild_of(event, data)
        for session in [s for s in self.sessions.values() if s.receives(guild_id)]:
            visible = gate(session.intents, event, data, self.world.bot_user.id)
            if visible is not None:
                self._dispatch_to(session, event, visible)

    @property
    def application_flags(self) -> int:
        return sum(flag for intent, flag in LIMITED_FLAGS.items() if intent & self.privileged_intents)

    def live(self) -> bool:
        return any(s.connection is not None for s in self.sessions.values())

    def reconnect(self) -> None:
        """Op 7 RECONNECT to every connection: the client closes, reconnects and RESUMEs."""
        for session in self.sessions.values():
            if session.connection is not None:
                self._send(session.connection, {"op": RECONNECT, "d": None})

    async def close_all(self, _app: web.Application | None = None) -> None:
        for conn in list(self.connections):
            await conn.ws.close(code=1001, message=b"stand-in shutting down")

    def _receive(self, conn: Connection, session: Session | None, frame: dict[str, Any]) -> Session | None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            with self.world.changing():
                conn.beats.append(time.monotonic())
            self._send(conn, {"op": ACK})
        elif op == IDENTIFY:
            return self._identify(conn, session, data)
        elif op == RESUME:
            return self._resume(conn, data)
        elif session is None and op not in (3, 4):
            conn.queue.put_nowait(4003)  # Not authenticated
        elif op == REQUEST_MEMBERS:
            guild = self.world.guilds[str(data["guild_id"])]
            members = [payloads.member(guild, self.world.users[user_id]) for user_id in guild.members]
            chunk = {"guild_id": guild.id, "members": members, "chunk_index": 0, "chunk_count": 1}
            self._dispatch_to(
                session, "GUILD_MEMBERS_CHUNK", {**chunk, "not_found": [], "nonce": data.get("nonce")}
            )
        elif op not in (3, 4):  # presence and voice state updates are accepted and ignored
            conn.queue.put_nowait(4001)  # Unknown opcode
        return session

    def _identify(self, conn: Connection, session: Session | None, data: dict[str, Any]) -> Session | None:
        intents, shard = data.get("intents", 0), data.get("shard", [0, 1])
        if session is not None:
            conn.queue.put_nowait(4005)  # Already authenticated
        elif data.get("token") != self.world.token:
            conn.queue.put_nowait(4004)  # Authentication failed
        elif intents & PRIVILEGED & ~self.privileged_intents:
            conn.queue.put_nowait(4014)  # Disallowed intent(s)
        elif not _valid_shard(shard):
            conn.queue.put_nowait(INVALID_SHARD)
        else:
            session = Session(secrets.token_hex(16), intents, conn, shard=(shard[0], shard[1]))
            self.sessions[session.id] = session
            ready = {
                "v": 10,
                "user": {
                    **payloads.user(self.world.bot_user),
                    "verified": True,
                    "mfa_enabled": False,
                    "flags": 0,
                },
                "guilds": [
                    {"id": guild_id, "unavailable": True}
                    for guild_id in self.world.guilds
                    if session.receives(guild_id)
                ],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": self.url,
                "application": {"id": self.world.application_id, "flags": self.application_flags},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "geo_ordered_rtc_regions": [],
                "user_settings": {},
                "_trace": ["standin"],
            }
            if "shard" in data:
                ready["shard"] = data["shard"]
            self._dispatch_to(session, "READY", ready)
            for guild in [g for g in self.world.guilds.values() if session.receives(g.id)]:
                self._guild_create(session, guild)
            with self.world.changing():
                self.world.identifies.append({k: v for k, v in data.items() if k != "token"})
        return session

    def joined(self, guild: Guild) -> None:
        """GUILD_CREATE of a guild the bot was just added to, to every session."""
        for session in [s for s in self.sessions.values() if s.receives(guild.id)]:
            self._guild_create(session, guild)

    def _guild_create(self, session: Session, guild: Guild) -> None:
        if session.intents & GUILDS:
            payload = payloads.guild(self.world, guild, all_members=bool(session.intents & GUILD_MEMBERS))
            self._dispatch_to(session, "GUILD_CREATE", payload)

    def _resume(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get(data.get("session_id", ""))
        if session is None or data.get("token") != self.world.token:
            self._send(conn, {"op": INVALID_SESSION, "d": False})
            return None
        if session.connection is not None:
            session.connection.queue.put_nowait(4000)
        session.connection = conn
        for frame in session.sent[data.get("seq") or 0 :]:
            self._send(conn, frame)
        self._dispatch_to(session, "RESUMED", {"_trace": ["standin"]})
        with self.world.changing():
            self.world.resumes += 1
        return session

    def _dispatch_to(self, session: Session, event: str, data: dict[str, Any]) -> None:
        frame = {"op": DISPATCH, "t": event, "s": session.seq + 1, "d": data}
        session.sent.append(frame)
        if session.connection is not None:
            self._send(session.connection, frame)

    def _send(self, conn: Connection, frame: dict[str, Any]) -> None:
        conn.queue.put_nowait(conn.encode(json.dumps({"s": None, "t": None, **frame})))

    async def _write(self, conn: Connection) -> None:
        while True:
            item = await conn.queue.get()
            if isinstance(item, int):
                await conn.ws.close(code=item)
                return
            try:
                await (conn.ws.send_bytes(item) if isinstance(item, bytes) else conn.ws.send_str(item))
            except ConnectionError:
                return


def _valid_shard(shard: object) -> bool:
    """Whether IDENTIFY's ``shard`` is ``[id, count]`` with 0 <= id < count."""
    if not isinstance(shard, list) or len(shard) != 2 or not all(type(n) is int for n in shard):
        return False
    return 0 <= shard[0] < shard[1]
