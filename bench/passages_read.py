"""How many passages the reader reads: ``newsbot eval qa`` on the silver set's training half (never
on a set that is reported), the reader reading 4, 8 or 12 of the passages retrieved.

For each count: the answer table (answered, answer in the quotes and their first 600 characters,
decline test, by decline threshold) and where the answer is, over all questions. The shipped
count is ``index.engine.PASSAGES_READ``. Needs ``../shared/eval``.

    .venv/bin/python bench/passages_read.py [--counts 4 8 12] [--limit N]
"""

import argparse
from pathlib import Path

from common import say

from index.eval import qa
from index.settings import Settings

SILVER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "qa" / "realtimeqa_silver"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[4, 8, 12])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    settings = Settings(_env_file=None)  # NEWSBOT_DATA_DIR: where the evaluation's embeddings are cached
    for count in args.counts:
        say(f"reading {count} passages")
        _, answers, where = qa.run(SILVER, settings, args.limit, half="train", passages=count)
        print(f"### The reader reading {count} passages\n")
        print(answers.render())
        print(where.render())


if __name__ == "__main__":
    main()
