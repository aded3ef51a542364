"""Tiny datasets in the shape of RealTime QA's silver set, as ``newsbot eval stories`` and ``newsbot
eval timeline`` read them: ``articles.jsonl`` (id, title, url, publish date, text) and
``questions.jsonl``, each question matched to the articles that answer it and given an id that puts
it in the half of the set the test asks for (``realtimeqa.half``)."""

import json
from dataclasses import dataclass
from pathlib import Path

from index.eval import realtimeqa


@dataclass(frozen=True)
class Article:
    key: str
    title: str
    published: str | None  # YYYY-MM-DD; None: undated
    text: str  # paragraphs separated by blank lines
    host: str = "news.example"


def write_silver(folder: Path, articles: list[Article], questions: list[tuple[str, list[str]]]) -> Path:
    """A silver set in ``folder``: ``articles``, and one question per (half, keys of the articles
    it is matched to) of ``questions``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        {
            "article_id": a.key,
            "title": a.title,
            "url": f"https://{a.host}/{a.key}",
            **({"publish_date": a.published.replace("-", "/")} if a.published else {}),
            "text": a.text,
        }
        for a in articles
    ]
    (folder / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ids = _ids([half for half, _ in questions])
    asked = [
        {
            "question_id": question_id,
            "question_date": "2025/04/20",
            "question": f"Which story is question {question_id} about?",
            "answer": ["none"],
            "silver_positive_article_ids": keys,
        }
        for question_id, (_, keys) in zip(ids, questions, strict=True)
    ]
    (folder / "questions.jsonl").write_text("".join(json.dumps(q) + "\n" for q in asked), encoding="utf-8")
    return folder


def _ids(halves: list[str]) -> list[str]:
    """A distinct question id in each of ``halves`` ("train" or "test")."""
    free = (f"q{n}" for n in range(10_000))
    return [
        next(i for i in free if realtimeqa.half({"question_id": i, "silver_positive_article_ids": []}) == h)
        for h in halves
    ]
