"""Two bot processes over one store, as `newsbot run` on two machines would be: one is the writer
and runs the briefings, the other only answers; when the writer goes, the other takes over; a
briefing that both would post, in the moment before the old writer notices, is posted once; and
one the old writer claimed but died before saying it was sent is posted once by the new writer.

Both bots run here against one Discord stand-in, each with an engine of its own, on SQLite (one
data folder) and on PostgreSQL (one database)."""

import asyncio
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import discord
import pytest
from conftest import RestartableBot
from standin import DiscordStandIn
from test_bot_briefing import briefings_in, wait_for_briefings, write_news

from bot.claims import Outgoing
from bot.deliveries import RESEND_WITHIN, nonce, payload
from bot.schedules import Schedule, Schedules
from index import RETRY, Engine, Settings

LEFT_UNSENT = discord.Embed(title="Briefing: left unsent", description="Ferry fares rise.")


def wait_until(done, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline
        time.sleep(0.05)


class TwoBots:
    def __init__(self, standin, first: RestartableBot, second: RestartableBot) -> None:
        self.standin, self.first, self.second = standin, first, second
        self.tables = first.engine.store.database.beside("bot")

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

    def claim_left_unsent(self, claimed: datetime) -> Outgoing:
        """A briefing the first bot, the writer, claimed at ``claimed`` and did not say it sent, as
        when it dies in between: the schedule is not stored, so that no briefer posts it."""
        self.on(self.first, self.first.bot.deliveries.stop())  # nor does its own look send it again
        guild, channel = int(self.standin.guild_id), int(self.standin.channel_id)
        schedule = Schedule(guild, channel, "09:00", "UTC", (), False, claimed - timedelta(days=1))
        messages = payload([[LEFT_UNSENT]])
        outgoing = self.schedules().claim(
            schedule, claimed.replace(second=0, microsecond=0), claimed, messages
        )
        assert outgoing is not None
        return outgoing

    def left_unsent_posted(self) -> int:
        """How many messages of ``claim_left_unsent`` are in the channel."""
        posted = self.standin.bot_messages(self.standin.channel_id)
        return len([m for m in posted if m.embeds and m.embeds[0].get("title") == LEFT_UNSENT.title])

    def delivered(self, key: str) -> bool:
        found = self.tables.row("SELECT delivered FROM sent WHERE key = ?", (key,))
        return found is not None and found[0] is not None


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


@pytest.mark.parametrize("reached_discord", [True, False], ids=["posted", "not-posted"])
def test_a_briefing_claimed_by_a_writer_that_died_before_saying_it_was_sent_is_posted_once(
    two_bots, reached_discord
):
    """Whether the old writer's message reached Discord or not, the new writer sends it again
    with the same nonce, and the channel has it once."""
    outgoing = two_bots.claim_left_unsent(datetime.now(UTC))
    if reached_discord:
        send = two_bots.first.bot.send_embeds(outgoing.recipient, [LEFT_UNSENT], nonce(outgoing.key, 0))
        two_bots.on(two_bots.first, send)
        assert two_bots.left_unsent_posted() == 1
    two_bots.first.stop()
    wait_until(lambda: two_bots.delivered(outgoing.key), timeout=RETRY + 30)
    assert two_bots.second.bot.election.writer
    time.sleep(1)
    assert two_bots.left_unsent_posted() == 1


def test_a_claim_left_unsent_longer_ago_than_discord_keeps_nonces_is_given_up(two_bots, caplog):
    outgoing = two_bots.claim_left_unsent(datetime.now(UTC) - RESEND_WITHIN - timedelta(minutes=1))
    with caplog.at_level(logging.WARNING, logger="bot.deliveries"):
        two_bots.on(two_bots.first, two_bots.first.bot.deliveries.resend())
    assert two_bots.delivered(outgoing.key) and two_bots.left_unsent_posted() == 0
    assert f"not sending the {outgoing.key}" in caplog.text
