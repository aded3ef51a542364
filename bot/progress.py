"""Live progress of an ingest or reindex, shown by editing one message at a throttled pace."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

import discord

from .render import embeds

log = logging.getLogger(__name__)

EVERY = 1.5  # seconds between edits: well inside Discord's limit of 5 edits per 5 s per message

Edit = Callable[[discord.Embed], Awaitable[object]]


class LiveProgress:
    """The engine's progress callback (called on its worker thread) feeding message edits.

    The callback only records the latest (stage, done, total); a task on the event loop shows it
    every ``EVERY`` seconds when it changed, so a fast ingest does not flood Discord with edits.
    """

    def __init__(self, title: str, edit: Edit) -> None:
        self.title = title
        self.edit = edit
        self._latest: tuple[str, int, int] | None = None
        self._shown: tuple[str, int, int] | None = None
        self._task: asyncio.Task[None] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        self._latest = (stage, done, total)

    async def __aenter__(self) -> "LiveProgress":
        self._task = asyncio.create_task(self._show())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _show(self) -> None:
        while True:
            await asyncio.sleep(EVERY)
            latest = self._latest
            if latest is None or latest == self._shown:
                continue
            self._shown = latest
            try:
                await self.edit(embeds.progress(self.title, *latest))
            except discord.HTTPException as error:
                log.warning("could not show progress: %s", error)
