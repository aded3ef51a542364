"""The writer: the one process that polls the feeds, posts the briefings and the follows'
updates, and runs retention, however many bot processes share the store.

It is whichever process holds the writer lock (``Database.writer_lock()``): on SQLite, which is
one machine's, an ``flock`` on ``<data dir>/writer.lock``; on PostgreSQL, a session advisory lock
(``postgres_writer``), which the server lets go of when the holder's connection ends. The others
try it every ``RETRY`` seconds, so one of them takes over soon after the writer dies.
"""

import fcntl
import os
import socket
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import IO

RETRY = 5.0  # seconds between two tries of the writer lock, and two checks that it is still held


def process_name() -> str:
    """How other processes see this one: ``newsbot <host>:<pid>``."""
    return f"newsbot {socket.gethostname()}:{os.getpid()}"


class WriterLock(ABC):
    """The lock that makes a process the writer; tried, never waited for."""

    @abstractmethod
    def try_acquire(self) -> bool:
        """Take the lock if no process holds it; True when this process holds it now."""

    @abstractmethod
    def still_held(self) -> bool:
        """Whether the lock this process took is still its own (False: the database is gone)."""

    @abstractmethod
    def holder(self) -> str | None:
        """The name (``process_name``) of the process holding the lock, if it can be told."""

    @abstractmethod
    def release(self) -> None:
        """Let go of the lock (nothing when it is not held)."""


def become_writer(lock: WriterLock, waiting: Callable[[str], None]) -> None:
    """Try ``lock`` every ``RETRY`` seconds until this process holds it; ``waiting`` is told the
    name of the process that does, whenever it changes."""
    told = None
    while not lock.try_acquire():
        holder = lock.holder() or "another process"
        if holder != told:
            waiting(told := holder)
        time.sleep(RETRY)


class FileLock(WriterLock):
    """An ``flock`` on a file, which the kernel releases when the holder dies. The holder writes
    its name in the file, so that another process can say who it is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def try_acquire(self) -> bool:
        if self._file is not None:
            return True
        file = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            return False
        file.truncate(0)
        file.write(process_name())
        file.flush()
        self._file = file
        return True

    def still_held(self) -> bool:
        return self._file is not None

    def holder(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def release(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            file.close()  # closing the file lets go of the flock
