"""The briefing over a large index: building it takes no model, only the store and the vector cache.

    .venv/bin/python bench/briefing.py [--passages 100000] [--days 60] [--runs 5]

Fills a store as bench/scale.py does (articles of ten passages of pool sentences with their
vectors, straight into SQLite), dated over the last ``--days`` days, and publishes it. Then a new
process, which never loads the model, times ``Engine.briefing("24h")`` (the day's stories grouped,
each briefed with quotes) and, as the baseline in the same process, ``Engine.sources()`` (listing
every article, the one other store-wide read the bot serves); medians of ``--runs``, after one
warm-up of each. Target: the briefing in ≤ 2 s at 100,000 passages.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from ask_latency import prepare
from common import engine_at, say, table
from scale import fill_store

from index.engine import Engine
from index.settings import Settings

TARGET_S = 2.0


def timed(call, runs: int) -> tuple[float, object]:
    call()
    spent, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent), result


def measure(data_dir: Path, runs: int) -> dict:
    """In a process without the model: the briefing and the baseline, and whether torch was loaded."""
    engine = Engine(Settings(data_dir=data_dir, _env_file=None))
    briefing_s, made = timed(lambda: engine.briefing("24h"), runs)
    sources_s, listed = timed(engine.sources, runs)
    return {
        "briefing s": briefing_s,
        "stories": len(made.stories),
        "sources s": sources_s,
        "articles": len(listed),
        "torch loaded": "torch" in sys.modules,
    }


def options(description: str) -> argparse.Namespace:
    """The options of a bench over a dated store: ``--passages``, ``--days``, ``--runs``, and the
    hidden ``--measure DATA_DIR`` its new process is run with."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=60, help="the articles are dated over the last DAYS days")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    return parser.parse_args()


def measured_in_new_process(script: str, args: argparse.Namespace, what: str) -> dict:
    """Fills a store with ``args.passages`` passages dated over the last ``args.days`` days,
    publishes it, and returns what ``script --measure`` prints as JSON in a new process."""
    setup = prepare(2000, 0, 0)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        engine = engine_at(data_dir, setup.embedder)
        say(f"filling the store with {args.passages:,} passages …")
        first = date.today().toordinal() - args.days + 1
        fill_store(engine, setup.pool, setup.synth, args.passages, seed=1, first_day=first, days=args.days)
        engine.ingest([])
        say(f"timing {what} in a new process …")
        command = [sys.executable, script, "--measure", str(data_dir), "--runs", str(args.runs)]
        return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def main() -> None:
    args = options(__doc__)
    if args.measure:
        print(json.dumps(measure(Path(args.measure), args.runs)))
        return
    result = measured_in_new_process(__file__, args, "the briefing")
    rows = [
        [
            "Engine.briefing('24h')",
            f"{result['briefing s']:.2f}",
            f"{result['stories']} {'story' if result['stories'] == 1 else 'stories'}",
        ],
        ["Engine.sources() (baseline)", f"{result['sources s']:.2f}", f"{result['articles']:,} articles"],
    ]
    print(table([f"{args.passages:,} passages over {args.days} days, no model", "seconds", "made"], rows))
    met = "meets" if result["briefing s"] <= TARGET_S else "misses"
    torch = f"torch loaded: {result['torch loaded']}"
    print(f"\nbriefing {result['briefing s']:.2f} s ({met} ≤ {TARGET_S:g} s); {torch}")


if __name__ == "__main__":
    main()
