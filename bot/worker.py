"""The engine run off the event loop, so the gateway heartbeat and other users never wait on it.

Questions and summaries run on a small pool; ingests and reindexes run one at a time on their own
thread, so answering goes on (from the index being served) while a new one is built.
"""

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from index.engine import Engine

T = TypeVar("T")
READERS = 2  # one per core: model calls are CPU-bound


class Busy(Exception):
    """A write (ingest or reindex) is already running."""


class Worker:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._readers = ThreadPoolExecutor(READERS, thread_name_prefix="newsbot-read")
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="newsbot-write")
        self._writing = False

    async def read(self, call: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, functools.partial(call, *args))

    async def write(self, call: Callable[..., T], *args: object) -> T:
        """Run one write; raises Busy instead of queueing behind another."""
        if self._writing:
            raise Busy
        self._writing = True
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._writer, functools.partial(call, *args))
        finally:
            self._writing = False

    def close(self) -> None:
        self._readers.shutdown(wait=False, cancel_futures=True)
        self._writer.shutdown(wait=True, cancel_futures=True)
