"""What the per-server filter costs a question: ``Engine.ask`` from a server's scope, against the
same questions with the filter switched off, on one index of 100k passages.

    .venv/bin/python bench/scopes.py [--passages 100000] [--questions 200] [--private 0.1]

The store is filled as bench/scale.py does (articles of ten passages of pool sentences with their
vectors), a share ``--private`` of the articles belonging to server A, the same share to server B,
the rest shared, and published. Questions are asked in server A's scope, which hides server B's
articles from both retrievers (``search.served``). The baseline, in the same process and
alternating question by question, is ``Engine.ask`` with ``Served.seen_by`` handing out the whole
generation, as newsbot searched before servers had articles of their own. The first question after
a publish also works out what the scope sees (one SQLite query and a mask); that is timed apart.
Target: ``ask`` p95 with the filter ≤ 110 % of the baseline's.
"""

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from ask_latency import prepare
from common import engine_at, measured, say, table
from scale import fill_store

from index.store import SHARED_OWNER, Scope

TARGET_SHARE = 1.10
SERVER_A, SERVER_B = 1001, 1002


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--private", type=float, default=0.1, help="share of articles each server owns")
    args = parser.parse_args()
    setup = prepare(2000, args.questions, 0)
    every = round(1 / args.private)

    def owner_of(number: int) -> int:
        return {0: SERVER_B, 1: SERVER_A}.get(number % every, SHARED_OWNER)

    with tempfile.TemporaryDirectory() as tmp:
        engine = engine_at(Path(tmp) / "data", setup.embedder)
        say(f"filling the store with {args.passages:,} passages …")
        fill_store(engine, setup.pool, setup.synth, args.passages, seed=1, owner_of=owner_of)
        engine.ingest([])
        scope = Scope(SERVER_A)
        served, whole = engine.served, engine.served.newest
        started = time.perf_counter()
        seen = served.seen_by(scope).seen
        first_s = time.perf_counter() - started
        hidden = int((~seen).sum()) if seen is not None else 0
        for question in setup.warm_up:
            engine.ask(question, scope=scope)
        filtered, unfiltered = [], []
        with measured() as timing:
            for question in setup.questions:
                started = time.perf_counter()
                engine.ask(question, scope=scope)
                filtered.append(time.perf_counter() - started)
                served.seen_by = lambda _scope: whole()  # the filter off: the whole generation
                started = time.perf_counter()
                engine.ask(question, scope=scope)
                unfiltered.append(time.perf_counter() - started)
                del served.seen_by
    rows = [
        ["Engine.ask, server A's scope (filtered)", *(1000 * np.percentile(filtered, [50, 95]))],
        ["Engine.ask, filter off (baseline)", *(1000 * np.percentile(unfiltered, [50, 95]))],
    ]
    print(table([f"{args.passages:,} passages, {hidden:,} of server B's hidden", "p50 ms", "p95 ms"], rows))
    share = np.percentile(filtered, 95) / np.percentile(unfiltered, 95)
    met = "meets" if share <= TARGET_SHARE else "misses"
    print(f"\nfiltered p95 = {share:.1%} of the baseline's ({met} ≤ {TARGET_SHARE:.0%})")
    print(f"first question after a publish: {1000 * first_s:.1f} ms to work out what the scope sees")
    print(f"others' load while timing: {timing.others / timing.wall:.2f} CPUs")


if __name__ == "__main__":
    main()
