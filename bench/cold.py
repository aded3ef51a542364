"""Cold commands: the time a new process takes, beside a bare Python start measured in the same run.

Indexes samples/news in a temporary folder (which makes the export questions are encoded with),
then times new processes of `newsbot ask` (the export's way, and with NEWSBOT_QUESTION_ENCODER=torch
as the baseline), `newsbot sources` and `newsbot --help`: the median of ``--runs`` each. With
``../shared/eval`` beside the repo, it also prints how closely the export's question vectors agree
with torch's over the RealTime QA dev questions (the export is used only if they agree).

    .venv/bin/python bench/cold.py [--runs 5]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from index import Engine, Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "news"
DEV = ROOT.parent / "shared" / "eval" / "qa" / "realtimeqa" / "questions.dev.jsonl"
NEWSBOT = str(Path(sys.executable).parent / "newsbot")
QUESTION = "What is the nickname of Scaloni's team?"


def seconds(argv: list[str], env: dict[str, str], runs: int) -> float:
    """The median wall time of ``runs`` new processes of ``argv``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def agreement(engine: Engine) -> tuple[int, float, float] | None:
    """Questions, mean and least cosine of the export's vectors to torch's on the dev questions."""
    if not DEV.is_file():
        return None
    questions = [
        json.loads(line)["question"] for line in DEV.read_text(encoding="utf-8").splitlines() if line
    ]
    cosines = [float(engine.encode_question(q) @ engine.embedder.encode_query(q)) for q in questions]
    return len(cosines), statistics.fmean(cosines), min(cosines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
        env["NEWSBOT_DATA_DIR"] = folder
        engine = Engine(Settings(data_dir=Path(folder), question_encoder="onnx", _env_file=None))
        engine.ingest([SAMPLES])
        rows = [
            ("python -c pass (baseline)", seconds([sys.executable, "-c", "pass"], env, runs)),
            ("newsbot --help", seconds([NEWSBOT, "--help"], env, runs)),
            ("newsbot sources", seconds([NEWSBOT, "sources"], env, runs)),
            ("newsbot ask", seconds([NEWSBOT, "ask", QUESTION], env, runs)),
            (
                "newsbot ask, NEWSBOT_QUESTION_ENCODER=torch (baseline)",
                seconds([NEWSBOT, "ask", QUESTION], {**env, "NEWSBOT_QUESTION_ENCODER": "torch"}, runs),
            ),
        ]
        agreed = agreement(engine)
    print(f"| command (median of {runs} new processes, sample index) | seconds |")
    print("|---|---:|")
    for name, taken in rows:
        print(f"| {name} | {taken:.2f} |")
    if agreed:
        n, mean, least = agreed
        print(
            f"\nexport vs torch question vectors, {n} RealTime QA dev questions:"
            f" cosine mean {mean:.5f}, least {least:.5f}"
        )


if __name__ == "__main__":
    main()
