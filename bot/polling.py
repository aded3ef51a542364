"""Polling the watched feeds in the background while the bot runs, as ``newsbot watch`` does.

A round is ``Worker.poll_feeds``: the engine's, run as one write on the worker's writer thread,
the same slot ``/reindex`` and ``/ingest`` take, so a round never writes beside them. When one of
them is running, the round waits for it (trying again every ``BUSY_RETRY`` seconds); while a round
runs, they are refused as busy, as they refuse each other. Rounds are ``next_wait(settings)`` apart,
counted from the end of the previous one.

The task runs while at least one feed is watched: it starts when the bot is ready, and again when
``/feeds add`` adds a feed after the last one was removed; it ends by itself when it finds no feed,
and is cancelled when the bot closes. A round that raises is logged and the next one runs on time.
"""

import asyncio
import contextlib
import logging

from index import Settings
from index.feeds import PollReport, next_wait

from .background import Background
from .worker import Busy, Worker

log = logging.getLogger(__name__)

BUSY_RETRY = 5.0  # seconds between two tries of a round while an ingest or reindex runs


class Poller(Background):
    NAME = "newsbot-feed-poller"

    def __init__(self, worker: Worker, settings: Settings) -> None:
        super().__init__()
        self.worker = worker
        self.settings = settings

    def poll_soon(self) -> None:
        """Start polling, or end the current wait so the next round runs now (a feed was added)."""
        self._wake.set()
        self.start()

    async def poll_once(self) -> PollReport:
        """One round of every feed: waits for a running ingest or reindex, then holds the writer."""
        while True:
            try:
                return await self.worker.poll_feeds()
            except Busy:
                await asyncio.sleep(BUSY_RETRY)

    async def _run(self) -> None:
        while True:
            self._wake.clear()  # a feed added from here on gets a round of its own right after this one
            try:
                if await self.worker.feeds(None):
                    _log(await self.poll_once())
                elif not self._wake.is_set():  # and none was added while we looked
                    log.info("no feeds are watched: polling stops until one is added")
                    return
            except Exception:  # the store, a bug: the next round may well work
                log.exception("polling the feeds failed; the next round is in the usual time")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), next_wait(self.settings))


def _log(report: PollReport) -> None:
    added = sum(len(f.added) for f in report.feeds)
    updated = sum(len(f.updated) for f in report.feeds)
    failed = sum(len(f.failed) + bool(f.error) for f in report.feeds)
    level = logging.WARNING if report.failed else logging.INFO
    text = "polled %d feeds: %d articles added, %d updated, %d failed%s"
    why = " (/feeds list shows why)" if report.failed else ""
    log.log(level, text, len(report.feeds), added, updated, failed, why)
