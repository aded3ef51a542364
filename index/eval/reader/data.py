"""What the reader learns from: SQuAD's questions with their answer spans, the same questions paired
with a paragraph that does not answer them, and the silver set's training half over its news.

SQuAD v1.1 gives every question an answer in its paragraph; a reader must also learn to say there is
none, so a share of the questions are asked again of another paragraph of the same article that
does not hold the answer (the one sharing most of the question's words: a near miss, as SQuAD 2.0's
unanswerable questions are); and, when a plan asks for it, of the paragraph of another article
that BM25 ranks highest for the question without its answer (the passages answering reads are
retrieved: a reader must learn that a paragraph sharing the question's words need not answer it).
The silver set's training half adds news: each question asked of the
paragraphs of its matched articles that mention the answer, of one that does not, and of the
paragraphs of other reports of the fortnight before it that share most of its words without the
answer, as the decline test asks it (the week's other reports on a story hold spans of the right
kind, and a reader must learn that they do not answer). The gold set, the silver test half, the
silver questions kept for choosing thresholds (``realtimeqa.calibration``) and the SQuAD dev sets
are never read here.
"""

import gzip
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import bm25s
import numpy as np

from ...search.lexical import terms
from .. import realtimeqa
from ..common import read_jsonl

_WORD = re.compile(r"\w{4,}")
NEWS_DAYS = 14  # how far back the other reports a silver question is asked of go


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


def squad_examples(
    path: Path, questions: int | None, negative_share: float, seed: int, retrieved_share: float = 0.0
) -> list[Example]:
    """``questions`` of SQuAD's (all: None), chosen at random with ``seed``, each with its answer;
    ``negative_share`` of them asked again of a near-miss paragraph of the same article, and
    ``retrieved_share`` of them of the best paragraph of another article (``_Retrieved``)."""
    chosen: list[tuple[str, list[str], int, list[dict]]] = []
    articles: list[list[str]] = []  # each article's paragraphs, for the retrieved negatives
    for _, paragraphs in read_squad(path):
        contexts = [p["context"] for p in paragraphs]
        articles.append(contexts)
        for index, paragraph in enumerate(paragraphs):
            chosen += [(qa["question"], contexts, index, qa["answers"]) for qa in paragraph["qas"]]
    rng = random.Random(seed)
    if questions is not None and questions < len(chosen):
        chosen = rng.sample(chosen, questions)
    retrieved = _Retrieved(articles) if retrieved_share else None
    examples = []
    for question, contexts, index, answers in chosen:
        first = answers[0]
        start = first["answer_start"]
        examples.append(Example(question, contexts[index], (start, start + len(first["text"]))))
        said = {a["text"] for a in answers}
        if rng.random() < negative_share:
            other = near_miss(question, contexts, said, exclude=index)
            if other is not None:
                examples.append(Example(question, other, None))
        if retrieved is not None and rng.random() < retrieved_share:
            other = retrieved.best(question, contexts, said)
            if other is not None:
                examples.append(Example(question, other, None))
    return examples


class _Retrieved:
    """The paragraphs of the SQuAD articles in one BM25 index (newsbot's own terms): for a question,
    the paragraph of another article that ranks highest for it and mentions none of its answers."""

    CANDIDATES = 10

    def __init__(self, articles: list[list[str]]) -> None:
        self.texts = [p for contexts in articles for p in contexts]
        self.owner = [id(contexts) for contexts in articles for _ in contexts]  # which article's
        self.bm25 = _bm25(self.texts)

    def best(self, question: str, contexts: list[str], answers: set[str]) -> str | None:
        asked = terms(question)
        if not asked:
            return None
        found, scores = self.bm25.retrieve(
            [asked], k=min(self.CANDIDATES, len(self.texts)), show_progress=False
        )
        for at, score in zip(found[0], scores[0], strict=True):
            text = self.texts[at]
            if score > 0 and self.owner[at] != id(contexts) and not _mentions(text, answers):
                return text
        return None


def near_miss(question: str, paragraphs: list[str], answers: set[str], exclude: int = -1) -> str | None:
    """The paragraph sharing most of the question's longer words that mentions none of ``answers``."""
    asked = {w.casefold() for w in _WORD.findall(question)}
    best, best_shared = None, -1
    for index, paragraph in enumerate(paragraphs):
        if index == exclude or _mentions(paragraph, answers):
            continue
        shared = len(asked & {w.casefold() for w in _WORD.findall(paragraph)})
        if shared > best_shared:
            best, best_shared = paragraph, shared
    return best


def silver_examples(dataset: Path, news_negatives: int = 0) -> list[Example]:
    """The silver set's training half, but for its calibration questions: each question asked of
    the paragraphs of its matched articles that mention an answer (the first mention, as whole
    words), of the near miss among the others, and of the ``news_negatives`` paragraphs of other
    reports (one each) that BM25 ranks highest for it among those mentioning no answer."""
    articles = {a["article_id"]: a for a in read_jsonl(dataset / "articles.jsonl")}
    split = {key: _paragraphs(a["text"]) for key, a in articles.items()}
    questions = realtimeqa.learned_from(dataset)
    others = _OtherReports(articles, split) if news_negatives else None
    examples = []
    for question in questions:
        names = [a.strip("\"'“”‘’ ") for a in question["answer"] if a.strip("\"'“”‘’ ")]
        pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names), re.IGNORECASE)
        for article_id in realtimeqa.positives(question):
            if article_id not in articles:
                continue
            for paragraph in split[article_id]:
                if found := pattern.search(paragraph):
                    examples.append(Example(question["question"], paragraph, found.span()))
            other = near_miss(question["question"], split[article_id], set(names))
            if other is not None:
                examples.append(Example(question["question"], other, None))
        if others is not None:
            asked = question["question"]
            examples += [Example(asked, p, None) for p in others.best(question, news_negatives)]
    return examples


class _OtherReports:
    """The paragraphs of the silver articles in one BM25 index (newsbot's own terms), for finding a
    question's best paragraphs among the reports of the fortnight before it that lack its answer."""

    def __init__(self, articles: dict[str, dict], split: dict[str, list[str]]) -> None:
        self.articles = list(articles.values())
        self.owner = np.array([n for n, a in enumerate(self.articles) for _ in split[a["article_id"]]])
        texts = [p for a in self.articles for p in split[a["article_id"]]]
        self.bm25 = _bm25(texts)
        self.texts = texts
        self.folded = [realtimeqa.folded(a["text"]) for a in self.articles]

    def best(self, question: dict, count: int) -> list[str]:
        """The ``count`` best paragraphs, one an article, of the other reports."""
        day, wanted = realtimeqa.question_date(question), realtimeqa.answers(question)
        if day is None:
            return []
        allowed = np.array(
            [
                (published := realtimeqa.published(a)) is not None
                and day - timedelta(days=NEWS_DAYS) <= published <= day
                and not realtimeqa.mentioned(self.folded[n], wanted)
                for n, a in enumerate(self.articles)
            ]
        )
        scores = self.bm25.get_scores(terms(question["question"])) * allowed[self.owner]
        chosen: list[str] = []
        seen: set[int] = set()
        for at in np.argsort(-scores, kind="stable"):
            if scores[at] <= 0 or len(chosen) == count:
                break
            if self.owner[at] not in seen:
                seen.add(self.owner[at])
                chosen.append(self.texts[at])
        return chosen


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _mentions(paragraph: str, answers: set[str]) -> bool:
    """Whether ``paragraph`` holds any of ``answers`` (ignoring case, anywhere in it)."""
    text = paragraph.casefold()
    return any(a.casefold() in text for a in answers if a.strip())


def _bm25(texts: list[str]) -> bm25s.BM25:
    """A BM25 index of ``texts`` over newsbot's own terms (a text with none gets a placeholder)."""
    index = bm25s.BM25()
    index.index([terms(t) or ["\u2205"] for t in texts], show_progress=False)
    return index
