"""Bot start-up: from a new process to the bot online and to its first ``/ask`` answered.

    .venv/bin/python bench/bot_start.py [--runs 5]

Indexes ``samples/news`` once in a temporary data folder (which makes the ONNX export questions
are encoded with), then starts ``--runs`` new Python processes per setting, alternating the
settings run by run: each is this script with ``--child``, which imports what the bot process
imports, starts the local Discord stand-in of the tests (``tests/standin``) and the unmodified bot
(``bot.client.NewsBot``) over the folder, waits for discord.py's ``on_ready`` (the bot's "newsbot:
online as …"), sends one ``/ask`` and waits for the answer, then prints its timings as JSON and
exits. The stand-in patches discord.py's URLs in the process that runs the bot, hence a process of
its own for each run.

Every time is wall seconds from just before the parent's ``subprocess.run`` starts the child
(``time.time()``, handed to it), so interpreter start is counted; the table shows medians. The settings: the
shipped one, questions encoded by the ONNX export without torch (``NEWSBOT_QUESTION_ENCODER=onnx``),
and the baseline ``NEWSBOT_QUESTION_ENCODER=torch`` (the model loaded with torch at start-up), and
``python -c pass`` (to its exit) in the same run. The steps before "online": imports (the
stand-in's among them: discord.py and aiohttp, which the bot imports anyway), the commands synced
(``setup_hook``: ``Engine.warm_up`` — question encoder and served index — then the sync), the
gateway's READY (discord.py's ``on_connect``); between READY and ``on_ready`` discord.py waits for
more GUILD_CREATEs until none came for ``guild_ready_timeout`` (2 s), as it does against Discord.
The last rows say in how many runs the answer quoted the news (not a decline), in how many the
child had imported torch by its end, and how many CPU seconds other processes used during a run
(2 cores: up to twice the run's wall time), to tell a noisy run.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "news"
QUESTION = "How much did the Notre-Dame restoration cost?"
SETTINGS = {"onnx": "onnx (shipped)", "torch": "torch (baseline)"}
STEPS = {
    "imported": "imports done",
    "standin": "stand-in started",
    "synced": "commands synced (warm-up + sync)",
    "connected": "gateway READY (on_connect)",
    "ready": "online (ready)",
    "answered": "first /ask answered",
}


# the child: one bot start ------------------------------------------------------------------------------
def child(started: float) -> None:
    """Starts the stand-in and the bot, asks once, prints wall seconds since ``started`` as JSON."""
    sys.path.insert(0, str(ROOT / "tests"))
    from standin import BotThread, DiscordStandIn

    from bot.client import NewsBot
    from index import Engine, Settings

    marks: dict[str, float] = {"imported": time.time()}
    ready = threading.Event()

    async def on_connect() -> None:
        marks.setdefault("connected", time.time())

    async def on_ready() -> None:
        marks.setdefault("ready", time.time())
        ready.set()

    with DiscordStandIn() as standin, standin.patched():
        marks["standin"] = time.time()
        engine = Engine(Settings(discord_guilds=[int(standin.guild_id)], _env_file=None))
        bot = NewsBot(engine)
        bot.add_listener(on_connect, "on_connect")
        bot.add_listener(on_ready, "on_ready")
        with BotThread(bot, standin.token) as thread:
            standin.wait_commands(standin.guild_id, names=("ask",), timeout=300)
            marks["synced"] = time.time()
            if not ready.wait(timeout=300):
                thread.stop()
                raise TimeoutError("the bot was not ready within 300 s")
            interaction = standin.slash("ask", {"question": QUESTION})
            interaction.wait_done(timeout=300, settle=0.05)
            [message] = interaction.messages
            answer = next(r for r in message.revisions if r.payload.get("embeds"))
            marks["answered"] = time.time() - (time.monotonic() - answer.at)
    result: dict[str, Any] = {step: at - started for step, at in marks.items()}
    footers = [(embed.get("footer") or {}).get("text", "") for embed in answer.payload["embeds"]]
    result["quoted"] = any(footer.startswith("Quoted word for word") for footer in footers)  # not declined
    result["torch"] = "torch" in sys.modules
    print(json.dumps(result), flush=True)


# the parent: runs, medians, the table ------------------------------------------------------------------
def start(argv: list[str], env: dict[str, str], timed: bool = False) -> tuple[float, dict[str, Any], float]:
    """Runs ``argv`` to its end (``timed``: handed the time it starts at, as its last argument):
    its wall seconds, the JSON it printed (if any), the CPU seconds other processes used meanwhile."""
    from common import measured

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with measured() as timing:
        started = time.time()
        done = subprocess.run(
            [*argv, str(started)] if timed else argv, env=env, capture_output=True, text=True
        )
        wall = time.time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(f"{argv} failed ({done.returncode}):\n{done.stderr}")
    child_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    return wall, json.loads(done.stdout or "{}"), max(0.0, timing.others - child_cpu)


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="new processes per setting")
    parser.add_argument("--child", type=float, metavar="STARTED", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    from common import say, table

    from index import Engine, Settings

    with tempfile.TemporaryDirectory(prefix="newsbot-start-") as folder:
        say("indexing samples/news …")
        engine = Engine(Settings(data_dir=Path(folder), question_encoder="onnx", _env_file=None))
        engine.ingest([SAMPLES])
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
        env["NEWSBOT_DATA_DIR"] = folder
        bot = [sys.executable, str(Path(__file__).resolve()), "--child"]
        runs: dict[str, list[dict[str, Any]]] = {setting: [] for setting in SETTINGS}
        others: dict[str, list[float]] = {setting: [] for setting in SETTINGS}
        for n in range(args.runs):
            order = list(SETTINGS) if n % 2 == 0 else list(reversed(SETTINGS))
            for setting in order:
                say(f"run {n + 1}/{args.runs}: {setting} …")
                _, timings, busy = start(bot, {**env, "NEWSBOT_QUESTION_ENCODER": setting}, timed=True)
                runs[setting].append(timings)
                others[setting].append(busy)
        say("python -c pass …")
        bare = []
        for _ in range(args.runs):
            bare.append(start([sys.executable, "-c", "pass"], env)[0])
    print(f"Seconds from process start, median of {args.runs} new processes each (sample index).\n")
    print(table(["step", *SETTINGS.values()], summary(runs, bare, others)))


def summary(
    runs: dict[str, list[dict[str, Any]]], bare: list[float], others: dict[str, list[float]]
) -> list[list[str]]:
    """The table's rows: the bare start, each step's median per setting, torch, the noise."""
    rows = [["python -c pass (to exit)", median(bare), median(bare)]]
    for step, label in STEPS.items():
        rows.append([label, *(median([run[step] for run in runs[s]]) for s in SETTINGS)])
    rows.append(["answered with quotes, not declined (runs)", *tally(runs, "quoted")])
    rows.append(["torch imported (runs)", *tally(runs, "torch")])
    rows.append(["other processes' CPU s per run", *(median(others[s]) for s in SETTINGS)])
    return rows


def tally(runs: dict[str, list[dict[str, Any]]], key: str) -> list[str]:
    """In how many runs of each setting the child said ``key``."""
    return [f"{sum(run[key] for run in runs[s])}/{len(runs[s])}" for s in SETTINGS]


if __name__ == "__main__":
    main()
