"""``newsbot eval summary``: ROUGE of newsbot's highlights against reference summaries, beside LEAD-3.

Each article is written out as a text file, ingested into a throwaway index and summarised as a
user would ask for it (``Engine.summary`` by article id). Two baselines are scored on the same
articles in the same run: LEAD-3 (hard to beat on news, which is written top-down) and three
random sentences, with sentences cut by the splitter the engine itself uses.
"""

import random
from pathlib import Path

from ..engine import Engine
from ..errors import MissingExtra
from ..ingest import Progress, no_progress
from ..settings import Settings
from ..text import sentence_spans
from .common import Table, article_ids, read_jsonl, scratch_engine, write_article

try:
    from rouge_score import rouge_scorer
except ModuleNotFoundError as missing:
    raise MissingExtra("eval", "`newsbot eval summary`") from missing

ROUGE = ("rouge1", "rouge2", "rougeL")
SEED = 20250101  # random-3 draws the same sentences on every run
BASELINE_SENTENCES = 3


def run(
    dataset: Path, settings: Settings, limit: int | None = None, progress: Progress = no_progress
) -> list[Table]:
    dataset = _dataset_file(dataset)
    records = [r for r in read_jsonl(dataset, limit) if (r.get("article") or "").strip()]
    with scratch_engine(settings, f"summary-{dataset.stem}") as engine:
        highlights = _summarise(engine, records, progress)
    draw = random.Random(SEED)
    systems = {
        "newsbot": highlights,
        "LEAD-3": [sentences(r["article"], r.get("title"))[:BASELINE_SENTENCES] for r in records],
        "random-3": [_random(sentences(r["article"], r.get("title")), draw) for r in records],
    }
    scorer = rouge_scorer.RougeScorer(list(ROUGE), use_stemmer=True)
    references = [r["summary"] for r in records]
    articles = [r["article"] for r in records]
    rows = [[name, *_row(scorer, picked, references, articles)] for name, picked in systems.items()]
    return [
        Table(
            f"Summaries: ROUGE F1 against the reference summaries ({len(records)} articles)",
            ["system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "sentences", "verbatim"],
            rows,
            [
                f"Dataset: {dataset.name}. ROUGE F1 (rouge-score, Porter stemmer) of the picked sentences "
                f"joined with spaces; random-3 draws with seed {SEED}. 'sentences' is the mean number "
                "picked; 'verbatim' the share of them found as-is in the article text."
            ],
        )
    ]


def _dataset_file(dataset: Path) -> Path:
    """A folder stands for its full JSONL file (the one with the shortest name, not a sample)."""
    if dataset.is_dir():
        found = sorted(dataset.glob("*.jsonl"), key=lambda p: len(p.name))
        return found[0] if found else dataset / "summaries.jsonl"
    return dataset


def _summarise(engine: Engine, records: list[dict], progress: Progress) -> list[list[str]]:
    """newsbot's highlight sentences for each record, found by the id of the file it was written to."""
    folder = engine.settings.data_dir / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [
        write_article(folder, f"{n:05d}-{r.get('id', '')}", r["article"], title=r.get("title") or str(n))
        for n, r in enumerate(records)
    ]
    ids = article_ids(engine, engine.ingest(paths, progress))  # a repeated article: the one kept
    picked = []
    for done, path in enumerate(paths, 1):
        summary = engine.summary(str(ids[path.name]))
        picked.append([quote.text for quote in summary.highlights])
        progress("summarise", done, len(paths))
    return picked


def sentences(article: str, title: str | None = None) -> list[str]:
    """The article's sentences paragraph by paragraph, as the engine cuts them, without a title line."""
    lines = article.strip().split("\n", 1)
    if title and lines[0].strip() == title.strip():
        article = lines[1] if len(lines) > 1 else ""
    return [
        paragraph[start:end]
        for paragraph in article.split("\n\n")
        for start, end in sentence_spans(paragraph)
    ]


def _random(cut: list[str], draw: random.Random) -> list[str]:
    """Up to three sentences drawn at random, kept in article order."""
    chosen = draw.sample(range(len(cut)), min(BASELINE_SENTENCES, len(cut)))
    return [cut[i] for i in sorted(chosen)]


def _row(
    scorer: rouge_scorer.RougeScorer, picked: list[list[str]], references: list[str], articles: list[str]
) -> list[float | str]:
    """Mean ROUGE-1/2/L F1, mean sentences picked, and the verbatim share as a percentage."""
    totals = dict.fromkeys(ROUGE, 0.0)
    for chosen, reference in zip(picked, references, strict=True):
        scores = scorer.score(reference, " ".join(chosen))
        for key in ROUGE:
            totals[key] += scores[key].fmeasure
    count = max(len(picked), 1)
    quotes = [(s, article) for chosen, article in zip(picked, articles, strict=True) for s in chosen]
    verbatim = sum(s in article for s, article in quotes) / max(len(quotes), 1)
    return [
        *(totals[key] / count for key in ROUGE),
        sum(len(chosen) for chosen in picked) / count,
        f"{100 * verbatim:.1f} %",
    ]
