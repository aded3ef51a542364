"""What the reader learns from: SQuAD's questions with their answer spans, the same questions paired
with a paragraph that does not answer them, and the silver set's training half over its news.

SQuAD v1.1 gives every question an answer in its paragraph; a reader must also learn to say there is
none, so a share of the questions are asked again of another paragraph of the same article that
does not hold the answer (the one sharing most of the question's words: a near miss, as SQuAD 2.0's
unanswerable questions are). The silver set's training half adds news: each question asked of the
paragraphs of its matched articles that mention the answer, and of one that does not. The gold set,
the silver test half and the SQuAD dev sets are never read here.
"""

import gzip
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import realtimeqa
from ..common import read_jsonl

_WORD = re.compile(r"\w{4,}")


@dataclass(frozen=True)
class Example:
    """A question, a paragraph, and the answer's characters in it (None: the paragraph does not answer)."""

    question: str
    context: str
    answer: tuple[int, int] | None


def read_squad(path: Path) -> Iterator[tuple[str, list[dict]]]:
    """(title, paragraphs) of each article of a SQuAD file in the official format."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for article in json.load(handle)["data"]:
            yield article["title"], article["paragraphs"]


def squad_examples(path: Path, questions: int | None, negative_share: float, seed: int) -> list[Example]:
    """``questions`` of SQuAD's (all: None), chosen at random with ``seed``, each with its answer;
    ``negative_share`` of them asked again of a near-miss paragraph of the same article."""
    chosen: list[tuple[str, list[str], int, list[dict]]] = []
    for _, paragraphs in read_squad(path):
        contexts = [p["context"] for p in paragraphs]
        for index, paragraph in enumerate(paragraphs):
            chosen += [(qa["question"], contexts, index, qa["answers"]) for qa in paragraph["qas"]]
    rng = random.Random(seed)
    if questions is not None and questions < len(chosen):
        chosen = rng.sample(chosen, questions)
    examples = []
    for question, contexts, index, answers in chosen:
        first = answers[0]
        start = first["answer_start"]
        examples.append(Example(question, contexts[index], (start, start + len(first["text"]))))
        if rng.random() < negative_share:
            other = near_miss(question, contexts, {a["text"] for a in answers}, exclude=index)
            if other is not None:
                examples.append(Example(question, other, None))
    return examples


def near_miss(question: str, paragraphs: list[str], answers: set[str], exclude: int = -1) -> str | None:
    """The paragraph sharing most of the question's longer words that mentions none of ``answers``."""
    asked = {w.casefold() for w in _WORD.findall(question)}
    folded = [a.casefold() for a in answers if a.strip()]
    best, best_shared = None, -1
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.casefold()
        if index == exclude or any(a in text for a in folded):
            continue
        shared = len(asked & {w.casefold() for w in _WORD.findall(paragraph)})
        if shared > best_shared:
            best, best_shared = paragraph, shared
    return best


def silver_examples(dataset: Path) -> list[Example]:
    """The silver set's training half: each question asked of the paragraphs of its matched
    articles that mention an answer (the first mention, as whole words), and of the near miss
    among the others."""
    articles = {a["article_id"]: a for a in read_jsonl(dataset / "articles.jsonl")}
    examples = []
    for question in realtimeqa.read_questions(dataset, None, "train"):
        names = [a.strip("\"'“”‘’ ") for a in question["answer"] if a.strip("\"'“”‘’ ")]
        pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names), re.IGNORECASE)
        for article_id in realtimeqa.positives(question):
            if article_id not in articles:
                continue
            paragraphs = [p.strip() for p in articles[article_id]["text"].split("\n\n") if p.strip()]
            for paragraph in paragraphs:
                if found := pattern.search(paragraph):
                    examples.append(Example(question["question"], paragraph, found.span()))
            other = near_miss(question["question"], paragraphs, set(names))
            if other is not None:
                examples.append(Example(question["question"], other, None))
    return examples
