"""Reindex cost: Engine.reindex on an unchanged corpus, and after editing 1 % of its files, against
the full ingest of the same corpus.

    .venv/bin/python bench/reindex.py [--articles 300] [--paragraphs 10] [--edit 0.01] [--repeat 3]

The corpus is the synthetic one of ``bench/ingest.py`` (see ``corpus``). It is ingested once into
a fresh data folder (the baseline), then reindexed ``--repeat`` times unchanged (median reported;
the target is ≤ 5 % of the full ingest), then once by the ``newsbot reindex`` command in a new
process (Python start-up and model load included, as a person running it pays them). Finally one
paragraph in each of ``--edit`` of the files is replaced by a new one and the corpus reindexed:
only those paragraphs may be embedded again. The model is loaded and warmed up before timing.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import Timing, engine_at, loaded_embedder, measured, say, table
from corpus import Article, Synth, write_news

from index.engine import Engine
from index.ingest import IngestReport

TARGET = 5.0  # per cent of the full ingest


def timed_reindex(engine: Engine) -> tuple[Timing, IngestReport]:
    with measured() as timing:
        report = engine.reindex()
    return timing, report


def unchanged_reindexes(engine: Engine, repeat: int) -> tuple[Timing, IngestReport]:
    """The run of median wall time among ``repeat`` reindexes of the unchanged corpus."""
    runs = [timed_reindex(engine) for _ in range(repeat)]
    for _, report in runs:
        if report.embedded or report.updated or report.added or report.removed:
            raise SystemExit(f"an unchanged reindex changed the index: {report}")
    median = statistics.median_low(t.wall for t, _ in runs)
    return next(run for run in runs if run[0].wall == median)


def cli_reindex(data_dir: Path, model: str) -> Timing:
    """``newsbot reindex`` in a new process."""
    command = [str(Path(sys.executable).with_name("newsbot")), "reindex"]
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(data_dir), "NEWSBOT_MODEL": model}
    with measured() as timing:
        subprocess.run(command, env=env, check=True, capture_output=True)
    return timing


def edit(folder: Path, synth: Synth, articles: list[Article], share: float) -> int:
    """Replace one paragraph in ``share`` of the articles (at least one); how many were edited."""
    rng = random.Random(len(articles))
    chosen = rng.sample(articles, max(1, round(len(articles) * share)))
    for article in chosen:
        names: dict[str, str] = {}
        article.paragraphs[rng.randrange(len(article.paragraphs))] = synth.paragraph(
            lambda names=names: synth.sentence(names)
        )
        article.write(folder)
    return len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--paragraphs", type=int, default=10, help="paragraphs per article")
    parser.add_argument("--edit", type=float, default=0.01, help="share of the files to edit")
    parser.add_argument("--repeat", type=int, default=3, help="unchanged reindexes (median reported)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    embedder = loaded_embedder()
    synth = Synth(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder, data = Path(tmp) / "news", Path(tmp) / "data"
        articles = write_news(folder, synth, args.articles, args.paragraphs)
        engine = engine_at(data, embedder)
        say(f"full ingest of {args.articles} articles …")
        with measured() as full:
            ingested = engine.ingest([folder])
        say(f"{args.repeat} reindexes of the unchanged corpus, then `newsbot reindex` …")
        unchanged, quiet = unchanged_reindexes(engine, args.repeat)
        cli = cli_reindex(data, embedder.model_name)
        edited = edit(folder, synth, articles, args.edit)
        say(f"edited one paragraph in each of {edited} files; reindexing …")
        after_edit, changed = timed_reindex(engine)

    if changed.embedded != edited or len(changed.updated) != edited:
        raise SystemExit(f"expected {edited} passages embedded again, got {changed}")

    def row(name: str, timing: Timing, report: IngestReport | None, own_cpu: bool = True) -> list[object]:
        return [
            name,
            timing.wall,
            f"{timing.wall / full.wall * 100:.1f} %",
            report.embedded if report else "",
            len(report.added) + len(report.updated) if report else "",
            timing.others if own_cpu else "",
        ]

    headers = ["run", "wall s", "of full ingest", "passages embedded", "articles written", "others cpu s"]
    rows = [
        row(f"full ingest, {ingested.embedded:,} passages", full, ingested),
        row(f"Engine.reindex, nothing changed (median of {args.repeat})", unchanged, quiet),
        row("`newsbot reindex`, nothing changed (new process)", cli, None, own_cpu=False),
        row(f"Engine.reindex, 1 paragraph edited in {edited}/{len(articles)} files", after_edit, changed),
    ]
    ratio = unchanged.wall / full.wall * 100
    verdict = "meets" if ratio <= TARGET else "misses"
    print(table(headers, rows))
    print(f"\nunchanged reindex / full ingest: {ratio:.1f} % ({verdict} the ≤ {TARGET:.0f} % target)")


if __name__ == "__main__":
    main()
