"""Every slash-command option, given what users type (``typed``), through the Discord stand-in: never
the catch-all message, never a ping; a value its parser refuses gets one ephemeral message in the
parser's words and changes nothing (index, questions and votes, feeds, hidden outlets, schedules).

A bot of its own runs over the samples, with every command; each example is one interaction, so
the examples are a share of the profile's (the parsers' own properties are test_values.py's).
Values are typed as Discord lets them be: within each option's length limits, as synced.
"""

import logging

import pytest
import typed
from discord import AppCommandOptionType, app_commands
from guards import stored_state
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from bot.failures import UNEXPECTED, describe
from bot.options import Parsed
from bot.render.embeds import problem
from bot.schedules import time_of_day, time_zone, topic_list
from index import InputError, Period, outlet_name, story_reference, web_address

SHARE = max(8, settings.default.max_examples // 3)  # each example is an interaction with the bot
COMMANDS = (
    "ask",
    "summary",
    "digest",
    "timeline",
    "follow",
    "unfollow",
    "sources",
    "ingest",
    "briefing",
    "outlets",
    "feeds",
    "insights",
)
ASKED = "What happened to Notre-Dame?"


@pytest.fixture(scope="module")
def bot(tmp_path_factory, sample_news, running_bot):
    def ingest(engine) -> None:
        assert not engine.ingest([sample_news]).failed

    data = tmp_path_factory.mktemp("bot-values")
    with running_bot(data, COMMANDS, ingest) as (standin, bot, _):
        yield standin, bot


def option_limits(standin, path: str, name: str) -> tuple[int, int]:
    """The shortest and longest value Discord lets a user type into option ``name`` of ``/path``."""
    root, *subs = path.split()
    options = next(c for c in standin.commands(standin.guild_id) if c["name"] == root).get("options") or []
    for sub in subs:
        options = next(o for o in options if o["name"] == sub).get("options") or []
    option = next(o for o in options if o["name"] == name)
    return option.get("min_length", 0), option.get("max_length", 6000)


def each(standin, path: str, options: dict, admin: bool = False):
    """``/path`` run once, to its end, by a new member (each has their own quota of questions)."""
    user = standin.admin if admin else standin.add_member(f"typist{len(standin.interactions)}")
    return standin.slash(path, options, user=user).wait_done(timeout=120, settle=0.1)


# (command, option typed, other options, what is typed, its parser: None when the engine parses it)
SLASH = {
    "ask question": ("ask", "question", {}, typed.hostile, None),
    "ask since": ("ask", "since", {"question": ASKED}, typed.periods, Period.parse),
    "ask outlet": ("ask", "outlet", {"question": ASKED}, typed.outlets, outlet_name),
    "summary article": ("summary", "article", {}, st.one_of(typed.ids, typed.hostile), None),
    "digest topic": ("digest", "topic", {}, typed.hostile, None),
    "timeline story": ("timeline", "story", {}, st.one_of(typed.ids, typed.hostile), story_reference),
    "follow story": ("follow", "story", {}, st.one_of(typed.ids, typed.hostile), story_reference),
    "unfollow story": ("unfollow", "story", {}, st.one_of(typed.ids, typed.hostile), None),
    "ingest url": ("ingest", "url", {}, typed.urls, None),
    "feeds add url": ("feeds add", "url", {}, typed.urls, web_address),
    "feeds remove url": ("feeds remove", "url", {}, typed.urls, web_address),
    "briefing set time": ("briefing set", "time", {}, typed.times, time_of_day),
    "briefing set timezone": ("briefing set", "timezone", {"time": "08:00"}, typed.zones, time_zone),
    "briefing set topics": ("briefing set", "topics", {"time": "08:00"}, typed.topics, topic_list),
    "outlets hide outlet": ("outlets hide", "outlet", {}, typed.outlets, outlet_name),
    "outlets show outlet": ("outlets show", "outlet", {}, typed.outlets, outlet_name),
}
ADMIN = ("ingest", "feeds", "briefing", "outlets")


@pytest.mark.parametrize("name", SLASH)
@settings(max_examples=SHARE)
@given(data=st.data())
def test_every_option_typed_gets_a_clear_answer_and_a_refusal_changes_nothing(bot, name, data):
    standin, running = bot
    path, option, others, values, parse = SLASH[name]
    value = data.draw(values, label=option)
    shortest, longest = option_limits(standin, path, option)
    assume(max(1, shortest) <= len(value) <= longest)
    if path == "briefing set":
        others = {"channel": standin.channel_id, **others}
    refused = None
    if parse is not None:
        try:
            parse(value)
        except InputError as error:
            refused = problem(str(error))
    event("refused" if refused is not None else "taken")
    before, rejected = stored_state(running.settings.data_dir), len(standin.rejections)
    done = each(standin, path, {**others, option: value}, admin=path.startswith(ADMIN))
    shown = [m for m in done.messages if m.deleted_at is None]
    assert shown and all(m.pings == frozenset() for m in done.messages)
    assert all(UNEXPECTED not in (m.content or "") for m in shown)
    assert len(standin.rejections) == rejected  # nothing Discord would refuse to show
    if refused is not None:
        [message] = shown
        assert message.ephemeral and message.content == refused
    if refused is not None or path in ("ingest", "feeds add", "feeds remove"):  # nothing can be fetched
        assert stored_state(running.settings.data_dir) == before


@pytest.mark.parametrize("since", ["99999999d", "3651d", "0h", "2099-01-01", "soon"])
def test_ask_since_a_period_out_of_bounds_is_told_what_periods_are_taken(bot, since):
    standin, running = bot
    before = stored_state(running.settings.data_dir)
    done = each(standin, "ask", {"question": "what happened?", "since": since})
    [message] = done.messages
    assert message.ephemeral and message.pings == frozenset()
    assert message.content.startswith(f"'{since}' is not a period: give hours or days such as 24h or 7d")
    assert "1h to 3650d" in message.content and UNEXPECTED not in message.content
    assert stored_state(running.settings.data_dir) == before  # not even the question is kept


def test_a_summary_of_an_article_id_past_the_largest_is_told_what_ids_are(bot):
    standin, _ = bot
    done = each(standin, "summary", {"article": "#99999999999999999999"})
    [message] = [m for m in done.messages if m.deleted_at is None]
    assert message.ephemeral and "is not an article id: give one from 1 to" in message.content


def test_the_catch_all_is_counted_for_a_bug_and_stays_for_bugs_only(catch_all):
    assert describe(RuntimeError("the disk is on fire")) == UNEXPECTED
    [record] = catch_all()  # the suite fails on any such record but this test's (conftest.py)
    assert record.levelno == logging.ERROR and "the disk is on fire" in str(record.exc_info[1])
    transformer = Parsed(Period.parse, 10)
    refused = transformer_error(InputError("'x' is not a period: give 24h"), transformer)
    assert describe(refused) == "'x' is not a period: give 24h"  # a value refused: not a bug
    broken = transformer_error(ValueError("a bug in a parser"), transformer)
    assert describe(broken) == UNEXPECTED and len(catch_all()) == 2  # a parser's bug stays one


def transformer_error(cause: Exception, transformer: Parsed) -> app_commands.TransformerError:
    """The error discord.py raises when an option's transformer raises ``cause``."""
    error = app_commands.TransformerError("x", AppCommandOptionType.string, transformer)
    error.__cause__ = cause
    return error
