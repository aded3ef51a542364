"""What the benchmarks share: a loaded model handed to every engine, progress on stderr, tables."""

import itertools
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from corpus import SAMPLES

from index.embed import Embedder
from index.engine import Engine
from index.ingest import split_passages
from index.read import PassageDraft, clean_document, find_sources, read_document
from index.settings import Settings


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


STAGES = ("read", "embed", "store", "index", "commit")  # what StageClock.stages splits an ingest into


@dataclass
class StageClock:
    """A progress callback that notes when each stage first and last reported."""

    start: float = field(default_factory=time.perf_counter)
    first: dict[str, float] = field(default_factory=dict)
    last: dict[str, float] = field(default_factory=dict)

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        self.first.setdefault(stage, now)
        self.last[stage] = now

    def stages(self, end: float) -> list[float]:
        """Seconds spent reading, embedding, storing in SQLite, building the index files, committing."""
        marks = [
            self.start,
            self.last["read"],
            self.last.get("embed", self.last["read"]),
            self.first["index"],
            self.last["index"],
            end,
        ]
        return [b - a for a, b in itertools.pairwise(marks)]


@dataclass
class Timing:
    wall: float = 0.0
    cpu: float = 0.0  # this process, all its threads
    others: float = 0.0  # CPU seconds the rest of the machine used meanwhile: a noise indicator


@contextmanager
def measured() -> Iterator[Timing]:
    """Wall and CPU seconds of the ``with`` body, and how busy other processes kept the CPUs."""
    timing = Timing()
    wall, cpu, busy = time.perf_counter(), time.process_time(), _busy_seconds()
    yield timing
    timing.wall = time.perf_counter() - wall
    timing.cpu = time.process_time() - cpu
    timing.others = max(0.0, _busy_seconds() - busy - timing.cpu)


def _busy_seconds() -> float:
    """CPU seconds all processes have used since boot (Linux /proc/stat), 0 where unavailable."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    idle = int(fields[3]) + int(fields[4])
    return (sum(int(f) for f in fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def loaded_embedder() -> Embedder:
    """The configured model, loaded and run once through every code path the engine uses."""
    settings = Settings()
    embedder = Embedder(settings.model, settings.batch_size)
    started = time.perf_counter()
    embedder.model.encode(["warm up"] * settings.batch_size, batch_size=settings.batch_size)
    with tempfile.TemporaryDirectory() as scratch:
        engine = engine_at(Path(scratch), embedder)
        engine.ingest([SAMPLES])
        engine.ask("When did Notre-Dame reopen?")
    say(f"model {settings.model} loaded and warmed up in {time.perf_counter() - started:.1f} s")
    return embedder


def engine_at(data_dir: Path, embedder: Embedder, **settings: object) -> Engine:
    """An engine on ``data_dir`` (and any other ``settings``) that uses ``embedder``'s already
    loaded model instead of loading its own."""
    engine = Engine(
        Settings(data_dir=data_dir, model=embedder.model_name, batch_size=embedder.batch_size, **settings)
    )
    engine.embedder = engine.indexer.embedder = embedder
    return engine


def drafts(folder: Path, embedder: Embedder) -> Iterator[PassageDraft]:
    """The passages of every article in ``folder``, cut as ``Indexer._read`` cuts them."""
    files, _ = find_sources([folder])
    for path in files:
        doc = clean_document(read_document(path))
        yield from split_passages(doc, embedder.max_tokens, embedder.count_tokens)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, first column left-aligned and the rest right-aligned."""
    cells = [list(headers), *[[_cell(value) for value in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        padded = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(["-" * (widths[0] + 2), *("-" * (w + 1) + ":" for w in widths[1:])]) + "|"
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def latency_table(sizes: Sequence[tuple[int, dict[str, list[float]]]], questions: int) -> str:
    """p50, p95 and mean of each measured step (milliseconds per question), per corpus size."""
    rows = [
        [f"{passages:,}", step, *np.percentile(ms, [50, 95]), float(np.mean(ms))]
        for passages, samples in sizes
        for step, ms in samples.items()
    ]
    return table(["passages", f"measure ({questions} questions)", "p50 ms", "p95 ms", "mean ms"], rows)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
