"""``newsbot eval qa``: retrieval and answers on RealTime QA; BM25 and dense alone are the baselines.

The questions' articles (gold and distractors) are ingested into a throwaway index. Each
question is asked as of its date: nothing published later is seen, and the shipped ranking
prefers that week's news (``recency``). For each question: the rank of its gold article (or, in
the silver set, of its matched articles) under BM25 alone, dense alone, the hybrid without the
recency prior and the shipped hybrid (recall@1/5/10, MRR); whether the answer string is in the
quoted sentences; whether every quote is verbatim in its passage. Then the **decline test**: the
same question is answered again without the articles that contain its answer string (their
passages are dropped from what retrieval returns, as if they had never been indexed; removing
them from the index for every question at once would remove nearly the whole corpus, since short
answers such as "Europe" are common), and the correct outcome is "The indexed news doesn't say".
Answers are composed at a range of thresholds from one retrieval each, which gives the trade-off
curve the shipped threshold is chosen from.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlparse

from ..answer import DECLINE_BELOW, Answer, compose, declined
from ..engine import PASSAGES_READ, Engine
from ..ingest import Progress, no_progress
from ..search import CANDIDATES, When, candidates, hybrid
from ..settings import Settings
from ..text import match_key
from .common import Table, article_ids, read_jsonl, scratch_engine, write_article

THRESHOLDS = [round(0.30 + 0.025 * i, 3) for i in range(21)]  # 0.30 … 0.80
RANKERS = ("BM25 alone", "dense alone", "hybrid, no recency prior", "hybrid (shipped)")
DISTRACTORS_PER_QUESTION = 10  # with --limit: the chosen questions' gold articles and this many others each


@dataclass
class Outcome:
    """One question's results: gold-article ranks per ranker, and answers per threshold."""

    ranks: dict[str, int | None]
    answers: dict[float, Answer] = field(default_factory=dict)
    verbatim: tuple[int, int] = (0, 0)  # quotes verbatim, quotes shown (at the shipped threshold)


def run(
    dataset: Path,
    settings: Settings,
    limit: int | None = None,
    progress: Progress = no_progress,
    articles_file: Path | None = None,
) -> list[Table]:
    questions_file = _questions_file(dataset)
    questions = read_jsonl(questions_file, limit)
    articles = _articles(articles_file or questions_file.parent / "articles.jsonl", questions, limit)
    with scratch_engine(settings, f"qa-{questions_file.parent.name}") as engine:
        paths = _write_articles(engine.settings.data_dir / "articles", articles)
        ids = article_ids(engine, engine.ingest(paths.values(), progress))
        gold = [{ids.get(paths[g].name) for g in _positives(q) if g in paths} for q in questions]
        outcomes = [_ask(engine, q, wanted) for q, wanted in zip(questions, gold, strict=True)]
        folded = {
            ids[paths[a["article_id"]].name]: _folded(a["text"])
            for a in articles
            if a["article_id"] in paths and paths[a["article_id"]].name in ids
        }
        holding = [_holding_answer(folded, q) for q in questions]
        declines = [_ask(engine, q, set(), without) for q, without in zip(questions, holding, strict=True)]
    removed = sum(map(len, holding)) / max(len(holding), 1)
    answerable = [
        (q, o) for q, o in zip(questions, outcomes, strict=True) if q.get("answer_in_gold_article", True)
    ]
    return [
        _retrieval_table(outcomes, len(articles)),
        _answer_table(answerable, declines, questions, removed),
    ]


def _questions_file(dataset: Path) -> Path:
    if dataset.is_dir():
        found = sorted(dataset.glob("questions*.jsonl"))
        return found[0] if found else dataset / "questions.jsonl"
    return dataset


def _articles(path: Path, questions: list[dict], limit: int | None) -> list[dict]:
    """All articles, or with a limit the questions' gold ones and a fixed set of distractors."""
    records = read_jsonl(path)
    if limit is None:
        return records
    gold = {g for q in questions for g in _positives(q)}
    others = [a for a in records if a["article_id"] not in gold][: DISTRACTORS_PER_QUESTION * len(questions)]
    return [a for a in records if a["article_id"] in gold] + others


def _positives(question: dict) -> list[str]:
    """The articles that answer a question: gold ones, or the silver set's matched ones."""
    return question.get("gold_article_ids") or question.get("silver_positive_article_ids") or []


def _write_articles(folder: Path, articles: Iterable[dict]) -> dict[str, Path]:
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


def _ask(
    engine: Engine, record: dict, gold: set[int | None], without: frozenset[int] = frozenset()
) -> Outcome:
    """Rank the gold article under each ranker and compose answers at every threshold, as of the
    question's date, leaving out the passages of the articles ``without``."""
    question, as_of = record["question"], _date(record.get("question_date"))
    reading, hits = engine.retrieve(question, k=CANDIDATES, as_of=as_of)
    gen = engine.serving()
    dense, lexical = candidates(gen, reading.text, reading.query, When(as_of).window(reading.text))
    plain = hybrid(gen, reading.text, reading.query, CANDIDATES, When(as_of))
    rankings = {
        RANKERS[0]: [pid for pid, _ in lexical],
        RANKERS[1]: [pid for pid, _ in dense],
        RANKERS[2]: [h.passage_id for h in plain],
        RANKERS[3]: [h.passage_id for h in hits],
    }
    passage_articles = {
        pid: row.article_id
        for pid, row in engine.store.passages_by_ids({p for r in rankings.values() for p in r}).items()
    }
    outcome = Outcome({name: _rank(ranking, passage_articles, gold) for name, ranking in rankings.items()})
    read = [h for h in hits if passage_articles.get(h.passage_id) not in without][:PASSAGES_READ]
    evidence = engine.evidence(read) if read else None
    for threshold in sorted({*THRESHOLDS, DECLINE_BELOW}):
        outcome.answers[threshold] = (
            compose(question, reading.query, evidence, decline_below=threshold)
            if evidence
            else declined(question)
        )
    quotes = outcome.answers[DECLINE_BELOW].quotes
    stored = {p.id: p for p in evidence.passages} if evidence else {}
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


def _holding_answer(folded: dict[int, str], question: dict) -> frozenset[int]:
    """The indexed articles (id → folded text) whose text holds one of the question's answer strings."""
    wanted = _answers(question)
    return frozenset(article_id for article_id, text in folded.items() if _mentions(text, wanted))


def _answers(question: dict) -> set[str]:
    return {key for a in question["answer"] if (key := match_key(a.strip("\"'“”‘’ ")))}


def _folded(text: str) -> str:
    """``text`` as ``_mentions`` compares it: folded, with a space at each end for whole words."""
    return f" {match_key(text)} "


def _mentions(folded: str, answers: set[str]) -> bool:
    """Whether a folded text mentions an answer: as whole words, or anywhere for answers over 3 characters."""
    return any(f" {a} " in folded or (len(a) > 3 and a in folded) for a in answers)


def _hit(question: dict, answer: Answer) -> bool:
    return answer.answered and _mentions(_folded(" ".join(q.text for q in answer.quotes)), _answers(question))


def _retrieval_table(outcomes: list[Outcome], corpus: int) -> Table:
    rows = []
    for ranker in RANKERS:
        ranks = [o.ranks[ranker] for o in outcomes]
        rows.append(
            [
                ranker,
                *(_share(r is not None and r <= k for r in ranks) for k in (1, 5, 10)),
                sum(1 / r for r in ranks if r) / max(len(ranks), 1),
            ]
        )
    return Table(
        f"Retrieval: rank of the gold article ({len(outcomes)} questions, {corpus} articles)",
        ["ranker", "recall@1", "recall@5", "recall@10", "MRR"],
        rows,
        [f"Each ranker returns {CANDIDATES} passages; ranks count distinct articles."],
    )


def _answer_table(
    answerable: list[tuple[dict, Outcome]], declines: list[Outcome], questions: list[dict], removed: float
) -> Table:
    rows = []
    for threshold in sorted({*THRESHOLDS, DECLINE_BELOW}):
        hits = _share(_hit(q, o.answers[threshold]) for q, o in answerable)
        answered = _share(o.answers[threshold].answered for _, o in answerable)
        declined_share = _share(not o.answers[threshold].answered for o in declines)
        shipped = "shipped" if threshold == DECLINE_BELOW else ""
        rows.append([threshold, shipped, answered, hits, declined_share])
    verbatim, shown = (sum(o.verbatim[i] for _, o in answerable) for i in (0, 1))
    return Table(
        f"Answers: {len(answerable)} answerable questions; decline test of {len(questions)}",
        ["threshold", "", "answered", "answer in quotes", "declined without the answer"],
        rows,
        [
            f"Quotes verbatim in their passage at the shipped threshold: {verbatim}/{shown}"
            f" ({verbatim / shown if shown else 1.0:.1%}).",
            f"Decline test: each question asked without the articles that contain its answer"
            f" ({removed:.1f} articles on average).",
        ],
    )


def _share(flags: Iterable[bool]) -> float:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else 0.0
