"""``newsbot eval qa``: retrieval and answers on RealTime QA; BM25 and dense alone are the baselines.

The questions' articles (gold and distractors) are ingested into a throwaway index
(``realtimeqa``). Each question is asked as of its date: nothing published later is seen, and the
shipped ranking prefers that week's news (``search.recency``). For each question: the rank of its
gold article (or, in the silver set, of its matched articles) under BM25 alone, dense alone, the
hybrid without the recency prior and the shipped hybrid (recall@1/5/10, MRR); where the answer
string is found — in the passages read, in the quotes, in their first 600 characters — beside the
**top-passages baseline**, the first 600 characters of the top three passages in rank order; how
long answers are; and whether the marked words hold the answer. Then the **decline test**: the
same question is answered again without the articles that contain its answer string (their
passages are dropped from what retrieval returns, as if they had never been indexed; removing
them from the index for every question at once would remove nearly the whole corpus, since short
answers such as "Europe" are common), and the correct outcome is "The indexed news doesn't say".
Answers are composed at a range of answerability thresholds (the reader declines evidence the
answerability scorer judges less likely to answer; 0 is the reader alone) from one reading and one
judgement each (``OnceReader``, ``OnceJudge``), which gives the trade-off curve, beside the
sentence answerers the reader replaced (``baseline``); the shipped thresholds are chosen on the
silver set's training half (``bench/reader_choices.py``), never on a set they are reported on.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ..answer import (
    SHIPPED,
    Answer,
    Evidence,
    Reader,
    Thresholds,
    answerable,
    compose_reader,
    declined,
)
from ..engine import PASSAGES_READ
from ..ingest import Progress, no_progress
from ..search import CANDIDATES, When, candidates, hybrid
from ..settings import Settings
from ..store import SHARED
from . import realtimeqa
from .baseline import compose
from .common import Table, share
from .qa_tables import answer_table, where_table

THRESHOLDS = [round(0.1 * i, 1) for i in range(0, 10)]  # of answerability; 0: the reader alone
RANKERS = ("BM25 alone", "dense alone", "hybrid, no recency prior", "hybrid (shipped)")


class OnceReader(Reader):
    """The reader in ``folder`` (None: the shipped one), reading each question and set of passages
    once however many decline thresholds its answer is composed at."""

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__(folder)
        self._read: dict[tuple[str, tuple[str, ...]], list] = {}

    def read(self, question: str, passages: list[str]) -> list:
        key = (question, tuple(passages))
        if key not in self._read:
            self._read[key] = super().read(question, passages)
        return self._read[key]


class OnceJudge:
    """The answerability scorer's judgement of each question's evidence, made once however many
    thresholds it is compared with."""

    def __init__(self) -> None:
        self._judged: dict[tuple[str, tuple[int, ...]], float] = {}

    def __call__(self, question: str, query: np.ndarray, evidence: Evidence) -> float:
        key = (question, tuple(p.id for p in evidence.passages))
        if key not in self._judged:
            self._judged[key] = answerable(question, query, evidence)
        return self._judged[key]


@dataclass
class Answering:
    """Answers composed by the reader at every answerability threshold, the others as ``thresholds``."""

    reader: Reader
    thresholds: Thresholds
    judge: OnceJudge = field(default_factory=OnceJudge)

    def __call__(self, question: dict, query, evidence: Evidence | None, wider) -> dict[float, Answer]:
        if evidence is None:
            return dict.fromkeys(self.swept, declined(question["question"]))
        return {
            at: compose_reader(
                question["question"],
                query,
                evidence,
                self.reader,
                wider,
                replace(self.thresholds, answerable=at),
                self.judge,
            )
            for at in self.swept
        }

    @property
    def swept(self) -> list[float]:
        return sorted({*THRESHOLDS, self.thresholds.answerable})


@dataclass
class Outcome:
    """One question's results: gold-article ranks per ranker, and answers per threshold."""

    question: dict
    ranks: dict[str, int | None]
    read: list[str]  # the texts of the passages read, in rank order
    answers: dict[float, Answer] = field(default_factory=dict)
    verbatim: tuple[int, int] = (0, 0)  # the reader's quotes verbatim, shown (at the chosen threshold)


def run(
    dataset: Path,
    settings: Settings,
    limit: int | None = None,
    progress: Progress = no_progress,
    articles_file: Path | None = None,
    half: realtimeqa.Half = "test",
    passages: int = PASSAGES_READ,
    thresholds: Thresholds = SHIPPED,
) -> list[Table]:
    """The tables of ``dataset`` (of a silver set, its ``half``: the test half is reported, the
    training half is where thresholds are chosen), the reader reading ``passages`` passages."""
    questions = realtimeqa.read_questions(dataset, limit, half)
    reader = OnceReader(settings.reader)
    reader.warm_up()  # a reader that cannot be loaded fails now, not once the corpus is embedded
    with realtimeqa.corpus(dataset, questions, settings, limit, progress, articles_file) as corpus:
        asked = [
            realtimeqa.ask(corpus.engine, q, h, passages)
            for q, h in zip(questions, corpus.holding, strict=True)
        ]
        return tables(corpus, asked, Answering(reader, thresholds))


def tables(corpus: realtimeqa.Corpus, asked: list[realtimeqa.Asked], answering: Answering) -> list[Table]:
    """The retrieval, answer and where tables of the questions ``asked`` of ``corpus``."""
    chosen = answering.thresholds.answerable
    outcomes = [_outcome(corpus, a, gold, answering) for a, gold in zip(asked, corpus.gold, strict=True)]
    declines = [answering(a.question, a.reading.query, a.without, a.wider_without) for a in asked]
    removed = sum(map(len, corpus.holding)) / max(len(corpus.holding), 1)
    pairs = [
        (o, a) for o, a in zip(outcomes, asked, strict=True) if o.question.get("answer_in_gold_article", True)
    ]
    answerable = [o for o, _ in pairs]
    return [
        _retrieval_table(outcomes, corpus.articles),
        answer_table(answerable, declines, len(asked), removed, answering.swept, chosen),
        where_table(
            "Where the answer is, shipped (the reader)",
            answerable,
            [o.answers[chosen] for o in answerable],
            [d[chosen] for d in declines],
        ),
        where_table(
            "Where the answer is, the sentence answerers (the baseline before the reader)",
            answerable,
            [_sentences(a.question, a.reading.query, a.evidence, a.wider) for _, a in pairs],
            [_sentences(a.question, a.reading.query, a.without, a.wider_without) for a in asked],
        ),
    ]


def _sentences(question: dict, query, evidence: Evidence | None, wider) -> Answer:
    """The sentence answerers' answer (``baseline``), which the reader replaced."""
    if evidence is None:
        return declined(question["question"])
    return compose(question["question"], query, evidence, wider=wider)


def _outcome(
    corpus: realtimeqa.Corpus, asked: realtimeqa.Asked, gold: set[int | None], answering: Answering
) -> Outcome:
    """Rank the gold article under each ranker and compose answers at every threshold."""
    engine, question = corpus.engine, asked.question
    text, query = asked.reading.text, asked.reading.query
    as_of = realtimeqa.question_date(question)
    gen = engine.serving(SHARED)
    dense, lexical = candidates(gen, text, query, When(as_of).window(text))
    plain = hybrid(gen, text, query, CANDIDATES, When(as_of))
    rankings = {
        RANKERS[0]: [pid for pid, _ in lexical],
        RANKERS[1]: [pid for pid, _ in dense],
        RANKERS[2]: [h.passage_id for h in plain],
        RANKERS[3]: [h.passage_id for h in asked.hits],
    }
    article_of = {
        pid: row.article_id
        for pid, row in engine.store.passages_by_ids({p for r in rankings.values() for p in r}).items()
    }
    ranks = {name: _rank(ranking, article_of, gold) for name, ranking in rankings.items()}
    read = [p.text for p in asked.evidence.passages] if asked.evidence else []
    outcome = Outcome(question, ranks, read, answering(question, query, asked.evidence, asked.wider))
    quotes = outcome.answers[answering.thresholds.answer].quotes
    stored = {p.id: p for p in asked.evidence.passages} if asked.evidence else {}
    outcome.verbatim = (sum(q.text in stored[q.passage_id].text for q in quotes), len(quotes))
    return outcome


def _rank(passages: list[int], article_of: dict[int, int], gold: set[int | None]) -> int | None:
    """The 1-based rank of the first gold article among the distinct articles of ``passages``."""
    seen: list[int] = []
    for pid in passages:
        article = article_of.get(pid)
        if article is not None and article not in seen:
            seen.append(article)
            if article in gold:
                return len(seen)
    return None


def _retrieval_table(outcomes: list[Outcome], corpus: int) -> Table:
    rows = []
    for ranker in RANKERS:
        ranks = [o.ranks[ranker] for o in outcomes]
        rows.append(
            [
                ranker,
                *(share(r is not None and r <= k for r in ranks) for k in (1, 5, 10)),
                sum(1 / r for r in ranks if r) / max(len(ranks), 1),
            ]
        )
    return Table(
        f"Retrieval: rank of the gold article ({len(outcomes)} questions, {corpus} articles)",
        ["ranker", "recall@1", "recall@5", "recall@10", "MRR"],
        rows,
        [f"Each ranker returns {CANDIDATES} passages; ranks count distinct articles."],
    )
