"""100 questions sent to the bot at once through the Discord stand-in, against one at a time.

    .venv/bin/python bench/bot_burst.py [--burst 100] [--baseline 10] [--heartbeat 0.25]

The bot (``bot.client.NewsBot``, unmodified) runs over an index of ``samples/news`` and connects
to the local Discord stand-in of the tests (``tests/standin``). Each ``/ask`` comes from its own
member, so the per-user cooldown never refuses one. Baseline: ``--baseline`` questions asked one
after another, each waiting for its answer. Burst: ``--burst`` questions dispatched together.

"ack" is the time from dispatching the interaction to the bot's deferral (Discord's deadline is
3 s); "answer" is the time to the edit that carries the answer. Heartbeats: the stand-in asks for
one every ``--heartbeat`` seconds and notes when each arrives; "worst gap" is the longest wait
between two while the questions were being answered (it should stay near the interval), and
"latency" is discord.py's own heartbeat round trip (``Client.latency``), sampled every 50 ms, as
p50 / p95: its maximum is no measure, because discord.py notes the send time only after the send
returns, so an acknowledgement that overtakes it is timed from the heartbeat before (one interval).
"""

import argparse
import itertools
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from common import say, table
from corpus import SAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from standin import BotThread, DiscordStandIn, Interaction

from bot.client import NewsBot
from index.engine import Engine
from index.settings import Settings

QUESTIONS = [
    "How much did the Notre-Dame restoration cost?",
    "When did Notre-Dame reopen?",
    "Who attended the Notre-Dame reopening?",
    "Who scored the winning penalty in the World Cup final?",
    "What was the score of the World Cup final?",
    "When was the total solar eclipse over North America?",
    "How long did totality last?",
    "By how much did DART change the asteroid's orbit?",
    "What did the DART spacecraft hit?",
    "Who won the 2018 Tour de France?",
]


def spread(values: list[float], scale: float, digits: int, with_max: bool = True) -> str:
    """p50 / p95 (/ max) of ``values`` times ``scale``."""
    figures = [*np.percentile(values, [50, 95]), *([max(values)] if with_max else [])]
    return " / ".join(f"{value * scale:.{digits}f}" for value in figures)


class LatencySampler:
    """discord.py's heartbeat round trip, read every 50 ms on a thread of its own."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot, self.samples, self._stop = bot, [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "LatencySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.samples.append(self.bot.latency)


def answered_at(interaction: Interaction) -> float:
    """When the response first carried an answer (an embed), on the stand-in's clock."""
    [message] = interaction.messages
    return next(r.at for r in message.revisions if r.payload.get("embeds"))


def ask_all(standin: DiscordStandIn, questions: list[str], together: bool) -> tuple[list[Interaction], float]:
    start = time.monotonic()
    users = [standin.add_member(f"reader{n}") for n in range(len(questions))]
    done = []
    for question, user in zip(questions, users, strict=True):
        interaction = standin.slash("ask", {"question": question}, user=user)
        if not together:
            interaction.wait_done(timeout=120, settle=0.05)
        done.append(interaction)
    for interaction in done:
        interaction.wait_done(timeout=600, settle=0.05)
    return done, start


def row(label: str, standin: DiscordStandIn, asked: list[Interaction], start: float, latency: list[float]):
    acks = [i.ack_delay for i in asked if i.ack_delay is not None]
    answers = [answered_at(i) - i.dispatched_at for i in asked if i.messages]
    beats = [at for at in standin.heartbeats if at >= start]
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    return [
        label,
        f"{len(answers)}/{len(asked)}",
        spread(acks, 1000, 0),
        spread(answers, 1, 2),
        f"{max(gaps):.2f} s ({len(gaps)} gaps)" if gaps else "—",
        spread(latency, 1000, 1, with_max=False) if latency else "—",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--baseline", type=int, default=10)
    parser.add_argument("--heartbeat", type=float, default=0.25, help="seconds between heartbeats")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsbot-burst-"))
    with DiscordStandIn(heartbeat_interval=args.heartbeat) as standin, standin.patched():
        settings = Settings(data_dir=folder, discord_guilds=[int(standin.guild_id)], _env_file=None)
        say("indexing samples/news …")
        engine = Engine(settings)
        engine.ingest([SAMPLES])
        bot = NewsBot(engine)
        with BotThread(bot, standin.token):
            standin.wait_ready(timeout=60)
            standin.wait_commands(standin.guild_id, names=("ask",), timeout=60)
            questions = list(itertools.islice(itertools.cycle(QUESTIONS), args.burst))
            rows = []
            for label, count, together in (
                (f"{args.baseline} one at a time (baseline)", args.baseline, False),
                (f"{args.burst} at once", args.burst, True),
            ):
                say(f"asking {label} …")
                with LatencySampler(bot) as sampler:
                    asked, start = ask_all(standin, questions[:count], together)
                rows.append(row(label, standin, asked, start, sampler.samples))
    print(f"Heartbeat interval {args.heartbeat:.2f} s; times are p50 / p95 / max.\n")
    print(
        table(
            ["questions", "answered", "ack ms", "answer s", "worst heartbeat gap", "heartbeat ms p50 / p95"],
            rows,
        )
    )


if __name__ == "__main__":
    main()
