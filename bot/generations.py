"""Serving the generation another process published, when several bot processes share one
PostgreSQL database and one segments folder (docs/operations.md, "Several bot processes").

Every ``POLL_SECONDS`` the one row naming the published generation is read; when it names a newer
one than this process serves, that generation is loaded off the event loop (only the segments
this process lacks), so the next question finds it ready instead of loading it. With SQLite there
is one process, whose own publishes are what it serves: the watcher is not started.
"""

import asyncio
import logging

from .background import Background
from .worker import Worker

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0


class GenerationWatcher(Background):
    NAME = "newsbot-generations"

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.worker = worker

    async def _run(self) -> None:
        while True:
            try:
                await self.worker.load_newest()
            except Exception:  # the database, the folder: the next poll may well work
                log.exception("could not load the newest generation; trying again")
            await asyncio.sleep(POLL_SECONDS)
