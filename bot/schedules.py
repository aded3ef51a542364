"""Each server's daily briefing schedule, kept in the bot's tables (``<data dir>/bot.db``, or the
PostgreSQL database of NEWSBOT_DATABASE_URL) so it survives restarts.

A schedule is a channel, a time of day in a time zone, optional topics, and whether a day with
nothing new gets a short note. ``due`` says when a briefing is owed: at the latest scheduled time
not yet posted, as long as that is at most ``CATCH_UP`` ago — a bot that was down at nine posts
the missed briefing once when it comes back, not a day late and not twice. What a manager types
for a schedule is parsed here: ``time_of_day``, ``time_zone``, ``topic_list``. A briefing is
claimed (``bot.claims``) before it is posted, so that it is posted once.
"""

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from index import Database, InputError, Migration, create_tables, migrate, shown

from . import claims

CATCH_UP = timedelta(hours=6)
MAX_TOPICS, MAX_TOPIC_CHARS = 10, 100
MAX_TOPICS_CHARS = 1000  # the longest list of topics Discord lets a manager type
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", re.ASCII)
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
_MIGRATIONS = (Migration(1, create_tables(_SCHEMA)),)


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


def time_of_day(typed: str) -> str:
    """The time a manager typed as HH:MM ("8:30" is "08:30"); InputError unless it is one."""
    found = _TIME.fullmatch(typed.strip())
    if found is None:
        raise InputError(
            f"{shown(typed)} is not a time of day: give it as HH:MM, 00:00 to 23:59, such as 08:30"
        )
    return f"{int(found[1]):02d}:{found[2]}"


def time_zone(typed: str) -> str:
    """The IANA name of the time zone a manager typed, in any case ("europe/paris" is
    "Europe/Paris"); InputError for a name that is not one."""
    zone = _zones().get(typed.strip().casefold())
    if zone is None:
        raise InputError(
            f"{shown(typed)} is not a time zone: give one like Europe/Paris, America/New_York or UTC"
        )
    return zone


@functools.cache
def _zones() -> dict[str, str]:
    """Every time zone's IANA name by its case-folded spelling; "localtime", which names the bot
    machine's own zone, is none a manager means."""
    return {name.casefold(): name for name in available_timezones() - {"localtime"}}


def topic_list(typed: str) -> tuple[str, ...]:
    """The comma-separated topics a manager typed, each once; InputError for more than
    ``MAX_TOPICS``, or one with no letter or digit to look for or longer than ``MAX_TOPIC_CHARS``."""
    topics = tuple(dict.fromkeys(" ".join(t.split()) for t in typed.split(",") if t.strip()))
    if len(topics) > MAX_TOPICS or any(
        len(t) > MAX_TOPIC_CHARS or not any(c.isalnum() for c in t) for t in topics
    ):
        raise InputError(
            f"{shown(typed)} are not topics: give up to {MAX_TOPICS}, comma-separated, each with a "
            f"letter or digit and at most {MAX_TOPIC_CHARS} characters"
        )
    return topics


class Schedules:
    """The schedules table; safe to use from the event loop's thread and the worker's."""

    def __init__(self, database: Database) -> None:
        self.database = database
        migrate(database, "schedules", _MIGRATIONS)
        claims.prepare(database)

    def put(self, item: Schedule) -> None:
        with self.database.write() as tx:
            tx.execute(
                "INSERT INTO briefings VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
                "channel_id = excluded.channel_id, time = excluded.time, timezone = excluded.timezone, "
                "topics = excluded.topics, quiet_note = excluded.quiet_note, "
                "last_posted = excluded.last_posted",
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
        with self.database.write() as tx:
            return tx.execute("DELETE FROM briefings WHERE guild_id = ?", (guild_id,)).rowcount > 0

    def get(self, guild_id: int) -> Schedule | None:
        found = [s for s in self.all() if s.guild_id == guild_id]
        return found[0] if found else None

    def all(self) -> list[Schedule]:
        rows = self.database.rows("SELECT * FROM briefings ORDER BY guild_id")
        return [
            Schedule(g, c, t, z, tuple(filter(None, topics.split(","))), bool(q), datetime.fromisoformat(p))
            for g, c, t, z, topics, q, p in rows
        ]

    def claim(
        self, schedule: Schedule, slot: datetime, now: datetime, messages: str
    ) -> claims.Outgoing | None:
        """Claim ``schedule``'s briefing of ``slot`` (``Schedule.due``), ``messages`` (JSON, see
        ``claims.Outgoing``), for this process to post, counting it as posted at ``now``; None
        when it was claimed already."""
        key = f"briefing {schedule.guild_id} {slot.isoformat()}"
        outgoing = claims.Outgoing(key, schedule.channel_id, False, messages)
        with self.database.write() as tx:
            if not claims.claim(tx, outgoing, now):
                return None
            tx.execute(
                "UPDATE briefings SET last_posted = ? WHERE guild_id = ?",
                (now.isoformat(), schedule.guild_id),
            )
            return outgoing
