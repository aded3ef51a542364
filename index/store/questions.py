"""What readers asked in Discord, and how they voted on the answers: what ``insights`` shows, and
nothing more.

A question is kept with its server, when it was asked and whether the news answered it, for
``KEPT_DAYS`` days (older ones are deleted whenever one is added). A vote keeps the question, the
quotes the answer showed and a hash of the voter: a keyed hash (the key is made once per store and
never leaves it), so the same person votes once per answer without their id being stored, and the
hash cannot be undone by trying every id. With storing turned off (``Settings.store_questions``)
nothing is written at all.

They are kept apart from the store's writes (``databases``: a SQLite file of their own, or a
write lock of their own in PostgreSQL), so that recording a question, which the bot does before
it shows each answer, never waits for the store's write lock while a publish (a reindex, a feed
poll) holds it.
"""

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .connection import Database
from .migrations import Migration, create_tables, migrate

KEPT_DAYS = 30
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    server INTEGER NOT NULL,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answered INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS questions_server ON questions(server, asked_at);
CREATE TABLE IF NOT EXISTS votes (
    question_id INTEGER NOT NULL,
    voter TEXT NOT NULL,
    up INTEGER NOT NULL,
    quotes TEXT NOT NULL,
    voted_at TEXT NOT NULL,
    PRIMARY KEY (question_id, voter)
) WITHOUT ROWID;
"""
MIGRATIONS = (Migration(1, create_tables(SCHEMA)),)
_KEY = "voter_key"


@dataclass(frozen=True)
class Asked:
    id: int
    asked_at: str
    question: str
    answered: bool


@dataclass(frozen=True)
class VotedDown:
    question: str
    quotes: list[str]
    votes: int  # voters who voted it down


class Questions:
    def __init__(self, database: Database) -> None:
        self.database = database

    def create(self) -> None:
        migrate(self.database, "questions", MIGRATIONS)

    def add(self, server: int, question: str, answered: bool, now: datetime | None = None) -> int:
        """Keep a question asked in ``server``; its id, which a vote on its answer names."""
        now = now or datetime.now(UTC)
        with self.database.write() as tx:
            cut = (now - timedelta(days=KEPT_DAYS)).isoformat()
            tx.execute(
                "DELETE FROM votes WHERE question_id IN (SELECT id FROM questions WHERE asked_at < ?)", (cut,)
            )
            tx.execute("DELETE FROM questions WHERE asked_at < ?", (cut,))
            cursor = tx.execute(
                "INSERT INTO questions (server, asked_at, question, answered) VALUES (?, ?, ?, ?) "
                "RETURNING id",
                (server, now.isoformat(), question, int(answered)),
            )
            return int(cursor.fetchone()[0])

    def vote(self, question_id: int, voter: int, up: bool, quotes: list[str]) -> bool:
        """Record ``voter``'s vote on the answer to ``question_id`` (a later vote replaces theirs);
        False when that question is no longer kept."""
        key = self._voter_key()
        voter_hash = hmac.new(key, str(voter).encode(), hashlib.sha256).hexdigest()
        with self.database.write() as tx:
            if tx.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)).fetchone() is None:
                return False
            tx.execute(
                "INSERT INTO votes (question_id, voter, up, quotes, voted_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (question_id, voter) DO UPDATE SET up = excluded.up, quotes = excluded.quotes, "
                "voted_at = excluded.voted_at",
                (question_id, voter_hash, int(up), json.dumps(quotes), datetime.now(UTC).isoformat()),
            )
            return True

    def asked(self, server: int, since: datetime) -> list[Asked]:
        rows = self.database.rows(
            "SELECT id, asked_at, question, answered FROM questions WHERE server = ? AND asked_at >= ? "
            "ORDER BY asked_at",
            (server, since.isoformat()),
        )
        return [Asked(i, at, question, bool(answered)) for i, at, question, answered in rows]

    def voted_down(self, server: int, since: datetime) -> list[VotedDown]:
        """The answers in ``server`` voted down more than up, most votes down first."""
        rows = self.database.rows(
            "SELECT q.question, MAX(v.quotes), CAST(SUM(1 - v.up) AS INTEGER), SUM(v.up) FROM votes v "
            "JOIN questions q ON q.id = v.question_id WHERE q.server = ? AND q.asked_at >= ? "
            "GROUP BY q.id HAVING SUM(1 - v.up) > SUM(v.up) ORDER BY SUM(1 - v.up) DESC, q.id DESC",
            (server, since.isoformat()),
        )
        return [VotedDown(question, json.loads(quotes), down) for question, quotes, down, _ in rows]

    def _voter_key(self) -> bytes:
        """The store's secret key for voters' hashes, made on first use."""
        stored = self.database.meta(_KEY)
        if stored is None:
            with self.database.write() as tx:
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (_KEY, secrets.token_hex(32)),
                )
            stored = self.database.meta(_KEY)
        return bytes.fromhex(stored or "")
