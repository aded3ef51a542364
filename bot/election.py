"""Which of the bot processes sharing a store is the writer: the one holding the writer lock
(``index.store.writer``). The writer polls the feeds and posts the briefings and the follows'
updates; every process answers questions.

The election tries the lock when the bot is ready and every ``RETRY`` seconds after. On SQLite,
one machine's, the one bot gets it at once, as before there were several. On PostgreSQL the first
process gets it and the others keep trying, so that one of them takes over within ``RETRY``
seconds of the writer's death (a killed process's session ends at once; a dead machine's, after
the keepalives of ``index.store.postgres_writer``). The writer checks every ``RETRY`` seconds that
it still holds the lock, and stops its tasks when it does not (its connection to the database
failed); what it sends is claimed first (``bot.claims``), so that the old writer and the new one
never both send a briefing or an update in the moment before it notices, and what the old writer
claimed but did not say it sent, the new one sends as it starts (``bot.deliveries``), once.
"""

import asyncio
import logging
from collections.abc import Sequence

from index import RETRY, WriterLock, process_name

from .background import Background, cancel

log = logging.getLogger(__name__)


class Election:
    NAME = "newsbot-election"

    def __init__(self, lock: WriterLock, duties: Sequence[Background]) -> None:
        self.lock = lock
        self.duties = duties  # the tasks only the writer runs
        self.writer = False
        self._task: asyncio.Task[None] | None = None
        self._holder: str | None = None  # the writer last said to be, when it is another process

    @property
    def running(self) -> bool:
        """Whether the election has started (the bot is ready) and not stopped."""
        return self._task is not None

    async def start(self) -> None:
        """Try the lock now, then every ``RETRY`` seconds (and check it is still held)."""
        if self._task is None:
            await self._look()
            self._task = asyncio.create_task(self._run(), name=self.NAME)

    async def stop(self) -> None:
        """Stop trying, stop the writer's tasks and let go of the lock."""
        task, self._task = self._task, None
        await cancel(task)
        await self._resign()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(RETRY)
            try:
                await self._look()
            except Exception:  # a bug: the next look may well work
                log.exception("the writer election failed; trying again in %g s", RETRY)

    async def _look(self) -> None:
        if self.writer:
            if not await asyncio.to_thread(self.lock.still_held):
                log.warning("%s lost the writer lock: feeds, briefings and follows stop here", process_name())
                await self._resign()
        elif await asyncio.to_thread(self.lock.try_acquire):
            self.writer, self._holder = True, None
            log.info("%s is the writer: it polls feeds, posts briefings and follow updates", process_name())
            for duty in self.duties:
                duty.enabled = True
                duty.start()
        else:
            holder = await asyncio.to_thread(self.lock.holder)
            if holder != self._holder:
                self._holder = holder
                log.info("%s is the writer; this process answers questions", holder or "another process")

    async def _resign(self) -> None:
        for duty in self.duties:
            duty.enabled = False
            await duty.stop()
        if self.writer:
            self.writer = False
            await asyncio.to_thread(self.lock.release)
