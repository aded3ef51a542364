"""Posting each server's briefing when it is due (see ``bot.schedules``), while the bot runs.

The task sleeps until the next scheduled time of any server (at most ``CHECK_EVERY`` seconds, and
woken at once when ``/briefing set`` changes a schedule), then posts every briefing owed: the
stories since the last one (at least the last day), as embeds without pings. Built on the readers'
pool like questions, so a briefing goes out while a reindex runs. A channel that cannot be posted
to is logged and the briefing counted as posted, so it is not retried all day.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

import discord

from index import Period

from .background import Background
from .render import embeds
from .replies import NO_PINGS
from .schedules import Schedule
from .scopes import scope_of

log = logging.getLogger(__name__)

CHECK_EVERY = 60.0  # seconds, at most, between two looks at the schedules


class Briefer(Background):
    NAME = "newsbot-briefings"

    def changed(self) -> None:
        """A schedule was set or removed: look again now."""
        self._wake.set()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                for schedule in self.bot.schedules.all():
                    if schedule.due(datetime.now(UTC)) is not None:
                        await self.post(schedule)
            except Exception:  # the store, a bug: the next look may well work
                log.exception("posting the briefings failed; looking again in a minute")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), _until_next(self.bot.schedules.all()))

    async def post(self, schedule: Schedule) -> None:
        now = datetime.now(UTC)
        since = Period(start=min(schedule.last_posted, now - timedelta(days=1)).date())
        made = await self.bot.worker.briefing(since, schedule.topics, scope_of(schedule.guild_id))
        try:
            channel = self.bot.get_channel(schedule.channel_id) or await self.bot.fetch_channel(
                schedule.channel_id
            )
            if made.stories or schedule.quiet_note:
                for message in embeds.briefing(made):
                    await channel.send(embeds=message, allowed_mentions=NO_PINGS)  # type: ignore[union-attr]
        except discord.HTTPException as error:
            log.warning("could not post the briefing of server %d: %s", schedule.guild_id, error)
        self.bot.schedules.posted(schedule.guild_id, now)


def _until_next(schedules: list[Schedule]) -> float:
    """Seconds until the next scheduled time of any server, at most ``CHECK_EVERY``."""
    now = datetime.now(UTC)
    waits = [(s.next_time(now) - now).total_seconds() for s in schedules]
    return max(0.5, min([CHECK_EVERY, *waits]))
