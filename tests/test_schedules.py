"""When a server's daily briefing is owed: at its time in its time zone, once, and a missed one
only within the catch-up window."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.schedules import CATCH_UP, Schedule, Schedules, time_of_day, time_zone, topic_list
from index import InputError
from index.store import Store

SET_AT = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


def schedule(
    guild_id: int, channel_id: int, time: str, zone: str, topics: str, quiet_note: bool, now: datetime
) -> Schedule:
    """A schedule from what a manager typed, read as /briefing set reads its options."""
    return Schedule(
        guild_id, channel_id, time_of_day(time), time_zone(zone), topic_list(topics), quiet_note, now
    )


def paris_at_half_past_eight():
    return schedule(1, 2, "8:30", "Europe/Paris", "ferry, harbour ", True, SET_AT)


def test_a_briefing_is_owed_from_its_local_time_and_not_before():
    daily = paris_at_half_past_eight()
    assert daily.time == "08:30" and daily.topics == ("ferry", "harbour")
    assert daily.due(datetime(2026, 3, 10, 7, 29, tzinfo=UTC)) is None  # 08:29 in Paris (UTC+1)
    assert daily.due(datetime(2026, 3, 10, 7, 31, tzinfo=UTC)) == datetime(2026, 3, 10, 7, 30, tzinfo=UTC)
    assert daily.next_time(SET_AT) == datetime(2026, 3, 10, 7, 30, tzinfo=UTC)


def test_a_posted_briefing_is_not_owed_again_until_the_next_day():
    posted = paris_at_half_past_eight()
    posted = replace(posted, last_posted=datetime(2026, 3, 10, 7, 31, tzinfo=UTC))
    assert posted.due(datetime(2026, 3, 10, 20, 0, tzinfo=UTC)) is None
    assert posted.due(datetime(2026, 3, 11, 7, 30, tzinfo=UTC)) is not None


def test_a_briefing_missed_longer_ago_than_the_catch_up_window_is_skipped():
    daily = paris_at_half_past_eight()
    slot = datetime(2026, 3, 10, 7, 30, tzinfo=UTC)
    assert daily.due(slot + CATCH_UP) == slot
    assert daily.due(slot + CATCH_UP + timedelta(minutes=1)) is None


def test_a_schedule_set_after_today_s_time_starts_tomorrow():
    late = schedule(1, 2, "05:00", "UTC", "", False, SET_AT)
    assert late.due(SET_AT + timedelta(minutes=1)) is None
    assert late.next_time(SET_AT) == datetime(2026, 3, 11, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("time", "zone", "said"),
    [("25:00", "UTC", "HH:MM"), ("half past eight", "UTC", "HH:MM"), ("08:30", "Mars/Olympus", "time zone")],
)
def test_a_time_or_zone_that_cannot_be_scheduled_says_what_is_expected(time, zone, said):
    with pytest.raises(InputError, match=said):
        schedule(1, 2, time, zone, "", False, SET_AT)


def test_schedules_are_kept_per_server_across_connections(store_target):
    stored = Schedules(Store(store_target).database.beside("bot"))
    stored.put(paris_at_half_past_eight())
    stored.put(schedule(7, 8, "18:00", "UTC", "", False, SET_AT))
    stored.put(replace(paris_at_half_past_eight(), time="09:15"))  # changed
    stored.put(paris_at_half_past_eight())
    reopened = Schedules(Store(store_target).database.beside("bot"))
    assert [s.guild_id for s in reopened.all()] == [1, 7]
    assert reopened.get(1) == paris_at_half_past_eight()
    slot = SET_AT.replace(hour=18, minute=0) + timedelta(days=1)
    assert reopened.claim(reopened.get(7), slot, slot + timedelta(seconds=5), "[]")
    assert reopened.get(7).last_posted == slot + timedelta(seconds=5)
    another_process = Schedules(Store(store_target).database.beside("bot"))
    assert not another_process.claim(another_process.get(7), slot, slot + timedelta(seconds=9), "[]")
    assert reopened.get(7).last_posted == slot + timedelta(seconds=5)  # claimed once, posted once
    assert reopened.remove(1) and not reopened.remove(1)
    assert [s.guild_id for s in reopened.all()] == [7]
