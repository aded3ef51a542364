"""Runs a discord.py client in a thread with its own event loop, as the bot process would run it."""

from __future__ import annotations

import asyncio
import threading
from typing import Self

import discord


class BotThread:
    """``with BotThread(bot, token):`` starts ``bot.start(token)``; leaving closes the bot and joins.

    An exception that ended the bot (``discord.LoginFailure``, …) is kept in :attr:`error` and
    re-raised by :meth:`stop`.
    """

    def __init__(self, client: discord.Client, token: str) -> None:
        self.client = client
        self.token = token
        self.error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, name=f"bot-{type(client).__name__}", daemon=True)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        loop = self._loop
        if loop is not None and self._thread.is_alive() and not loop.is_closed():
            asyncio.run_coroutine_threadsafe(self.client.close(), loop).result(timeout)
        self._thread.join(timeout)
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            async with self.client:
                await self.client.start(self.token)

        try:
            asyncio.run(main())
        except BaseException as exc:
            self.error = exc
