"""Each server's daily briefing schedule, kept in ``<data dir>/bot.db`` so it survives restarts.

A schedule is a channel, a time of day in a time zone, optional topics, and whether a day with
nothing new gets a short note. ``due`` says when a briefing is owed: at the latest scheduled time
not yet posted, as long as that is at most ``CATCH_UP`` ago — a bot that was down at nine posts
the missed briefing once when it comes back, not a day late and not twice.
"""

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from index import NewsbotError

SCHEDULES_FILE = "bot.db"
CATCH_UP = timedelta(hours=6)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS briefings (
    guild_id INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL,
    time TEXT NOT NULL,
    timezone TEXT NOT NULL,
    topics TEXT NOT NULL,
    quiet_note INTEGER NOT NULL,
    last_posted TEXT NOT NULL
)
"""


class ScheduleError(NewsbotError):
    """A time or time zone that cannot be scheduled; the message says what is expected."""


@dataclass(frozen=True)
class Schedule:
    guild_id: int
    channel_id: int
    time: str  # "HH:MM"
    timezone: str  # an IANA name, such as "Europe/Paris"
    topics: tuple[str, ...]
    quiet_note: bool  # a day with nothing new gets "nothing new since …" rather than nothing
    last_posted: datetime  # UTC: the last briefing posted, or when the schedule was set

    def due(self, now: datetime) -> datetime | None:
        """The scheduled time (UTC) of the briefing owed at ``now``, if one is."""
        slot = self._around(now)[0]
        return slot if self.last_posted < slot and now - slot <= CATCH_UP else None

    def next_time(self, now: datetime) -> datetime:
        """The first scheduled time (UTC) after ``now``."""
        return self._around(now)[1]

    def _around(self, now: datetime) -> tuple[datetime, datetime]:
        """The scheduled times (UTC) at or before ``now`` and after it, counted in local days."""
        hour, minute = map(int, self.time.split(":"))
        local = now.astimezone(ZoneInfo(self.timezone))
        slot = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        before, after = (slot - timedelta(days=1), slot) if slot > local else (slot, slot + timedelta(days=1))
        return before.astimezone(UTC), after.astimezone(UTC)


def schedule(
    guild_id: int, channel_id: int, time: str, timezone: str, topics: str, quiet_note: bool, now: datetime
) -> Schedule:
    """A checked schedule from what a manager typed; raises ScheduleError with what is expected."""
    try:
        parsed = datetime.strptime(time.strip(), "%H:%M")
    except ValueError:
        raise ScheduleError(f"{time!r} is not a time of day: give it as HH:MM, such as 08:30") from None
    try:
        ZoneInfo(timezone.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"{timezone!r} is not a time zone: give one like Europe/Paris or UTC") from None
    words = tuple(t.strip() for t in topics.split(",") if t.strip())
    return Schedule(guild_id, channel_id, parsed.strftime("%H:%M"), timezone.strip(), words, quiet_note, now)


class Schedules:
    """The schedules table; safe to use from the event loop's thread and the worker's."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)

    def put(self, item: Schedule) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO briefings VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    item.guild_id,
                    item.channel_id,
                    item.time,
                    item.timezone,
                    ",".join(item.topics),
                    int(item.quiet_note),
                    item.last_posted.isoformat(),
                ),
            )

    def remove(self, guild_id: int) -> bool:
        with self._lock:
            return self._db.execute("DELETE FROM briefings WHERE guild_id = ?", (guild_id,)).rowcount > 0

    def get(self, guild_id: int) -> Schedule | None:
        found = [s for s in self.all() if s.guild_id == guild_id]
        return found[0] if found else None

    def all(self) -> list[Schedule]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM briefings ORDER BY guild_id").fetchall()
        return [
            Schedule(g, c, t, z, tuple(filter(None, topics.split(","))), bool(q), datetime.fromisoformat(p))
            for g, c, t, z, topics, q, p in rows
        ]

    def posted(self, guild_id: int, when: datetime) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE briefings SET last_posted = ? WHERE guild_id = ?", (when.isoformat(), guild_id)
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
