"""A task the bot runs beside its event handlers while it is up (feed polling, briefings): started
when the bot is ready, woken early when something changes, cancelled when the bot closes. Each
is handed what it uses (the worker, the schedules, a way to send), not the client.

Only the writer runs them (``bot.election``): a task starts only while it is ``enabled``, which
the election turns on when this process becomes the writer and off when it stops being it."""

import asyncio


class Background:
    NAME = "newsbot-background"

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self.enabled = False  # whether this process is the writer, which runs the task

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start the task unless it already runs or this process is not the writer."""
        if self.enabled and not self.running:
            self._task = asyncio.create_task(self._run(), name=self.NAME)

    async def stop(self) -> None:
        """Cancel the task and wait for it to end."""
        task, self._task = self._task, None
        await cancel(task)

    async def _run(self) -> None:
        raise NotImplementedError


async def cancel(task: asyncio.Task[None] | None) -> None:
    """Cancel ``task``, if there is one, and wait for it to end."""
    if task is not None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
