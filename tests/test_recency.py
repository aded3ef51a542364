"""Newer news counts more, fully so for questions about now; an old article that alone matches still wins."""

from datetime import date, timedelta

import numpy as np
import pytest

from index.search.recency import FLOOR, When, asks_about_now, period, weights
from index.search.snapshot import UNDATED


@pytest.mark.parametrize(
    "question",
    [
        "Which company announced this week that it would cut jobs?",
        "What is the latest on the Varn bridge?",
        "Who is currently leading the race?",
        "What did the council decide today?",
        "How many people have recently signed the petition?",
    ],
)
def test_questions_about_now_are_recognised(question):
    assert asks_about_now(question)


@pytest.mark.parametrize(
    "question",
    [
        "Who won the World Cup final in 2022?",
        "How much did DART shorten the asteroid's orbit?",
        "Why was the bridge known as nowhere's end?",
    ],
)
def test_other_questions_are_not_about_now(question):
    assert not asks_about_now(question)


def test_an_article_one_half_life_older_counts_half_or_from_the_floor_up():
    newest = date(2025, 3, 17).toordinal()
    days = np.array([newest, newest - 7, newest - 700, UNDATED])
    full, floored = weights(days, 7.0, 0.0), weights(days, 7.0, FLOOR)
    assert full[:2] == pytest.approx([1.0, 0.5])
    assert full[2] < 1e-6
    assert floored[1:3] == pytest.approx([FLOOR + (1 - FLOOR) * 0.5, FLOOR], abs=1e-6)
    assert full[3] == floored[3] == 1.0  # an undated article's age is unknown: never discounted


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("What did the council decide today?", 1),
        ("Which two countries did NATO invite to join this week?", 7),
        ("Who resigned last week?", 14),
        ("How much have prices risen this month?", 31),
        ("Which films won awards this year?", 366),
        ("What is the latest on the Varn bridge?", None),  # about now, but no period: ranked, not cut
        ("How much did DART shorten the asteroid's orbit?", None),
    ],
)
def test_the_period_a_question_names_is_read_from_its_words(question, days):
    assert period(question) == days


def test_a_question_is_answered_from_the_days_between_its_period_and_the_day_it_is_asked():
    asked = date(2022, 6, 16)
    first, last = When(as_of=asked).window("Which show was renewed this week?")
    assert (date.fromordinal(first), date.fromordinal(last)) == (asked - timedelta(days=7), asked)
    assert When(as_of=asked).window("Which show was renewed?") == (date.min.toordinal(), asked.toordinal())
    assert When().window("Which show was renewed?") is None  # any time: nothing is left out
    assert When().window("Which show was renewed today?")[1] == date.today().toordinal()
