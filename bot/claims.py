"""What the writer sends, claimed before it is sent, so that a briefing or a follow's update goes
out once even when two processes both think they are the writer (the old one, cut off from the
database, has not noticed yet; the new one has taken over), or the writer dies while sending.

A claim is a row of the ``sent`` table in the bot's tables, under a unique key that names what is
sent: ``briefing <server> <slot>``, ``follow <id> after <last sent>``. The first process to insert
it sends; the other finds the key taken and sends nothing. With the key, in the same transaction,
goes what is needed to send it again: where (a channel, or a user by DM) and the messages as JSON
text, and ``delivered`` stays NULL until the sending is done (``bot.deliveries``). A writer killed
between its claim and that moment leaves the row undelivered, and the next writer sends it again
with the same Discord nonce, which Discord answers with the message already posted, if it was: so
each goes out once. ``delivered`` is also set when the sending ended otherwise for good (Discord
refused it, or the claim was too old to send again safely); the messages and the recipient are
then forgotten. Keys older than ``KEPT`` are removed as new ones are claimed; no key is looked for
that long after.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from index import Database, Migration, Transaction, create_tables, migrate

KEPT = timedelta(days=7)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sent (
    key TEXT PRIMARY KEY,
    claimed TEXT NOT NULL
)
"""
# what is needed to send a claim again; the rows of version 1 are counted as delivered: nothing
# is known of their messages, and a writer of version 1 sent each once, or not at all
_RESENDABLE = """
ALTER TABLE sent ADD COLUMN recipient INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sent ADD COLUMN dm INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sent ADD COLUMN messages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sent ADD COLUMN delivered TEXT;
UPDATE sent SET delivered = claimed
"""
_MIGRATIONS = (Migration(1, create_tables(_SCHEMA)), Migration(2, create_tables(_RESENDABLE)))


@dataclass(frozen=True)
class Outgoing:
    """Something claimed to be sent: messages to a channel, or to a user by DM."""

    key: str
    recipient: int  # a channel's id, or a user's when ``dm``
    dm: bool
    messages: str  # JSON: a list of messages, each a list of embeds as Discord's API takes them


def prepare(database: Database) -> None:
    """Make the ``sent`` table, or bring it to this newsbot's version."""
    migrate(database, "sent", _MIGRATIONS)


def claim(tx: Transaction, outgoing: Outgoing, now: datetime) -> bool:
    """Whether ``outgoing`` is this process's to send: True the first time its key is claimed,
    False after."""
    tx.execute("DELETE FROM sent WHERE claimed < ?", (_stamp(now - KEPT),))
    inserted = tx.execute(
        "INSERT INTO sent (key, claimed, recipient, dm, messages) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (key) DO NOTHING",
        (outgoing.key, _stamp(now), outgoing.recipient, int(outgoing.dm), outgoing.messages),
    )
    return inserted.rowcount == 1


def undelivered(database: Database) -> list[tuple[Outgoing, datetime]]:
    """The claims whose sending was not done, each with when it was claimed, oldest first."""
    rows = database.rows(
        "SELECT key, recipient, dm, messages, claimed FROM sent WHERE delivered IS NULL ORDER BY claimed, key"
    )
    return [(Outgoing(k, r, bool(d), m), datetime.fromisoformat(c)) for k, r, d, m, c in rows]


def delivered(database: Database, key: str, now: datetime) -> None:
    """The sending of ``key`` is done: it is not sent again, and what and to whom are not kept."""
    with database.write() as tx:
        tx.execute(
            "UPDATE sent SET delivered = ?, recipient = 0, messages = '[]' WHERE key = ?", (_stamp(now), key)
        )


def _stamp(when: datetime) -> str:
    """``when`` (UTC) as text that sorts as time does."""
    return when.isoformat(timespec="seconds")
