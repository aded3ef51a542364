"""``newsbot eval reader``: the shipped reader on SQuAD's dev sets, as SQuAD's own script scores it.

Each question is read with its paragraph alone, through the same windows and span search that
answering uses (``answer.reader``). Dev v1.1: exact match and F1 of the best span against any of
the reference answers, after SQuAD's normalisation (lower case, no punctuation, no articles). Dev
v2.0: the reader answers when its best span reaches ``ANSWER_AT`` (the threshold answering uses)
and declines otherwise; answerable questions are scored by EM and F1 (a decline scores 0), the
others by the share declined. The dev sets are only reported: nothing is fitted or chosen on them.
"""

import re
import string
from collections import Counter
from pathlib import Path

from ...answer import ANSWER_AT
from ...answer.reader import Reader
from ...ingest import Progress, no_progress
from ...settings import Settings
from ..common import Table
from .data import read_squad

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = str.maketrans("", "", string.punctuation)


def normalise(text: str) -> str:
    return " ".join(_ARTICLES.sub(" ", text.lower().translate(_PUNCTUATION)).split())


def exact(said: str, answers: list[str]) -> float:
    return float(any(normalise(said) == normalise(a) for a in answers))


def f1(said: str, answers: list[str]) -> float:
    return max((_f1(normalise(said).split(), normalise(a).split()) for a in answers), default=0.0)


def _f1(said: list[str], answer: list[str]) -> float:
    common = sum((Counter(said) & Counter(answer)).values())
    if not said or not answer:
        return float(said == answer)
    if not common:
        return 0.0
    precision, recall = common / len(said), common / len(answer)
    return 2 * precision * recall / (precision + recall)


def run(
    dataset: Path,
    settings: Settings,
    limit: int | None = None,
    progress: Progress = no_progress,
    reader: Reader | None = None,
) -> list[Table]:
    """Score the reader on ``dataset``'s dev files (a SQuAD folder, or one dev file): the one the
    settings name (``NEWSBOT_READER``), else the shipped one."""
    reader = reader or Reader(settings.reader)
    files = sorted(dataset.glob("dev-v*.json.gz")) if dataset.is_dir() else [dataset]
    return [_table(path, reader, limit, progress) for path in files]


def _table(path: Path, reader: Reader, limit: int | None, progress: Progress) -> Table:
    asked = [
        (qa["question"], paragraph["context"], [a["text"] for a in qa["answers"]])
        for _, paragraphs in read_squad(path)
        for paragraph in paragraphs
        for qa in paragraph["qas"]
    ][:limit]
    rows: dict[str, list[float]] = {"em": [], "f1": [], "has_em": [], "has_f1": [], "declined": []}
    for n, (question, context, answers) in enumerate(asked, 1):
        found = reader.read(question, [context])
        best = found[0] if found else None
        said = context[best.start : best.end] if best else ""
        rows["em"].append(exact(said, answers) if answers else 0.0)
        rows["f1"].append(f1(said, answers) if answers else 0.0)
        sure = best is not None and best.probability >= ANSWER_AT
        if answers:
            rows["has_em"].append(exact(said, answers) if sure else 0.0)
            rows["has_f1"].append(f1(said, answers) if sure else 0.0)
        else:
            rows["declined"].append(float(not sure))
        progress("read", n, len(asked))
    mean = {k: 100 * sum(v) / len(v) if v else 0.0 for k, v in rows.items()}
    answerable = len(rows["has_em"])
    if not rows["declined"]:
        return Table(
            f"SQuAD {path.name}: the best span of each paragraph ({len(asked)} questions)",
            ["questions", "exact match", "F1"],
            [[len(asked), round(mean["em"], 1), round(mean["f1"], 1)]],
        )
    return Table(
        f"SQuAD {path.name}: answer or decline at ANSWER_AT {ANSWER_AT} ({len(asked)} questions)",
        ["questions", "has answer", "has-answer EM", "has-answer F1", "no answer", "no-answer declined %"],
        [
            [
                len(asked),
                answerable,
                round(mean["has_em"], 1),
                round(mean["has_f1"], 1),
                len(rows["declined"]),
                round(mean["declined"], 1),
            ]
        ],
        [
            "A decline on an answerable question scores 0; a question with no answer counts as right "
            "when the reader declines it."
        ],
    )
