"""/follow and /unfollow through Discord: a story's new facts by DM, at most one message an hour,
nothing when nothing is new, each server's follows apart, kept across a restart."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

FOLLOW_NEWS = Path(__file__).resolve().parent / "follow_news"
CLOSED = "was closed to all traffic on Monday morning"
COMMUTERS = "Hundreds of commuters walked across the footbridge"
REOPEN = "will reopen to buses on 30 June"


def _texts(messages) -> str:
    return "\n".join(f"{e.get('title', '')}\n{e.get('description', '')}" for m in messages for e in m.embeds)


@pytest.fixture
def follow_bot(tmp_path, story_news, running_bot):
    def prepare(engine) -> None:
        first = [
            story_news / "bridge-closed-millbrook-gazette.md",
            story_news / "bridge-repairs-senna-valley-echo.md",
        ]
        assert not engine.ingest(first).failed

    with running_bot(tmp_path / "data", ("follow", "unfollow"), prepare, ("Other Paper",)) as running:
        yield running


def test_a_member_gets_only_the_new_facts_by_dm_at_most_hourly_and_follows_are_kept(follow_bot, story_news):
    standin, bot, _thread = follow_bot
    other = standin.guilds[1]

    def on_bot(coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, bot.loop).result(60)

    [offered, *_] = standin.autocomplete("follow", "story", "kelvin")
    assert offered["value"].startswith("#")
    done = standin.slash("follow", {"story": offered["value"]}).wait_done(timeout=90)
    [reply] = [m for m in done.messages if m.deleted_at is None]
    assert reply.ephemeral and reply.embeds[0]["title"].startswith("Now following: ")
    standin.slash(
        "follow", {"story": "Kelvin Street bridge"}, user=other.member, channel_id=other.channel_id
    ).wait_done(timeout=90)
    on_bot(bot.follow_checker.stop())  # the test runs the checks, at the times it says
    now = [datetime(2025, 5, 15, 9, tzinfo=UTC)]
    bot.follow_checker.clock = lambda: now[0]
    on_bot(bot.follow_checker.check())
    member_dm, other_dm = standin.dm_channel_id(standin.member), standin.dm_channel_id(other.member)
    assert standin.messages(member_dm) == []  # nothing published since

    bot.engine.ingest([story_news / "bridge-footbridge-millbrook-gazette.md"], server=int(standin.guild_id))
    on_bot(bot.follow_checker.check())
    [update] = standin.messages(member_dm)
    text = _texts([update])
    assert update.pings == frozenset() and text.startswith(
        "New on: Repairs to the cracked Kelvin Street bridge"
    )
    assert COMMUTERS in text and CLOSED not in text and "Temporary footbridge opens" in text
    assert COMMUTERS not in _texts(standin.messages(other_dm))  # server A's own article

    now[0] += timedelta(minutes=30)
    bot.engine.ingest([FOLLOW_NEWS / "bridge-reopening-harbour-post.md"])
    on_bot(bot.follow_checker.check())
    assert len(standin.messages(member_dm)) == 1  # within the hour: it waits
    now[0] += timedelta(hours=1)
    on_bot(bot.follow_checker.check())
    later = standin.messages(member_dm)
    assert len(later) == 2 and REOPEN in _texts(later[1:])

    now[0] += timedelta(hours=2)
    bot.engine.ingest([FOLLOW_NEWS / "bridge-nothing-new-harbour-post.md"])
    on_bot(bot.follow_checker.check())
    assert len(standin.messages(member_dm)) == 2  # nothing new: nothing sent

    from bot.client import NewsBot

    again = NewsBot(bot.engine)  # a new client over the same data folder
    try:
        kept = again.follows.all()
        assert {(f.guild_id, f.user_id) for f in kept} == {
            (int(standin.guild_id), int(standin.member.id)),
            (int(other.id), int(other.member.id)),
        }
    finally:
        again.worker.close()

    choices = standin.autocomplete("unfollow", "story", "")
    assert len(choices) == 1
    done = standin.slash("unfollow", {"story": choices[0]["value"]}).wait_done(timeout=30)
    assert "No longer following" in done.messages[0].content
    assert [f.guild_id for f in bot.follows.all()] == [int(other.id)]


def test_a_member_cannot_follow_for_a_channel(follow_bot):
    standin, bot, _thread = follow_bot
    done = standin.slash(
        "follow", {"story": "Kelvin Street bridge", "channel": standin.channel_id}
    ).wait_done(timeout=30)
    [message] = [m for m in done.messages if m.deleted_at is None]
    assert message.ephemeral and bot.follows.all() == []


def test_a_manager_follows_a_story_for_a_channel_and_its_news_is_posted_there(follow_bot, story_news):
    standin, bot, _thread = follow_bot
    done = standin.slash(
        "follow", {"story": "Kelvin Street bridge", "channel": standin.channel_id}, user=standin.admin
    ).wait_done(timeout=90)
    assert done.messages[0].embeds[0]["title"].startswith("Now following: ")
    [follow] = bot.follows.all()
    assert (follow.user_id, follow.channel_id) == (0, int(standin.channel_id))
    asyncio.run_coroutine_threadsafe(bot.follow_checker.stop(), bot.loop).result(30)
    before = len(standin.messages(standin.channel_id))
    bot.engine.ingest([story_news / "bridge-footbridge-millbrook-gazette.md"])
    asyncio.run_coroutine_threadsafe(bot.follow_checker.check(), bot.loop).result(60)
    posted = standin.messages(standin.channel_id)[before:]
    assert len(posted) == 1 and COMMUTERS in _texts(posted) and not posted[0].ephemeral
