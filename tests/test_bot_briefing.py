"""The daily briefing through Discord: /briefing set|off for managers, /briefing now for anyone, and
the bot posting each server's briefing on schedule, and a missed one once when it comes back.

A bot of its own runs against the stand-in, in two servers, over three articles dated today: one
story told by two outlets, and another. The tests run in order, each from where the one before left
the bot.
"""

import asyncio
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import RestartableBot
from standin import DiscordStandIn
from standin.guilds import Guild
from test_briefing import write_articles, write_ferry_story

from bot.schedules import Schedules
from index import Engine, Settings

TODAY = datetime.now(UTC).date().isoformat()
LIBRARY = {
    "library-alder-times.md": (
        "Alder Times",
        "Mill lane library opens a tool shelf",
        "The Mill lane library now lends drills, ladders and a lawn mower to anyone with a library "
        "card, the librarian said on opening the new tool shelf.",
    ),
}


def write_news(folder: Path) -> None:
    """Two outlets' reports of a fare rise, and another story, all dated today."""
    write_ferry_story(folder, TODAY)
    write_articles(folder, LIBRARY, TODAY)


class BriefingBot(RestartableBot):
    @property
    def other(self) -> Guild:
        """The second server."""
        return self.standin.guilds[1]

    def admin(self, command: str, options: dict | None = None):
        return self.standin.slash(command, options or {}, user=self.standin.admin).wait_done(timeout=60)

    def schedules(self) -> Schedules:
        return Schedules(self.engine.store.database.beside("bot"))


@pytest.fixture(scope="module")
def briefing_bot(tmp_path_factory) -> Iterator[BriefingBot]:
    news = tmp_path_factory.mktemp("briefing-news")
    write_news(news)
    with DiscordStandIn(heartbeat_interval=0.5) as standin, standin.patched():
        other = standin.add_guild("Harbour Readers", admin="hal", member="ivy")
        settings = Settings(
            data_dir=tmp_path_factory.mktemp("briefing-data"),
            discord_guilds=[int(standin.guild_id), int(other.id)],
            _env_file=None,
        )
        engine = Engine(settings)
        assert not engine.ingest([news]).failed
        running = BriefingBot(standin, engine, ("briefing",))
        running.start()
        yield running
        running.stop()


def ephemeral_text(interaction) -> str:
    [message] = [m for m in interaction.messages if m.deleted_at is None]
    assert message.ephemeral
    return message.content


def briefings_in(standin, channel_id: str) -> list:
    return [
        m
        for m in standin.bot_messages(channel_id)
        if m.embeds and m.embeds[0].get("title", "").startswith("Briefing: the top stories")
    ]


def wait_for_briefings(standin, count: int, timeout: float, channel_id: str | None = None) -> list:
    """The briefings posted in a channel (the first server's news channel), once there are ``count``."""
    deadline = time.monotonic() + timeout
    while len(found := briefings_in(standin, channel_id or standin.channel_id)) < count:
        assert time.monotonic() < deadline, f"{count} briefings were not posted within {timeout} s"
        time.sleep(0.2)
    return found


def text_of(message) -> str:
    return "\n".join(e.get("description", "") for e in message.embeds)


# the tests, in order -------------------------------------------------------------------------------
def test_a_member_sees_briefing_but_cannot_set_or_stop_it(briefing_bot):
    standin = briefing_bot.standin
    [briefing] = [c for c in standin.commands(standin.guild_id) if c["name"] == "briefing"]
    assert [o["name"] for o in briefing["options"]] == ["set", "off", "now"]
    member = standin.add_member("curious")
    options = {"channel": standin.channel_id, "time": "08:00"}
    for command, given in [("briefing set", options), ("briefing off", {})]:
        refused = standin.slash(command, given, user=member).wait_done(timeout=30)
        assert "Manage Server" in ephemeral_text(refused), command
    assert briefing_bot.schedules().all() == []


def test_a_manager_sets_a_briefing_for_the_next_minute_and_it_is_posted_in_that_channel(briefing_bot):
    standin = briefing_bot.standin
    soon = (datetime.now(UTC) + timedelta(minutes=1)).strftime("%H:%M")
    done = briefing_bot.admin("briefing set", {"channel": standin.channel_id, "time": soon})
    said = ephemeral_text(done)
    assert f"every day at {soon} (UTC)" in said and f"<#{standin.channel_id}>" in said
    [posted] = wait_for_briefings(standin, 1, timeout=90)
    text = text_of(posted)
    assert "**1. " in text and "2 independent reports" in text
    assert "rise by 12 percent" in text and "rise by 15 percent" in text  # where the two outlets differ
    assert "The Isle Tribune" in text and "The Delta Record" in text
    assert "Mill lane library" in text


def test_a_briefing_missed_while_the_bot_was_down_is_posted_once_when_it_is_back(briefing_bot):
    standin = briefing_bot.standin
    briefing_bot.stop()
    schedules = briefing_bot.schedules()
    [kept] = schedules.all()  # the restart keeps the schedule
    now = datetime.now(UTC)
    missed = replace(
        kept, time=(now - timedelta(minutes=2)).strftime("%H:%M"), last_posted=now - timedelta(days=1)
    )
    schedules.put(missed)  # as if the bot had been down two minutes ago, when it was due
    briefing_bot.start()
    wait_for_briefings(standin, 2, timeout=60)
    time.sleep(1)
    assert len(briefings_in(standin, standin.channel_id)) == 2
    [kept] = briefing_bot.schedules().all()
    assert kept.last_posted > now and kept.due(datetime.now(UTC)) is None  # not posted twice


def test_each_server_has_its_own_schedule_posted_to_its_own_channel(briefing_bot):
    standin, other = briefing_bot.standin, briefing_bot.other
    soon = (datetime.now(UTC) + timedelta(minutes=1)).strftime("%H:%M")
    options = {"channel": other.channel_id, "time": soon, "topics": "library"}
    done = standin.slash("briefing set", options, user=other.admin, channel_id=other.channel_id)
    assert "on library" in ephemeral_text(done.wait_done(timeout=60))
    [posted] = wait_for_briefings(standin, 1, timeout=90, channel_id=other.channel_id)
    text = text_of(posted)
    assert "Mill lane library" in text and "ferry" not in text.lower()  # its own topics
    assert len(briefings_in(standin, standin.channel_id)) == 2  # nothing more in the first server

    off = standin.slash("briefing off", user=other.admin, channel_id=other.channel_id)
    assert ephemeral_text(off.wait_done(timeout=60)) == "The daily briefing is off."
    [kept] = briefing_bot.schedules().all()  # the first server's schedule is untouched
    assert kept.guild_id == int(standin.guild_id) and kept.channel_id == int(standin.channel_id)


def test_briefing_now_is_shown_only_to_who_asked_even_while_a_reindex_runs(briefing_bot):
    standin, bot = briefing_bot.standin, briefing_bot.bot
    holding, release = threading.Event(), threading.Event()

    def hold_the_writer(stage: str, done: int, total: int) -> None:
        holding.set()
        release.wait(60)

    reindex = asyncio.run_coroutine_threadsafe(bot.worker.reindex(hold_the_writer), bot.loop)
    try:
        assert holding.wait(60)
        reader = standin.add_member("reader")
        shown = standin.slash("briefing now", user=reader).wait_done(timeout=60)
    finally:
        release.set()
        reindex.result(120)
    [message] = shown.messages
    assert message.ephemeral
    assert message.embeds[0]["title"] == "Briefing: the top stories of the last 24 hours"
    assert "2 independent reports" in text_of(message)


def test_a_manager_turns_the_briefing_off(briefing_bot):
    assert ephemeral_text(briefing_bot.admin("briefing off")) == "The daily briefing is off."
    assert briefing_bot.schedules().all() == []
    assert ephemeral_text(briefing_bot.admin("briefing off")) == "No daily briefing was set."
