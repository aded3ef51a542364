"""Votes and insights through Discord: 👍 / 👎 under each answer (still working after a restart),
and /insights for server managers: what readers asked, what the news did not answer, and the
answers voted down. The tests run in order, each from where the one before left the bot."""

import sqlite3
import time
from collections.abc import Iterator

import pytest
from conftest import RestartableBot
from standin import DiscordStandIn

from index import Engine, Settings

ANSWERED = "When did Notre-Dame reopen?"
UNANSWERED = ["Who won the 2018 Tour de France?", "Who was the winner of the 2018 Tour de France?"]


@pytest.fixture(scope="module")
def feedback_bot(tmp_path_factory, sample_news) -> Iterator[RestartableBot]:
    with DiscordStandIn(heartbeat_interval=0.5) as standin, standin.patched():
        engine = Engine(
            Settings(
                data_dir=tmp_path_factory.mktemp("feedback"),
                discord_guilds=[int(standin.guild_id)],
                _env_file=None,
            )
        )
        assert not engine.ingest([sample_news]).failed
        running = RestartableBot(standin, engine, ("ask", "insights"))
        running.start()
        yield running
        running.stop()


def buttons(message) -> dict[str, str]:
    """The message's buttons: emoji -> custom id."""
    return {c["emoji"]["name"]: c["custom_id"] for row in message.components for c in row["components"]}


def ask(standin, question: str):
    asker = standin.add_member(f"asker{len(standin.interactions)}")  # each their own quota
    [message] = standin.slash("ask", {"question": question}, user=asker).wait_done(timeout=90).messages
    return message


def press(standin, message, emoji: str, user) -> str:
    done = standin.click(message, buttons(message)[emoji], user=user).wait_done(timeout=30)
    [said] = done.messages
    assert said.ephemeral
    return said.content


def insights_text(standin) -> str:
    [message] = standin.slash("insights", user=standin.admin).wait_done(timeout=90).messages
    assert message.ephemeral
    return "\n".join(e.get("description", "") for e in message.embeds)


def test_an_answer_carries_vote_buttons_and_a_member_votes_once(feedback_bot):
    standin = feedback_bot.standin
    answer = ask(standin, ANSWERED)
    assert set(buttons(answer)) == {"👍", "👎"}
    voter = standin.add_member("voter")
    assert press(standin, answer, "👍", voter) == "Thanks: your 👍 is counted."
    assert press(standin, answer, "👎", voter) == "Thanks: your 👎 is counted."  # replaces the 👍
    assert not buttons(ask(standin, UNANSWERED[0]))  # a decline quotes nothing to vote on


def test_a_vote_on_an_answer_from_before_a_restart_still_counts(feedback_bot):
    standin = feedback_bot.standin
    [answer] = [m for m in standin.bot_messages(standin.channel_id) if buttons(m)]
    feedback_bot.stop()
    feedback_bot.start()
    said = press(standin, answer, "👎", standin.add_member("later"))
    assert said == "Thanks: your 👎 is counted."


def test_a_member_cannot_see_insights(feedback_bot):
    standin = feedback_bot.standin
    [insights] = [c for c in standin.commands(standin.guild_id) if c["name"] == "insights"]
    assert insights["default_member_permissions"] == str(1 << 5)  # hidden from members
    standin.open_command("insights")  # as a server's own overrides can: the bot still refuses
    refused = standin.slash("insights", user=standin.add_member("nosy")).wait_done(timeout=30)
    [message] = refused.messages
    assert message.ephemeral and "Manage Server" in message.content


def test_insights_show_what_was_asked_and_not_answered_and_the_answers_voted_down(feedback_bot):
    standin = feedback_bot.standin
    ask(standin, UNANSWERED[1])  # the first, reworded
    shown = insights_text(standin)
    assert "**3** questions asked in the last 30 days · **33%** answered" in shown
    assert f"2× {UNANSWERED[1]}" in shown  # one question, asked twice in other words
    assert f"2× 👎 {ANSWERED}" in shown and "Notre-Dame" in shown.split("Answers voted down")[1]


def test_with_storing_off_there_are_no_buttons_and_nothing_is_kept(feedback_bot, tmp_path):
    standin, kept = feedback_bot.standin, feedback_bot.engine
    feedback_bot.stop()
    feedback_bot.engine = Engine(kept.settings.model_copy(update={"store_questions": False}))
    feedback_bot.start()
    assert not buttons(ask(standin, ANSWERED))
    assert "not stored" in insights_text(standin)
    assert kept.newsroom.insights(int(standin.guild_id)).asked == 3  # nothing new was kept


def test_an_answer_and_its_buttons_do_not_wait_for_a_publish_holding_the_write_lock(feedback_bot):
    standin = feedback_bot.standin
    feedback_bot.stop()
    feedback_bot.engine = Engine(feedback_bot.engine.settings.model_copy(update={"store_questions": True}))
    feedback_bot.start()
    publishing = sqlite3.connect(feedback_bot.engine.store.database.path, isolation_level=None)
    publishing.execute("BEGIN IMMEDIATE")  # as a reindex's publish holds it, for minutes at scale
    publishing.execute("INSERT INTO meta (key, value) VALUES ('busy', 'yes')")
    try:
        started = time.monotonic()
        answer = ask(standin, ANSWERED)
        assert set(buttons(answer)) == {"👍", "👎"} and time.monotonic() - started < 30
    finally:
        publishing.execute("ROLLBACK")
