"""The values users type, each parsed in one place: whatever is typed, a parser gives a value within
its bounds or an InputError whose one line names what it takes; never another exception.

The ``@example``s are what Hypothesis found before the parsers existed (see test_cli_values.py for
where each one ended); they stay as regular cases.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
import typed
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.schedules import MAX_TOPIC_CHARS, MAX_TOPICS, time_of_day, time_zone, topic_list
from index import InputError, Period, calendar_day, outlet_name, server_id, shown, web_address
from index.read.web.addresses import MAX_URL_CHARS, parse_target
from index.search.days import EARLIEST, MAX_DAYS, latest
from index.store import MAX_REFERENCE_CHARS, article_id, story_reference
from index.store.scopes import MAX_ID, MAX_OUTLET_CHARS

many = settings(max_examples=4 * settings.default.max_examples)  # a parser takes microseconds


def refusal(parse, value: str) -> str:
    """The message of ``parse`` refusing ``value``: one line, short, naming what is taken."""
    with pytest.raises(InputError) as refused:
        parse(value)
    message = str(refused.value)
    assert message.splitlines() == [message] and message.isprintable(), message
    assert len(message) <= 300, message
    assert "give" in message, message
    return message


def parsed_or_refused(parse, value: str):
    """What ``parse`` makes of ``value``, or None when it refuses it as it should."""
    try:
        return parse(value)
    except InputError:
        refusal(parse, value)
        return None


@many
@given(typed.periods)
@example("99999999d")  # OverflowError: date value out of range
@example("961210654322h")  # OverflowError: Python int too large to convert to C int
@example("0h")
@example("1" * 5000 + "d")  # ValueError: int() of more than 4300 digits
def test_a_period_is_within_bounds_and_reads_back_as_typed(text):
    period = parsed_or_refused(Period.parse, text)
    if period is None:
        return
    assert Period.parse(str(period)) == period
    for today in (EARLIEST, latest()):  # the days a question may be asked as of
        assert EARLIEST - timedelta(days=MAX_DAYS) <= period.first_day(today) <= latest()


@pytest.mark.parametrize(
    ("text", "first"),
    [("1h", "2026-03-09"), ("87600h", "2016-03-12"), ("3650D", "2016-03-12"), (" 7 d ", "2026-03-03")],
)
def test_a_period_at_its_bounds_counts_whole_days_back(text, first):
    assert str(Period.parse(text).first_day(date(2026, 3, 10))) == first


@pytest.mark.parametrize(
    "text", ["0h", "0d", "87601h", "3651d", "99999999d", "1969-12-31", "²h", "١٢h", "-1d"]
)
def test_a_period_past_its_bounds_is_refused_naming_them(text):
    message = refusal(Period.parse, text)
    assert "1h to 3650d" in message and f"from 1970-01-01 to {latest()}" in message


@many
@given(typed.days)
@example("0001-01-01")  # OverflowError as the first day of "today"'s period
@example("9999-12-31")
def test_a_day_is_between_1970_and_tomorrow(text):
    day = parsed_or_refused(calendar_day, text)
    assert day is None or EARLIEST <= day <= latest()


@many
@given(typed.ids)
@example("99999999999999999999")  # OverflowError: Python int too large to convert to SQLite INTEGER
@example("²")  # ValueError: invalid literal for int() (isdigit() takes it)
@example("١٢")  # read as 12 by int()
def test_a_server_id_is_a_number_sqlite_holds(text):
    number = parsed_or_refused(server_id, text)
    assert number is None or (1 <= number <= MAX_ID and str(number) == text.strip().lstrip("0"))


@many
@given(st.integers(-5, 2**64))
def test_a_server_id_is_taken_exactly_from_1_to_the_largest_sqlite_integer(number):
    assert (parsed_or_refused(server_id, str(number)) is not None) == (1 <= number <= MAX_ID)


@many
@given(typed.ids)
@example("²")  # ValueError from int() in find_article: the CLI's traceback, the bot's catch-all
@example("#99999999999999999999")
def test_an_article_reference_is_an_id_in_bounds_or_words(text):
    try:
        found = article_id(text)
    except InputError:
        refusal(article_id, text)
        return
    assert found is None or 1 <= found <= MAX_ID


@many
@given(st.one_of(typed.ids, typed.hostile, st.text(min_size=195, max_size=205, alphabet="ab ")))
@example("#0")
@example(" \u200b ")
def test_a_story_reference_is_tidy_text_to_find_a_story_by_or_an_id_in_bounds(text):
    reference = parsed_or_refused(story_reference, text)
    if reference is not None:
        assert reference == " ".join(reference.split()) and 1 <= len(reference) <= MAX_REFERENCE_CHARS
        assert any(c.isalnum() for c in reference)
        assert article_id(reference) is None or 1 <= article_id(reference) <= MAX_ID


@many
@given(typed.outlets)
@example("   ")  # hid the articles of no outlet
def test_an_outlet_is_a_tidy_name(text):
    name = parsed_or_refused(outlet_name, text)
    if name is not None:
        assert name == " ".join(name.split()) and 1 <= len(name) <= MAX_OUTLET_CHARS
        assert any(c.isalnum() for c in name)


@many
@given(typed.urls)
def test_a_web_address_is_one_every_fetch_would_try(text):
    url = parsed_or_refused(web_address, text)
    if url is not None:
        assert len(url) <= MAX_URL_CHARS and parse_target(url).scheme in ("http", "https")


@many
@given(typed.times)
@example("٠٨:٣٠")
def test_a_time_of_day_is_hh_mm(text):
    time = parsed_or_refused(time_of_day, text)
    if time is not None:
        hours, minutes = time.split(":")
        assert len(time) == 5 and 0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59


@many
@given(typed.zones)
@example("localtime")
def test_a_time_zone_is_a_known_iana_name(text):
    zone = parsed_or_refused(time_zone, text)
    if zone is not None:
        ZoneInfo(zone)  # loads
        assert zone != "localtime" and zone.casefold() == text.strip().casefold()


@many
@given(typed.topics)
@example("!!!")  # stored, then matched every story: no word to look for
def test_topics_are_a_few_words_to_look_for(text):
    found = parsed_or_refused(topic_list, text)
    if found is not None:
        assert len(found) <= MAX_TOPICS and len(set(found)) == len(found)
        assert all(1 <= len(t) <= MAX_TOPIC_CHARS and "," not in t for t in found)


@many
@given(st.text())
def test_what_a_message_shows_of_a_value_is_one_short_printable_line(text):
    quoted = shown(text)
    assert quoted.isprintable() and len(quoted) <= 40
