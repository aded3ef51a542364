"""Stories followed in Discord, kept in the bot's tables (see ``bot.schedules``), and the
task that sends their updates (``index.report.follows``).

A follow is a server's: a member's, sent by DM (``channel_id`` 0), or a channel's, set by a
manager (``user_id`` 0). Its updates read what that server sees, whoever gets them. The task looks
every ``CHECK_EVERY`` seconds, and at once when woken after a publish; a follow is updated only
when the index or what the server sees changed since its last look, and at most one message per
``AT_MOST_EVERY`` is sent for it: news that comes sooner waits, and is sent with what comes next.
An update with no new fact sends nothing. An update is claimed, with its messages
(``bot.claims``), before it is sent, so that it is sent once (``bot.deliveries``); only the
writer (``bot.election``) runs the task.
"""

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from index import Database, Followed, Migration, NotFound, create_tables, migrate

from . import claims
from .background import Background
from .deliveries import Deliver, payload
from .render import embeds
from .scopes import scope_of
from .worker import Worker

log = logging.getLogger(__name__)

CHECK_EVERY = 60.0  # seconds, at most, between two looks at the follows
AT_MOST_EVERY = timedelta(hours=1)  # one message per story and follower
_SCHEMA = """
CREATE TABLE IF NOT EXISTS follows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    articles TEXT NOT NULL,
    last_sent TEXT
)
"""
_MIGRATIONS = (Migration(1, create_tables(_SCHEMA)),)


@dataclass(frozen=True)
class Follow:
    id: int
    guild_id: int
    user_id: int  # 0: a channel's follow
    channel_id: int  # 0: sent by DM
    followed: Followed
    last_sent: datetime | None

    def due(self, now: datetime) -> bool:
        return self.last_sent is None or now - self.last_sent >= AT_MOST_EVERY


class FollowTable:
    """The follows table; safe to use from the event loop's thread and the worker's."""

    def __init__(self, database: Database) -> None:
        self.database = database
        migrate(database, "follows", _MIGRATIONS)
        claims.prepare(database)

    def add(self, guild_id: int, user_id: int, channel_id: int, followed: Followed) -> None:
        """A new follow; its first update may be sent as soon as there is news."""
        with self.database.write() as tx:
            tx.execute(
                "INSERT INTO follows (guild_id, user_id, channel_id, title, articles, last_sent)"
                " VALUES (?, ?, ?, ?, ?, NULL)",
                (guild_id, user_id, channel_id, followed.title, json.dumps(followed.articles)),
            )

    def all(self, guild_id: int | None = None) -> list[Follow]:
        where, args = ("WHERE guild_id = ?", (guild_id,)) if guild_id is not None else ("", ())
        rows = self.database.rows(f"SELECT * FROM follows {where} ORDER BY id", args)
        return [
            Follow(i, g, u, c, Followed(t, tuple(json.loads(a))), datetime.fromisoformat(s) if s else None)
            for i, g, u, c, t, a, s in rows
        ]

    def of(self, guild_id: int, user_id: int, channel_id: int) -> list[Follow]:
        """The follows of a member (``channel_id`` 0) or of a channel (``user_id`` 0) in a server."""
        return [f for f in self.all(guild_id) if (f.user_id, f.channel_id) == (user_id, channel_id)]

    def claim(
        self, follow: Follow, followed: Followed, now: datetime, messages: str
    ) -> claims.Outgoing | None:
        """Claim the update of ``follow`` that comes after its last one, ``messages`` (JSON, see
        ``claims.Outgoing``), for this process to send, keeping the story as ``followed`` now is
        and counting the update as sent at ``now``; None when it was claimed already."""
        after = follow.last_sent.isoformat() if follow.last_sent else "none"
        key = f"follow {follow.id} after {after}"
        to, dm = (follow.user_id, True) if follow.user_id else (follow.channel_id, False)
        outgoing = claims.Outgoing(key, to, dm, messages)
        with self.database.write() as tx:
            if not claims.claim(tx, outgoing, now):
                return None
            tx.execute(
                "UPDATE follows SET title = ?, articles = ?, last_sent = ? WHERE id = ?",
                (followed.title, json.dumps(followed.articles), now.isoformat(), follow.id),
            )
            return outgoing

    def remove(self, follow_id: int) -> None:
        with self.database.write() as tx:
            tx.execute("DELETE FROM follows WHERE id = ?", (follow_id,))


class FollowChecker(Background):
    NAME = "newsbot-follows"

    def __init__(
        self,
        worker: Worker,
        follows: FollowTable,
        deliver: Deliver,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self.worker, self.follows = worker, follows
        self.deliver, self.clock = deliver, clock
        self._looked: dict[int, object] = {}  # follow id -> what it was last updated from

    def published(self) -> None:
        """Something was published or a follow added: look now."""
        self._wake.set()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.check()
            except Exception:  # the store, a bug: the next look may well work
                log.exception("sending the follows' updates failed; looking again in a minute")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), CHECK_EVERY)

    async def check(self) -> None:
        """Send every follow's update that is due and has news."""
        for follow in self.follows.all():
            now = self.clock()
            seen = await self.worker.index_seen(scope_of(follow.guild_id))
            if not follow.due(now) or self._looked.get(follow.id) == seen:
                continue
            try:
                update = await self.worker.story_update(follow.followed, scope_of(follow.guild_id))
            except NotFound:
                continue  # its articles are gone for now: it may come back
            self._looked[follow.id] = seen
            if not update.facts:
                continue
            messages = payload(embeds.follow_update(update))
            outgoing = self.follows.claim(follow, update.followed, now, messages)
            if outgoing is not None:
                await self.deliver(outgoing)
