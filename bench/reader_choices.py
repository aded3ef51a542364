"""The answerer's choices, read off the silver training half's calibration third (never off a set
that is reported, nor off questions the reader learned from): how many passages the reader reads,
and the thresholds it is judged by.

Over one index of the silver set's articles, each calibration question is asked as
``newsbot eval qa --half train`` asks it, the reader reading ``--counts`` passages; at the shipped
thresholds, for each count, the answer table (by answerability threshold) and where the answer is,
beside where the sentence answerers put it. Then, at the shipped count, the answer table with the
reader's own threshold at each of ``--answers`` (the grid of the two thresholds), and where the
answer is with a further answer quoted from ``--also``, the words marked from ``--mark``, and at
most ``--most`` answers quoted. Needs ``../shared/eval``;
NEWSBOT_DATA_DIR keeps the embeddings; NEWSBOT_READER names a reader other than the shipped one.

    .venv/bin/python bench/reader_choices.py [--counts 4 8 12] [--answers ...] [--also ...] [--mark ...]
"""

import argparse
from dataclasses import replace
from pathlib import Path

from common import say

from index.answer import SHIPPED
from index.engine import PASSAGES_READ
from index.eval import qa, realtimeqa
from index.settings import Settings

SILVER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "qa" / "realtimeqa_silver"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[4, 8, 12])
    parser.add_argument("--answers", type=float, nargs="+", default=[0.1, 0.3, 0.5, 0.7, 0.9])
    parser.add_argument("--also", type=float, nargs="+", default=[0.2, 0.3, 0.4, 0.5, 1.0])
    parser.add_argument("--mark", type=float, nargs="+", default=[0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    parser.add_argument("--most", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    settings = Settings(_env_file=None)  # NEWSBOT_DATA_DIR: where the evaluation's embeddings are cached
    training = realtimeqa.read_questions(SILVER, None, "train")
    questions = [q for q in training if realtimeqa.calibration(q)][: args.limit]
    judge = qa.OnceJudge()
    reader = qa.OnceReader(settings.reader)
    with realtimeqa.corpus(SILVER, questions, settings, args.limit, lambda *_: None) as corpus:
        for count in sorted({*args.counts, PASSAGES_READ}):
            say(f"the reader reading {count} passages")
            asked = [
                realtimeqa.ask(corpus.engine, q, h, count)
                for q, h in zip(questions, corpus.holding, strict=True)
            ]
            _, answers, where, sentences = qa.tables(corpus, asked, qa.Answering(reader, SHIPPED, judge))
            print(f"### The reader reading {count} passages\n\n{answers.render()}\n{where.render()}")
            print(f"{sentences.render()}")
            if count != PASSAGES_READ:
                continue
            for value in args.answers:
                say(f"the reader's threshold at {value}")
                chosen = replace(SHIPPED, answer=value)
                _, answers, _, _ = qa.tables(corpus, asked, qa.Answering(reader, chosen, judge))
                print(f"### The reader's threshold {value} (reading {count})\n\n{answers.render()}")
            for name, values in (("also", args.also), ("mark", args.mark), ("most", args.most)):
                for value in values:
                    say(f"{name} at {value}")
                    chosen = replace(SHIPPED, **{name: value})
                    _, _, where, _ = qa.tables(corpus, asked, qa.Answering(reader, chosen, judge))
                    print(f"### {name} = {value} (reading {count})\n\n{where.render()}")


if __name__ == "__main__":
    main()
