"""``newsbot eval train``: learn which sentences answer, when to decline and which words to mark,
from the silver set: the answerability scorer the reader declines by (``answer.answerability``), and
the sentence and mark scorers of the sentence answerers it replaced (``baseline``).

Only the training half of RealTime QA's silver set is read (``realtimeqa.half``), and of it not the
calibration third thresholds are chosen on (``realtimeqa.learned_from``); the gold set and the
silver test half are never seen here. Each question is asked as ``newsbot eval qa`` asks it,
as of its date, twice: over everything, and without the articles holding its answer.

- **Sentences.** Every candidate sentence of the passages read (``answer.features``) is labelled
  by whether it holds the answer string; a logistic regression learns the weights. Its strength
  is chosen by 5-fold cross-validation over questions, scoring the share of questions whose
  top-scored sentence holds the answer.
- **Answerability.** Each question's evidence is described as a whole (``QUESTION_NAMES``) with
  sentence scores made out of fold (each question scored by a model that never saw it), and a
  second logistic regression learns to tell evidence that holds the answer from the decline test's
  evidence, which cannot. The table printed gives its cross-validated trade-off.
- **Marks.** The answer spans (``answer.spans``) of each question's best sentences are labelled by
  whether they agree with the answer string, as whole words; a third logistic regression learns
  them, and the table printed gives its cross-validated precision at each threshold.

All three are written as JSON (``answer.scorer``) into the package, or ``--out``.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..answer import SHIPPED, Evidence, features
from ..answer.scorer import WEIGHTS, Scorer
from ..errors import MissingExtra
from ..ingest import Progress, no_progress
from ..settings import Settings
from . import realtimeqa
from .baseline import marks
from .baseline.learned import ANSWERABLE_AT
from .common import Table

try:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler
except ModuleNotFoundError as missing:
    raise MissingExtra("eval", "`newsbot eval train`") from missing

STRENGTHS = (0.03, 0.1, 0.3, 1.0)  # inverse regularisation tried for the sentence scorer
MARK_CANDIDATES = 3  # sentences per question whose spans the mark scorer learns from
MARK_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
ANSWERABLE_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
ANSWERABLE_STRENGTH = 1.0
FOLDS = 5


@dataclass
class Sample:
    """One asked question: its candidates' features and labels, and the decline test's candidates."""

    question: features.Question
    evidence: Evidence
    found: list[features.Candidate]
    rows: np.ndarray
    labels: np.ndarray
    without: tuple[Evidence, list[features.Candidate], np.ndarray] | None
    answers: set[str]


def run(
    dataset: Path,
    settings: Settings,
    limit: int | None = None,
    progress: Progress = no_progress,
    out: Path | None = None,
) -> list[Table]:
    questions = realtimeqa.learned_from(dataset, limit)
    with realtimeqa.corpus(dataset, questions, settings, limit, progress) as corpus:
        asked = [realtimeqa.ask(corpus.engine, q, h) for q, h in zip(questions, corpus.holding, strict=True)]
    samples = [s for a in asked if (s := sample(a)) is not None]
    sentences, folds, table = fit_sentences(samples)
    answerable, decisions = fit_answerable(samples, folds)
    spans, precision = fit_marks(samples, folds)
    folder = out or WEIGHTS
    for name, fitted in (("sentences", sentences), ("answerable", answerable), ("marks", spans)):
        fitted.save(folder / f"{name}.json")
    table.notes.append(f"Wrote sentences.json, answerable.json and marks.json to {folder}.")
    return [table, decisions, precision]


def sample(asked: realtimeqa.Asked) -> Sample | None:
    """The features of an asked question's candidates, labelled; None when nothing was retrieved."""
    if asked.evidence is None:
        return None
    question = features.Question.read(asked.question["question"])
    query = asked.reading.query
    found = features.candidates(question, asked.evidence)
    if not found:
        return None
    wanted = realtimeqa.answers(asked.question)
    labels = np.array([realtimeqa.mentions(c.text, wanted) for c in found], dtype=np.int8)
    without = None
    if asked.without is not None and (other := features.candidates(question, asked.without)):
        without = (asked.without, other, features.matrix(question, query, asked.without, other))
    rows = features.matrix(question, query, asked.evidence, found)
    return Sample(question, asked.evidence, found, rows, labels, without, wanted)


@dataclass
class Folds:
    """The sentence scorer cross-fitted: each question's fold's scorer, which never saw it."""

    of_question: list[Scorer]

    def probability(self, question: int, rows: np.ndarray) -> np.ndarray:
        return self.of_question[question].probability(rows)


def fit_sentences(samples: list[Sample]) -> tuple[Scorer, Folds, Table]:
    """The sentence scorer at the strength cross-validation chose, its cross-fitted folds, and the
    table of that choice."""
    x = np.concatenate([s.rows for s in samples])
    y = np.concatenate([s.labels for s in samples])
    groups = np.concatenate([np.full(len(s.labels), i) for i, s in enumerate(samples)])
    splits = list(GroupKFold(FOLDS).split(x, y, groups))
    rows, tried = [], {}
    for strength in STRENGTHS:
        models = [_fit(x[train], y[train], strength, features.NAMES) for train, _ in splits]
        fold_of = {int(g): models[f] for f, (_, test) in enumerate(splits) for g in set(groups[test])}
        tried[strength] = Folds([fold_of[i] for i in range(len(samples))])
        rows.append([strength, _top_hit(samples, tried[strength])])
    best = max(rows, key=lambda row: row[1])[0]
    table = Table(
        f"Sentence scorer: {len(samples)} training questions, {len(y)} sentences, "
        f"{int(y.sum())} with the answer",
        ["strength", "top sentence holds the answer (cross-validated)"],
        rows,
        [f"Chosen strength: {best}."],
    )
    return _fit(x, y, best, features.NAMES), tried[best], table


def fit_answerable(samples: list[Sample], folds: Folds) -> tuple[Scorer, Table]:
    """Evidence that holds the answer against the decline test's evidence of the same question,
    each described with sentence scores from the fold that never saw the question; and the table
    of the cross-validated trade-off its threshold is chosen from."""
    rows, labels, groups = [], [], []
    for i, s in enumerate(samples):
        if s.labels.any():
            scores = folds.probability(i, s.rows)
            rows.append(features.question_row(s.question, s.evidence, s.found, s.rows, scores))
            labels.append(1)
            groups.append(i)
        if s.without is not None:
            evidence, found, matrix = s.without
            scores = folds.probability(i, matrix)
            rows.append(features.question_row(s.question, evidence, found, matrix, scores))
            labels.append(0)
            groups.append(i)
    x, y, g = np.stack(rows), np.array(labels), np.array(groups)
    held = np.zeros(len(y), dtype=np.float32)
    for train, test in GroupKFold(FOLDS).split(x, y, g):
        held[test] = _fit(x[train], y[train], ANSWERABLE_STRENGTH, features.QUESTION_NAMES).probability(
            x[test]
        )
    table = Table(
        f"Answerability: {int(y.sum())} questions whose passages hold the answer, "
        f"{int((1 - y).sum())} decline tests",
        ["threshold", "answered (answer in the passages)", "declined (decline test)"],
        [
            [t, float((held[y == 1] >= t).mean()), float((held[y == 0] < t).mean())]
            for t in ANSWERABLE_THRESHOLDS
        ],
        [
            f"Cross-validated. The reader declines below {SHIPPED.answerable} (Thresholds.answerable); "
            f"the learned answerer of the baseline below ANSWERABLE_AT = {ANSWERABLE_AT}."
        ],
    )
    return _fit(x, y, ANSWERABLE_STRENGTH, features.QUESTION_NAMES), table


def fit_marks(samples: list[Sample], folds: Folds) -> tuple[Scorer, Table]:
    """The span scorer, from the answer spans of each question's best ``MARK_CANDIDATES``
    sentences (scored out of fold), labelled by whether they agree with the answer; and the table
    of its cross-validated precision at each threshold."""
    rows, labels, groups = [], [], []
    for i, s in enumerate(samples):
        scores = folds.probability(i, s.rows)
        for n, j in enumerate(np.argsort(-scores, kind="stable")[:MARK_CANDIDATES]):
            candidate = s.found[j]
            found = marks.rows(s.question, s.evidence, candidate, float(scores[j]), n == 0)
            rows.append(found)
            labels += [realtimeqa.agrees(candidate.text[x.start : x.end], s.answers) for x in candidate.spans]
            groups += [i] * len(found)
    x, y, g = np.concatenate(rows), np.array(labels), np.array(groups)
    held = np.zeros(len(y), dtype=np.float32)
    for train, test in GroupKFold(FOLDS).split(x, y, g):
        held[test] = _fit(x[train], y[train], 1.0, marks.NAMES).probability(x[test])
    table = Table(
        f"Marks: {len(y)} answer spans of the best {MARK_CANDIDATES} sentences, "
        f"{int(y.sum())} agree with the answer",
        ["threshold", "spans marked", "marks agreeing (cross-validated)"],
        [
            [t, float((held >= t).mean()), float(y[held >= t].mean()) if (held >= t).any() else 0.0]
            for t in MARK_THRESHOLDS
        ],
        [f"Shipped threshold: marks.MARK_AT = {marks.MARK_AT}."],
    )
    return _fit(x, y, 1.0, marks.NAMES), table


def _top_hit(samples: list[Sample], folds: Folds) -> float:
    """The share of questions whose best-scored sentence holds the answer."""
    return sum(
        int(s.labels[int(np.argmax(folds.probability(i, s.rows)))]) for i, s in enumerate(samples)
    ) / len(samples)


def _fit(x: np.ndarray, y: np.ndarray, strength: float, names: list[str]) -> Scorer:
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=strength, max_iter=2000).fit((x - scaler.mean_) / scale, y)
    return Scorer(
        names, scaler.mean_.tolist(), scale.tolist(), model.coef_[0].tolist(), float(model.intercept_[0])
    )
