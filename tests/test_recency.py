"""Newer news counts more, fully so for questions about now; an old article that alone matches still wins."""

from datetime import date

import numpy as np
import pytest

from index.generation import UNDATED
from index.recency import FLOOR, asks_about_now, weights


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
