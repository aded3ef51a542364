"""Several processes over one PostgreSQL database and one segments folder, at a million passages:
``Engine.ask`` in two serving processes against one process over SQLite files, how soon each
serving process answers from an article the writer just published, and how soon another process
becomes the writer once the writer is killed.

    bash scripts/postgres.sh .venv/bin/python bench/shared_store.py [--passages 1000000] [--questions 200]

The corpus is bench/scale.py's (pool sentences, their vectors written straight into the store),
filled twice with the same seed: into SQLite files, the baseline, and into the PostgreSQL database
of ``--postgres`` or ``NEWSBOT_TEST_DATABASE_URL`` (an empty one: ``scripts/postgres.sh`` starts a
throwaway server and sets it), with its segments in a folder of their own. Each is published once
by this process, which holds the writer lock as the bot's writer would.

Serving: for PostgreSQL two new processes, each with a data folder of its own (two machines) and
the shared segments folder, for SQLite one; each loads the model and the index, asks five warm-up
questions, then, in turn so that they never share the CPUs, the same ``--questions`` through
``Engine.ask``. Then the writer publishes one more article while each PostgreSQL process runs the
bot's generation watcher (``bot.generations``) and asks about that article every ``ASK_EVERY``
seconds: "publish seen after" is the time from the start of the publish (reading the article
included) to the first answer quoting it. "Others' CPU" is what other processes (the PostgreSQL
server among them) used while a process asked, as a share of the time it took.

Takeover, on each database: a process holds the writer lock, another tries it as the bot does
(``become_writer``, every ``RETRY`` seconds); the holder is SIGKILLed and the time until the other
holds it is measured, ``--takeovers`` times (kills land at different points of the retry period).
"""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from ask_latency import prepare
from common import engine_at, measured, say, table
from scale import ferry_article, fill_store

from bot.generations import GenerationWatcher
from bot.worker import Worker
from index.embed import export_for_questions
from index.engine import Engine
from index.settings import Settings
from index.store import RETRY, SHARED, WriterLock, become_writer
from index.store.databases import open_database

ASK_EVERY = 0.1  # seconds between two questions about the article just published
SEEN_WITHIN = 30.0  # seconds a serving process waits for it before giving up
FERRY_QUESTION = "When do Varn ferry fares rise?"
FERRY_TITLE = "Ferry fares"  # ferry_article's


# the serving processes -------------------------------------------------------------------------
def settings_of(job: dict) -> Settings:
    return Settings(
        data_dir=Path(job["data"]),
        database_url=job["url"],
        segments_dir=job["segments"],
        _env_file=None,
    )


def quotes_ferry(engine: Engine) -> bool:
    return any(c.title == FERRY_TITLE for c in engine.ask(FERRY_QUESTION).sources)


async def watch_for_ferry(engine: Engine) -> float:
    """Run the bot's generation watcher and ask about the ferry article until an answer quotes it;
    the wall-clock time it first did."""
    watcher = GenerationWatcher(Worker(engine))
    watcher.start()
    try:
        deadline = time.monotonic() + SEEN_WITHIN
        while time.monotonic() < deadline:
            if await asyncio.to_thread(quotes_ferry, engine):
                return time.time()
            await asyncio.sleep(ASK_EVERY)
        raise SystemExit(f"the article was not served within {SEEN_WITHIN:g} s")
    finally:
        await watcher.stop()


def serve(job: dict) -> None:
    """A serving process, driven line by line on stdin: ``ask`` times the questions, ``watch``
    waits for the ferry article; each prints one JSON line."""
    engine = Engine(settings_of(job))
    engine.embedder.encode_query("warm up")
    engine.serving(SHARED)
    for question in job["warm_up"]:
        engine.ask(question)
    print(json.dumps({"ready": True}), flush=True)
    for command in sys.stdin:
        if command.strip() == "ask":
            spent = []
            with measured() as timing:
                for question in job["questions"]:
                    started = time.perf_counter()
                    engine.ask(question)
                    spent.append((time.perf_counter() - started) * 1000)
            print(json.dumps({"ms": spent, "others": timing.others / timing.wall}), flush=True)
        elif command.strip() == "watch":
            print(json.dumps({"seen": asyncio.run(watch_for_ferry(engine))}), flush=True)
            return


class Server:
    """A serving process of this script (``--serve``)."""

    def __init__(self, job: dict) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.tell(json.dumps(job))

    def tell(self, line: str) -> None:
        self.process.stdin.write(line + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]

    def hear(self) -> dict:
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        if not line:
            raise SystemExit(f"a serving process ended (exit code {self.process.wait()})")
        return json.loads(line)

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


# the writers -----------------------------------------------------------------------------------
def hold_lock(target: str) -> None:
    """A writer candidate (``--writer``): says "holding" once it holds the writer lock."""
    lock = open_database(target if target.startswith("postgresql") else Path(target)).writer_lock()
    print("trying", flush=True)
    become_writer(lock, lambda holder: None)
    print(json.dumps({"holding": time.time()}), flush=True)
    time.sleep(3600)


def candidate(target: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--writer", target], stdout=subprocess.PIPE, text=True
    )
    process.stdout.readline()  # type: ignore[union-attr]  # "trying"
    return process


def takeovers(target: str, times: int) -> list[float]:
    """Seconds from the writer's SIGKILL to another process holding the lock, ``times`` times."""
    spent = []
    writer = candidate(target)
    writer.stdout.readline()  # type: ignore[union-attr]  # holding
    for turn in range(times):
        waiting = candidate(target)
        time.sleep(1.0 + turn * RETRY / times)  # kills land at different points of its retries
        killed = time.time()
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        held = json.loads(waiting.stdout.readline())["holding"]  # type: ignore[union-attr]
        spent.append(held - killed)
        writer = waiting
    writer.kill()
    writer.wait()
    return spent


# the benchmark ---------------------------------------------------------------------------------
def published(
    tmp: Path, name: str, setup, passages: int, seed: int, **where: object
) -> tuple[Engine, WriterLock]:
    """A store of ``passages`` filled and published by this process, which holds the writer lock
    (kept as long as the lock returned is)."""
    engine = engine_at(tmp / f"{name}-writer", setup.embedder, **where)
    lock = engine.store.database.writer_lock()
    if not lock.try_acquire():
        raise SystemExit("another process holds the writer lock of this database")
    say(f"[{name}] filling the store with {passages:,} passages …")
    fill_store(engine, setup.pool, setup.synth, passages, seed=seed)
    say(f"[{name}] publishing …")
    engine.ingest([])
    export_for_questions(engine.settings, engine.embedder)  # once per data folder: not a publish's cost
    return engine, lock


def server_job(tmp: Path, name: str, setup, url: str | None = None, segments: Path | None = None) -> dict:
    """What a serving process is told: its data folder (a machine's own), the database and
    segments folder it shares, the questions."""
    job = {"data": str(tmp / name), "url": url, "segments": segments and str(segments)}
    export_for_questions(settings_of(job), setup.embedder)  # each machine makes its own once
    return {**job, "questions": setup.questions, "warm_up": setup.warm_up}


def p(values: list[float], q: int) -> float:
    return float(np.percentile(values, q))


def run(args: argparse.Namespace, url: str) -> list[list[object]]:
    setup = prepare(args.pool, args.questions, args.seed)
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        segments = tmp / "segments"
        sqlite_writer = published(tmp, "sqlite", setup, args.passages, args.seed)
        postgres, lock = published(
            tmp, "postgres", setup, args.passages, args.seed, database_url=url, segments_dir=segments
        )
        jobs = {
            "SQLite, one process (baseline)": server_job(tmp, "sqlite-writer", setup),
            "PostgreSQL, serving process A": server_job(tmp, "serving-a", setup, url, segments),
            "PostgreSQL, serving process B": server_job(tmp, "serving-b", setup, url, segments),
        }
        say("loading the three serving processes …")
        servers = {name: Server(job) for name, job in jobs.items()}
        try:
            for server in servers.values():
                server.hear()
            asked = {}
            for name, server in servers.items():
                say(f"asking {len(setup.questions)} questions: {name} …")
                server.tell("ask")
                asked[name] = server.hear()
            baseline = p(asked["SQLite, one process (baseline)"]["ms"], 95)
            for name, result in asked.items():
                ms = result["ms"]
                rows.append(
                    [
                        name,
                        p(ms, 50),
                        p(ms, 95),
                        f"{p(ms, 95) / baseline - 1:+.1%}",
                        f"{result['others']:.0%}",
                        "—",
                    ]
                )
            say("publishing one article on PostgreSQL while both serving processes watch …")
            watching = [servers[name] for name in jobs if name.startswith("PostgreSQL")]
            for server in watching:
                server.tell("watch")
            time.sleep(2 * RETRY)  # the watchers' first polls, and questions answered from the old generation
            started = time.time()
            postgres.ingest([ferry_article(tmp / "news")])
            say(f"the publish took {time.time() - started:.2f} s")
            for row, server in zip(rows[1:], watching, strict=True):
                row[-1] = f"{server.hear()['seen'] - started:.2f} s"
        finally:
            for server in servers.values():
                server.close()
            lock.release()
            sqlite_writer[1].release()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--pool", type=int, default=4000, help="distinct sentences encoded by the model")
    parser.add_argument("--takeovers", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--postgres", default=os.environ.get("NEWSBOT_TEST_DATABASE_URL"))
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--writer", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(json.loads(sys.stdin.readline()))
        return
    if args.writer:
        hold_lock(args.writer)
        return
    if not args.postgres:
        raise SystemExit("no PostgreSQL: run under scripts/postgres.sh, or give --postgres URL")

    rows = run(args, args.postgres)
    print(f"## {args.passages:,} passages, {args.questions} questions\n")
    headers = ["process", "ask p50 ms", "ask p95 ms", "p95 vs SQLite", "others' CPU", "publish seen after"]
    print(table(headers, rows))
    with tempfile.TemporaryDirectory() as scratch:
        sqlite_kills = takeovers(str(Path(scratch) / "newsbot.db"), args.takeovers)
    postgres_kills = takeovers(args.postgres, args.takeovers)
    print(f"\n## Takeover after the writer is SIGKILLed ({args.takeovers} kills, retry every {RETRY:g} s)\n")
    kill_rows = [
        [name, min(kills), p(kills, 50), max(kills)]
        for name, kills in (
            ("SQLite (flock, baseline)", sqlite_kills),
            ("PostgreSQL (advisory lock)", postgres_kills),
        )
    ]
    print(table(["database", "fastest s", "median s", "slowest s"], kill_rows))


if __name__ == "__main__":
    main()
