"""How well articles are grouped into stories, on pairs of articles labelled from RealTime QA's
silver set (``newsbot eval stories ../shared/eval/qa/realtimeqa_silver``).

Labels: two articles matched to the same quiz question (its silver positives: they hold the
answer and were published near the question's date) report the same story; two articles that
share no question do not. Only pairs published at most ``stories.DAYS_APART`` days apart are
labelled, since a story is grouped over a few days. The labels are noisy both ways (a weekly
round-up matches several questions; two questions can be on one story), so ``--show N`` prints
N pairs of each label from the test half to check by hand. An undated article (no publication
date) is paired whatever the other's day, since the grouping lets it join its story whatever that
story's days (``stories.group``).

Each half of the silver set (``realtimeqa.half``) is grouped on its own: the threshold is chosen
on the training half (best F1) and reported on the test half, for the shipped grouping (mean
passage vectors) and for the baseline, the same grouping over TF-IDF vectors of the titles.
Pairwise precision: of the labelled pairs grouped together, the share labelled the same story;
recall: of the pairs labelled the same story, the share grouped together.
"""

import random
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..ingest import Progress
from ..report.stories import DAYS_APART, SAME_STORY, Report, Story, group, read_reports
from ..settings import Settings
from . import realtimeqa
from .common import Table, article_ids, read_jsonl, scratch_engine

THRESHOLDS = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.05)]
METHODS = ("passage vectors (shipped)", "title TF-IDF (baseline)")


@dataclass(frozen=True)
class Half:
    """One half of the silver set: its articles as stories read them, and its labelled pairs."""

    reports: list[Report]
    same: set[tuple[int, int]]  # pairs labelled the same story (article ids, smaller first)
    different: set[tuple[int, int]]


def run(
    dataset: Path, settings: Settings, limit: int | None, progress: Progress, show: int = 0
) -> list[Table]:
    questions = {h: realtimeqa.read_questions(dataset, limit, h) for h in ("train", "test")}
    wanted = {a for half in questions.values() for q in half for a in realtimeqa.positives(q)}
    source = realtimeqa.questions_file(dataset)
    records = [a for a in read_jsonl(source.parent / "articles.jsonl") if a["article_id"] in wanted]
    with scratch_engine(settings, f"qa-{source.parent.name}") as engine:
        paths = realtimeqa.write_articles(engine.settings.data_dir / "articles", records)
        ids = article_ids(engine, engine.ingest(paths.values(), progress))
        model = engine.embedder.model_name
        reports = {r.article.id: r for r in read_reports(engine.store, model, engine.sources())}
    number = {key: ids.get(path.name) for key, path in paths.items()}
    anywhere = _questions_of([q for half in questions.values() for q in half], number)
    halves = {name: _half(qs, number, reports, anywhere) for name, qs in questions.items()}
    rows = []
    for method in METHODS:
        seen = {name: _as(method, half.reports) for name, half in halves.items()}
        train = {t: _score(group(seen["train"], t), halves["train"]) for t in THRESHOLDS}
        best = max(THRESHOLDS, key=lambda t: (train[t][2], -t))
        used = SAME_STORY if method == METHODS[0] else best
        test = _score(group(seen["test"], used), halves["test"])
        rows.append([method, best, used, *train[used], *test])
    pairs = ", ".join(f"{n}: {len(h.same)} same, {len(h.different)} different" for n, h in halves.items())
    table = Table(
        "Stories: pairwise precision and recall on labelled article pairs",
        [
            "grouping",
            "best on train",
            "used",
            "train P",
            "train R",
            "train F1",
            "test P",
            "test R",
            "test F1",
        ],
        rows,
        [f"Labelled pairs ({pairs}); the shipped grouping uses SAME_STORY = {SAME_STORY}."],
    )
    return [table, *([_sample(halves["test"], show)] if show else [])]


def _questions_of(questions: list[dict], number: dict[str, int | None]) -> dict[int, set[str]]:
    """Each indexed article's questions."""
    found: dict[int, set[str]] = {}
    for q in questions:
        for key in realtimeqa.positives(q):
            if (article := number.get(key)) is not None:
                found.setdefault(article, set()).add(q["question_id"])
    return found


def _half(questions: list[dict], number: dict, reports: dict[int, Report], anywhere: dict) -> Half:
    """The half's articles and its pairs at most ``DAYS_APART`` days apart (or with an undated
    article): the same story when they share a question of the half, different when they share
    none of either half."""
    mine = _questions_of(questions, number)
    chosen = [reports[i] for i in sorted(mine) if i in reports]
    same, different = set(), set()
    for first, second in combinations(chosen, 2):
        if first.day is not None and second.day is not None and abs(first.day - second.day) > DAYS_APART:
            continue
        pair = (first.article.id, second.article.id)
        if mine[pair[0]] & mine[pair[1]]:
            same.add(pair)
        elif not anywhere[pair[0]] & anywhere[pair[1]]:
            different.add(pair)
    return Half(chosen, same, different)


def _as(method: str, reports: list[Report]) -> list[Report]:
    """The reports as the method reads them: the baseline by TF-IDF vectors of their titles."""
    if method == METHODS[0]:
        return reports
    matrix = TfidfVectorizer(stop_words="english").fit_transform([r.article.title for r in reports])
    return [replace(r, vector=matrix[i].toarray()[0]) for i, r in enumerate(reports)]


def _score(stories: list[Story], half: Half) -> tuple[float, float, float]:
    story_of = {r.article.id: n for n, story in enumerate(stories) for r in story.reports}
    together = {pair for pair in half.same | half.different if story_of[pair[0]] == story_of[pair[1]]}
    right = len(together & half.same)
    precision = right / len(together) if together else 0.0
    recall = right / len(half.same) if half.same else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)


def _sample(half: Half, count: int) -> Table:
    """``count`` pairs of each label, drawn at random (seeded), to check the labels by hand."""
    by_id = {r.article.id: r.article for r in half.reports}
    rng = random.Random(0)
    rows = []
    for label, pairs in (("same", half.same), ("different", half.different)):
        for first, second in rng.sample(sorted(pairs), min(count, len(pairs))):
            a, b = by_id[first], by_id[second]
            rows.append(
                [label, f"{a.published or 'undated'} {a.title}", f"{b.published or 'undated'} {b.title}"]
            )
    return Table("Labelled pairs to check by hand (test half)", ["label", "first", "second"], rows)
