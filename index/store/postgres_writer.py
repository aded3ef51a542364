"""The writer lock on PostgreSQL: a session advisory lock held on a connection of its own.

The connection is not the pool's, whose connections come and go: the lock lasts as long as this
one does. It carries the process's name as ``application_name``, so that ``holder`` can read who
holds a lock in ``pg_stat_activity``, and TCP keepalives both ways: the server ends the session of
a holder whose machine died within ``KEEPALIVE_IDLE + KEEPALIVE_INTERVAL * KEEPALIVE_COUNT``
seconds (which lets the lock go), and the holder learns as soon that the server is gone.
"""

import contextlib
import logging

import psycopg

from .writer import WriterLock, process_name

log = logging.getLogger(__name__)

WRITER_KEY = 0x6E657773626F74  # "newsbot": the advisory lock key of the writer
KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT = 10, 3, 3  # seconds, seconds, probes
CONNECT_TIMEOUT = 10  # seconds
_HOLDER = (
    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
    "(SELECT oid FROM pg_database WHERE datname = current_database()) "
    "AND l.classid::text::bigint = %s AND l.objid::text::bigint = %s AND l.objsubid = 1"
)


def holder(conn: psycopg.Connection, key: int) -> str | None:
    """The ``application_name`` of the session holding the advisory lock ``key``, if one does."""
    unsigned = key % 2**64  # pg_locks shows a bigint key as its high and low 32 bits
    found = conn.execute(_HOLDER, (unsigned >> 32, unsigned & 0xFFFFFFFF)).fetchone()
    return found[0] if found else None


def connect_named(url: str) -> psycopg.Connection:
    """A connection of this process's own, named and kept alive as the lock needs."""
    keepalives = (
        f"-c tcp_keepalives_idle={KEEPALIVE_IDLE} -c tcp_keepalives_interval={KEEPALIVE_INTERVAL} "
        f"-c tcp_keepalives_count={KEEPALIVE_COUNT}"
    )
    return psycopg.connect(
        url,
        autocommit=True,
        application_name=process_name(),
        connect_timeout=CONNECT_TIMEOUT,
        keepalives=1,
        keepalives_idle=KEEPALIVE_IDLE,
        keepalives_interval=KEEPALIVE_INTERVAL,
        keepalives_count=KEEPALIVE_COUNT,
        options=keepalives,  # the server's side: it probes a silent holder as often
    )


class AdvisoryLock(WriterLock):
    """``pg_try_advisory_lock(WRITER_KEY)`` on a dedicated connection to ``url``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: psycopg.Connection | None = None
        self._held = False

    def try_acquire(self) -> bool:
        if self._held:
            return True
        try:
            if self._conn is None or self._conn.closed:
                self._conn = connect_named(self.url)
            self._held = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (WRITER_KEY,)).fetchone()[0]
        except psycopg.OperationalError as error:
            log.warning("cannot try the writer lock: %s", error)
            self.release()
        return self._held

    def still_held(self) -> bool:
        if not self._held or self._conn is None:
            return False
        try:
            self._conn.execute("SELECT 1")
        except psycopg.OperationalError:
            self.release()
        return self._held

    def holder(self) -> str | None:
        """Read on the connection the last try opened (a process that tries every few seconds
        does not open one each time to ask)."""
        try:
            if self._conn is None or self._conn.closed:
                self._conn = connect_named(self.url)
            return holder(self._conn, WRITER_KEY)
        except psycopg.OperationalError:
            self.release()
            return None

    def release(self) -> None:
        """Unlock before closing: closing alone returns before the server has ended the session,
        so another process trying at once could still find the lock held."""
        conn, held, self._conn, self._held = self._conn, self._held, None, False
        if conn is None:
            return
        if held and not conn.closed:
            with contextlib.suppress(psycopg.OperationalError):  # a session gone took the lock
                conn.execute("SELECT pg_advisory_unlock(%s)", (WRITER_KEY,))
        conn.close()
