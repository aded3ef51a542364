"""The ``newsbot eval`` command's kinds and options: measuring quality on the public datasets and
training the answer scorers and the reader."""

import argparse

from .options import count, share

# each kind of ``newsbot eval`` and the module under index/eval that runs it
EVALUATIONS = {
    "qa": "qa",
    "reader": "reader.squad",
    "train": "train",
    "train-reader": "reader.command",
    "summary": "summary",
    "extract": "extract",
    "stories": "stories",
    "timeline": "timeline",
}


def evaluation_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``newsbot eval`` on its ``parser``."""
    parser.add_argument("kind", choices=list(EVALUATIONS))
    parser.add_argument("dataset", help="the dataset's JSONL file or folder")
    parser.add_argument("--limit", type=count(1), metavar="N", help="only the first N questions or articles")
    parser.add_argument("--json", action="store_true", help="print the tables as JSON on stdout")
    parser.add_argument("--articles", metavar="JSONL", help="qa: the article corpus (default: beside)")
    parser.add_argument(
        "--half",
        choices=["train", "test"],
        default="test",
        help="qa, silver set: the test half (reported) or the training half (thresholds are chosen on it)",
    )
    parser.add_argument("--plot", metavar="PNG", help="qa: draw the answerability threshold's trade-off")
    parser.add_argument(
        "--out", metavar="FOLDER", help="train, train-reader: where to write the weights (default: shipped)"
    )
    parser.add_argument(
        "--run",
        dest="run_folder",
        metavar="FOLDER",
        help="train-reader: the run's checkpoints (default: <data dir>/reader-run)",
    )
    parser.add_argument(
        "--steps", type=count(1), metavar="N", help="train-reader: stop after N more steps (resume later)"
    )
    parser.add_argument(
        "--retrieved-negatives",
        type=share,
        default=0.0,
        metavar="SHARE",
        help="train-reader: the share of SQuAD questions also asked of another article's best paragraph",
    )
    parser.add_argument(
        "--shared",
        action="store_true",
        help="train-reader: read each question's windows together, one softmax over them all",
    )
    parser.add_argument(
        "--show",
        type=count(0),
        default=0,
        metavar="N",
        help="stories: also print N labelled pairs of each kind",
    )
