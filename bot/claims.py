"""What the writer has sent, claimed before it is sent, so that a briefing or a follow's update
goes out once even when two processes both think they are the writer (the old one, cut off from
the database, has not noticed yet; the new one has taken over).

A claim is a row of the ``sent`` table in the bot's tables, under a unique key that names what is
sent: ``briefing <server> <slot>``, ``follow <id> after <last sent>``. The first process to insert
it sends; the other finds the key taken and sends nothing. It is at most once, not exactly once: a
writer killed between its claim and its send loses that one message. Keys older than ``KEPT`` are
removed as new ones are claimed; no key is looked for that long after.
"""

from datetime import datetime, timedelta

from index import Database, Migration, Transaction, create_tables, migrate

KEPT = timedelta(days=7)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sent (
    key TEXT PRIMARY KEY,
    claimed TEXT NOT NULL
)
"""
_MIGRATIONS = (Migration(1, create_tables(_SCHEMA)),)


def prepare(database: Database) -> None:
    """Make the ``sent`` table, or bring it to this newsbot's version."""
    migrate(database, "sent", _MIGRATIONS)


def claim(tx: Transaction, key: str, now: datetime) -> bool:
    """Whether ``key`` is this process's to send: True the first time it is claimed, False after."""
    tx.execute("DELETE FROM sent WHERE claimed < ?", (_stamp(now - KEPT),))
    inserted = tx.execute(
        "INSERT INTO sent (key, claimed) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (key, _stamp(now))
    )
    return inserted.rowcount == 1


def _stamp(when: datetime) -> str:
    """``when`` (UTC) as text that sorts as time does."""
    return when.isoformat(timespec="seconds")
