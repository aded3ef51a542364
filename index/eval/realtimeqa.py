"""RealTime QA as newsbot reads it: questions asked as of their date over a corpus of real articles.

The gold set (``qa/realtimeqa``) is for reporting only. The silver set (``qa/realtimeqa_silver``) is
split in two halves by a hash of each question's id: ``newsbot eval train`` learns from the
training half, ``newsbot eval qa`` reports the test half; silver questions that repeat a gold one
belong to neither. A third of the training half (``calibration``) is kept from everything that
learns (the reader and the scorers, ``learned_from``) for choosing thresholds.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from ..answer import Evidence
from ..engine import PASSAGES_READ, VERSIONS_READ, Engine
from ..ingest import Progress
from ..search import CANDIDATES, Hit, Reading
from ..settings import Settings
from ..text import match_key, sha256
from .common import article_ids, read_jsonl, scratch_engine, write_article

DISTRACTORS_PER_QUESTION = 10  # with --limit: the chosen questions' gold articles and this many others each
Half = Literal["train", "test"]


def half(question: dict) -> Half | None:
    """The silver half a question belongs to; None for gold questions and silver repeats of them."""
    if "silver_positive_article_ids" not in question or question.get("overlaps_gold_set"):
        return None
    return "train" if int(sha256(question["question_id"])[-1], 16) % 2 == 0 else "test"


def calibration(question: dict) -> bool:
    """Whether a training-half question is kept for choosing the reader's thresholds (a third of
    them, by another digit of the same hash): neither the reader nor the scorers learn from these."""
    return int(sha256(question["question_id"])[-2], 16) % 3 == 0


def learned_from(dataset: Path, limit: int | None = None) -> list[dict]:
    """The training half's questions that training learns from: all but the calibration third."""
    learned = [q for q in read_questions(dataset, None, "train") if not calibration(q)]
    return learned[:limit] if limit is not None else learned


def questions_file(dataset: Path) -> Path:
    if dataset.is_dir():
        found = sorted(dataset.glob("questions*.jsonl"))
        return found[0] if found else dataset / "questions.jsonl"
    return dataset


def read_questions(dataset: Path, limit: int | None, wanted: Half | None) -> list[dict]:
    """The dataset's questions; of a silver set, only the ``wanted`` half."""
    records = read_jsonl(questions_file(dataset))
    if any("silver_positive_article_ids" in q for q in records):
        records = [q for q in records if half(q) == wanted]
    return records[:limit] if limit is not None else records


def positives(question: dict) -> list[str]:
    """The articles that answer a question: gold ones, or the silver set's matched ones."""
    return question.get("gold_article_ids") or question.get("silver_positive_article_ids") or []


def question_date(question: dict) -> date | None:
    return _date(question.get("question_date"))


def published(article: dict) -> date | None:
    return _date(article.get("publish_date"))


def answers(question: dict) -> set[str]:
    return {key for a in question["answer"] if (key := match_key(a.strip("\"'“”‘’ ")))}


def folded(text: str) -> str:
    """``text`` as ``mentions`` compares it: folded, with a space at each end for whole words."""
    return f" {match_key(text)} "


def mentions(text: str, wanted: set[str]) -> bool:
    """Whether ``text`` mentions an answer: as whole words, or anywhere for answers over 3 characters."""
    return mentioned(folded(text), wanted)


def agrees(said: str, wanted: set[str]) -> bool:
    """Whether a marked span agrees with an answer string: holds one, or is held in one, as whole
    words ("Messi" agrees with "Lionel Messi"; "A" does not agree with "California")."""
    key = f" {match_key(said)} "
    return bool(key.strip()) and any(key in f" {a} " or f" {a} " in key for a in wanted)


def mentioned(found: str, wanted: set[str]) -> bool:
    """``mentions`` of a text already ``folded``."""
    return any(f" {a} " in found or (len(a) > 3 and a in found) for a in wanted)


@dataclass
class Corpus:
    """The dataset's articles in a throwaway index: each question's positive article ids, and for
    each question the indexed articles whose text holds its answer (the decline test removes them)."""

    engine: Engine
    questions: list[dict]
    articles: int
    gold: list[set[int | None]]
    holding: list[frozenset[int]]


@contextmanager
def corpus(
    dataset: Path,
    questions: list[dict],
    settings: Settings,
    limit: int | None,
    progress: Progress,
    articles_file: Path | None = None,
) -> Iterator[Corpus]:
    source = questions_file(dataset)
    records = _articles(articles_file or source.parent / "articles.jsonl", questions, limit)
    with scratch_engine(settings, f"qa-{source.parent.name}") as engine:
        paths = write_articles(engine.settings.data_dir / "articles", records)
        ids = article_ids(engine, engine.ingest(paths.values(), progress))
        gold = [{ids.get(paths[g].name) for g in positives(q) if g in paths} for q in questions]
        texts = {
            ids[paths[a["article_id"]].name]: folded(a["text"])
            for a in records
            if a["article_id"] in paths and paths[a["article_id"]].name in ids
        }
        holding = [
            frozenset(i for i, text in texts.items() if mentioned(text, answers(q))) for q in questions
        ]
        yield Corpus(engine, questions, len(records), gold, holding)


def _articles(path: Path, questions: list[dict], limit: int | None) -> list[dict]:
    """All articles, or with a limit the questions' gold ones and a fixed set of distractors."""
    records = read_jsonl(path)
    if limit is None:
        return records
    gold = {g for q in questions for g in positives(q)}
    others = [a for a in records if a["article_id"] not in gold][: DISTRACTORS_PER_QUESTION * len(questions)]
    return [a for a in records if a["article_id"] in gold] + others


def write_articles(folder: Path, articles: Iterable[dict]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        a["article_id"]: write_article(
            folder,
            a["article_id"],
            a["text"],
            title=a.get("title") or a["article_id"],
            outlet=urlparse(a.get("url") or "").hostname,
            url=a.get("url"),
            published=_day(a.get("publish_date")),
        )
        for a in articles
        if (a.get("text") or "").strip()
    }


def _date(value: str | None) -> date | None:
    """The day of a dataset's date ("2022/06/16", "2022-06-16T…"), None when it has none."""
    try:
        return datetime.fromisoformat((value or "").replace("/", "-")[:10]).date()
    except ValueError:
        return None


def _day(value: str | None) -> str | None:
    day = _date(value)
    return day.isoformat() if day else None


@dataclass
class Asked:
    """A question as newsbot reads it as of its date: the passages an answer is chosen from, and
    those it would be chosen from without the articles holding the answer (the decline test); each
    with the wider set of passages where other outlets' versions of a quote are looked for."""

    question: dict
    reading: Reading
    hits: list[Hit]
    evidence: Evidence | None
    without: Evidence | None
    wider: Evidence | None
    wider_without: Evidence | None


def ask(engine: Engine, question: dict, holding: frozenset[int], read: int = PASSAGES_READ) -> Asked:
    """``question`` asked as of its date, the reader reading ``read`` passages."""
    when = engine.when(question_date(question))
    reading, hits = engine.retrieve(question["question"], k=CANDIDATES, when=when)
    text = reading.text
    article_of = {
        pid: row.article_id for pid, row in engine.store.passages_by_ids(h.passage_id for h in hits).items()
    }
    kept = [h for h in hits if article_of.get(h.passage_id) not in holding]
    wider = engine.evidence(hits[:VERSIONS_READ], text) if hits else None
    wider_without = engine.evidence(kept[:VERSIONS_READ], text) if kept else None
    return Asked(
        question,
        reading,
        hits,
        wider.first(read) if wider else None,
        wider_without.first(read) if wider_without else None,
        wider,
        wider_without,
    )
