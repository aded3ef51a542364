"""Posting each server's briefing when it is due (see ``bot.schedules``), while the bot runs.

The task sleeps until the next scheduled time of any server (at most ``CHECK_EVERY`` seconds, and
woken at once when ``/briefing set`` changes a schedule), then posts every briefing owed: the
stories since the last one (at least the last day), as embeds without pings. Built on the readers'
pool like questions, so a briefing goes out while a reindex runs. Each is claimed, with its
messages, before it is posted (``Schedules.claim``): one another process claimed is not posted
here, and one this process claimed but did not post is posted by the next writer
(``bot.deliveries``). A channel that cannot be posted to is logged and the briefing counted as
posted, so it is not retried all day. Only the writer (``bot.election``) runs the task.
"""

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

from index import Period

from .background import Background
from .deliveries import Deliver, payload
from .render import embeds
from .schedules import Schedule, Schedules
from .scopes import scope_of
from .worker import Worker

log = logging.getLogger(__name__)

CHECK_EVERY = 60.0  # seconds, at most, between two looks at the schedules


class Briefer(Background):
    NAME = "newsbot-briefings"

    def __init__(self, worker: Worker, schedules: Schedules, deliver: Deliver) -> None:
        super().__init__()
        self.worker = worker
        self.schedules = schedules
        self.deliver = deliver

    def changed(self) -> None:
        """A schedule was set or removed: look again now."""
        self._wake.set()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                for schedule in self.schedules.all():
                    slot = schedule.due(datetime.now(UTC))
                    if slot is not None:
                        await self.post(schedule, slot)
            except Exception:  # the store, a bug: the next look may well work
                log.exception("posting the briefings failed; looking again in a minute")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), _until_next(self.schedules.all()))

    async def post(self, schedule: Schedule, slot: datetime) -> None:
        """Make the briefing of ``slot`` and post it, unless another process claimed it first."""
        now = datetime.now(UTC)
        since = Period(start=min(schedule.last_posted, now - timedelta(days=1)).date())
        made = await self.worker.briefing(since, schedule.topics, scope_of(schedule.guild_id))
        messages = embeds.briefing(made) if made.stories or schedule.quiet_note else []
        outgoing = self.schedules.claim(schedule, slot, now, payload(messages))
        if outgoing is not None:
            await self.deliver(outgoing)


def _until_next(schedules: list[Schedule]) -> float:
    """Seconds until the next scheduled time of any server, at most ``CHECK_EVERY``."""
    now = datetime.now(UTC)
    waits = [(s.next_time(now) - now).total_seconds() for s in schedules]
    return max(0.5, min([CHECK_EVERY, *waits]))
