"""Two bot processes over one store, as `newsbot run` on two machines would be: one is the writer
and runs the briefings, the other only answers; when the writer goes, the other takes over; and a
briefing that both would post, in the moment before the old writer notices, is posted once.

Both bots run here against one Discord stand-in, each with an engine of its own, on SQLite (one
data folder) and on PostgreSQL (one database)."""

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from conftest import RestartableBot
from standin import DiscordStandIn
from test_bot_briefing import briefings_in, wait_for_briefings, write_news

from bot.schedules import Schedule, Schedules
from index import RETRY, Engine, Settings


def wait_until(done, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline
        time.sleep(0.05)


class TwoBots:
    def __init__(self, standin, first: RestartableBot, second: RestartableBot) -> None:
        self.standin, self.first, self.second = standin, first, second

    def on(self, running: RestartableBot, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, running.bot.loop).result(60)

    def schedules(self) -> Schedules:
        return Schedules(self.first.engine.store.database.beside("bot"))

    def due_briefing(self) -> Schedule:
        """A briefing of the stand-in's server, due since a minute ago."""
        now = datetime.now(UTC)
        time_of_day = (now - timedelta(minutes=1)).strftime("%H:%M")
        guild, channel = int(self.standin.guild_id), int(self.standin.channel_id)
        due = Schedule(guild, channel, time_of_day, "UTC", (), False, now - timedelta(days=1))
        self.schedules().put(due)
        return due


@pytest.fixture
def two_bots(tmp_path, backend) -> Iterator[TwoBots]:
    news, data_dir = tmp_path / "news", tmp_path / "data"
    news.mkdir()
    write_news(news)
    with DiscordStandIn(heartbeat_interval=0.5) as standin, standin.patched():
        settings = Settings(data_dir=data_dir, discord_guilds=[int(standin.guild_id)], _env_file=None)
        first_engine = Engine(settings)
        assert not first_engine.ingest([news]).failed
        first = RestartableBot(standin, first_engine, ("briefing",))
        second = RestartableBot(standin, Engine(settings), ("briefing",))
        for running in (first, second):
            running.start()
            wait_until(lambda: running.bot.election.running)  # noqa: B023 (called before the loop goes on)
        yield TwoBots(standin, first, second)
        for running in (second, first):
            if running.bot.is_ready() and not running.bot.is_closed():
                running.stop()


def test_one_bot_is_the_writer_and_only_it_posts_a_due_briefing(two_bots):
    first, second = two_bots.first.bot, two_bots.second.bot
    assert first.election.writer and first.briefer.running
    assert not second.election.writer and not second.briefer.running and not second.poller.running

    two_bots.due_briefing()
    first.loop.call_soon_threadsafe(first.briefer.changed)
    second.loop.call_soon_threadsafe(second.briefer.changed)  # it has no task to wake
    wait_for_briefings(two_bots.standin, 1, timeout=60)
    time.sleep(2)
    assert len(briefings_in(two_bots.standin, two_bots.standin.channel_id)) == 1


def test_a_briefing_both_bots_would_post_is_posted_once(two_bots):
    """The old writer, cut off, and the new one both find the same briefing due: it goes out once."""
    due = two_bots.due_briefing()
    slot = due.due(datetime.now(UTC))
    both = [
        asyncio.run_coroutine_threadsafe(running.bot.briefer.post(due, slot), running.bot.loop)
        for running in (two_bots.first, two_bots.second)
    ]
    for posting in both:
        posting.result(60)
    time.sleep(1)
    assert len(briefings_in(two_bots.standin, two_bots.standin.channel_id)) == 1
    [kept] = two_bots.schedules().all()
    assert kept.due(datetime.now(UTC)) is None


def test_when_the_writer_stops_the_other_bot_takes_over_and_posts_the_briefings(two_bots):
    stopped = time.monotonic()
    two_bots.first.stop()
    second = two_bots.second.bot
    while not second.election.writer:
        assert time.monotonic() - stopped < RETRY + 2, "the other bot did not take over"
        time.sleep(0.1)
    assert second.briefer.running

    two_bots.due_briefing()
    second.loop.call_soon_threadsafe(second.briefer.changed)
    wait_for_briefings(two_bots.standin, 1, timeout=60)
