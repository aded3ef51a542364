"""Our own questions (samples/questions.jsonl), kept as a test set: every answer string is in the
news it is about, and the shipped answerer keeps answering them (bench/own_questions.py reports
both answerers' full scores)."""

import json
from pathlib import Path

import pytest

from index.text import match_key

QUESTIONS = Path(__file__).resolve().parents[1] / "samples" / "questions.jsonl"


def _questions() -> list[dict]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]


def test_the_set_has_forty_questions_or_more_answerable_and_not():
    questions = _questions()
    assert len(questions) >= 40
    assert {q["news"] for q in questions} == {"samples", "shared"}
    assert sum(bool(q["answers"]) for q in questions) >= 20 and sum(not q["answers"] for q in questions) >= 20


def test_thirty_of_them_are_short_questions_typed_as_in_discord():
    short = [q for q in _questions() if q.get("style") == "short"]
    assert len(short) == 30 and sum(bool(q["answers"]) for q in short) == 20
    assert all(3 <= len(q["question"].split()) <= 8 and q["news"] == "samples" for q in short)


def test_every_answer_string_is_in_the_sample_news(sample_news):
    text = match_key(" ".join(p.read_text(encoding="utf-8") for p in sample_news.glob("*.md")))
    for question in (q for q in _questions() if q["news"] == "samples"):
        assert all(match_key(a) in text for a in question["answers"]), question["question"]


@pytest.mark.shared
def test_the_shipped_answerer_quotes_the_answer_for_most_of_them(news_engine):
    answerable = [q for q in _questions() if q["answers"]]
    quoted = [match_key(" ".join(x.text for x in news_engine.ask(q["question"]).quotes)) for q in answerable]
    held = sum(
        any(match_key(a) in text for a in q["answers"]) for q, text in zip(answerable, quoted, strict=True)
    )
    assert held >= 0.8 * len(answerable)
