"""The ``newsbot`` command: the engine from a terminal. Engine errors become one-line messages.

Other packages add commands through the ``newsbot.commands`` entry point group: each entry point
is a function given ``command`` (see ``parser``) to add its own; the bot adds ``run`` so (see
``bot.command``), and ``index`` never imports the bot.
"""

import argparse
import importlib
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path

from pydantic import ValidationError

from .. import Engine, NewsbotError, Settings
from ..feeds import watch
from . import render
from .progress import TqdmProgress

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
PLUGINS = "newsbot.commands"  # the entry point group of commands other packages add

Run = Callable[[Engine, argparse.Namespace], int]
AddCommand = Callable[[str, Run, str], argparse.ArgumentParser]  # (name, run, help) -> its parser


REMEDIES = {
    "ingest": ": run `newsbot ingest PATH` first",
    "reindex": ": run `newsbot reindex`",
    "sources": "; `newsbot sources` lists them",
}


def _ingest(engine: Engine, args: argparse.Namespace) -> int:
    """Files and folders in one ingest, then the URLs (anything with a scheme) in another."""
    urls = [given for given in args.paths if "://" in given]
    paths = [Path(given) for given in args.paths if "://" not in given]
    with TqdmProgress() as progress:
        reports = [engine.ingest(paths, progress)] if paths else []
        reports += [engine.ingest_urls(urls, progress)] if urls else []
    print("\n".join(map(render.report, reports)))
    return EXIT_ERROR if any(report.failed for report in reports) else EXIT_OK


def _reindex(engine: Engine, args: argparse.Namespace) -> int:
    with TqdmProgress() as progress:
        report = engine.reindex(progress)
    print(render.report(report))
    return EXIT_ERROR if report.failed else EXIT_OK


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _ask(engine: Engine, args: argparse.Namespace) -> int:
    answer = engine.ask(" ".join(args.question), args.after, args.as_of)
    emphasis = sys.stdout.isatty() and not os.environ.get("NO_COLOR")  # https://no-color.org
    print(_json(answer.to_dict()) if args.json else render.answer(answer, emphasis))
    return EXIT_OK


def _summary(engine: Engine, args: argparse.Namespace) -> int:
    print(render.summary(engine.summary(" ".join(args.article))))
    return EXIT_OK


def _digest(engine: Engine, args: argparse.Namespace) -> int:
    digest = engine.digest(" ".join(args.topic))
    print(_json(digest.to_dict()) if args.json else render.digest(digest))
    return EXIT_OK


def _eval(engine: Engine, args: argparse.Namespace) -> int:
    from ..eval import plot

    evaluation = importlib.import_module(f"..eval.{args.kind}", __package__)
    extra = {"articles_file": Path(args.articles)} if args.kind == "qa" and args.articles else {}
    extra |= {"out": Path(args.out)} if args.kind == "train" and args.out else {}
    with TqdmProgress() as progress:
        tables = evaluation.run(Path(args.dataset), engine.settings, args.limit, progress, **extra)
    if args.json:
        print(_json({"dataset": args.dataset, "limit": args.limit, "tables": [t.to_dict() for t in tables]}))
    else:
        print("\n".join(table.render() for table in tables))
    if args.kind == "qa" and args.plot:
        print(f"newsbot: wrote {plot.threshold_curve(tables[1], Path(args.plot))}", file=sys.stderr)
    return EXIT_OK


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _sources(engine: Engine, args: argparse.Namespace) -> int:
    """The articles, then the feeds when some are watched."""
    print(render.sources(engine.sources()))
    if feeds := engine.feeds():
        print(f"\n{render.feeds(feeds)}")
    return EXIT_OK


def _feeds(engine: Engine, args: argparse.Namespace) -> int:
    if args.action == "add":
        print(render.added_feed(engine.add_feed(args.url)))
    elif args.action == "remove":
        engine.remove_feed(args.url)
        print(f"Stopped watching {args.url.strip()}; its articles stay indexed.")
    else:
        print(render.feeds(engine.feeds()))
    return EXIT_OK


def _watch(engine: Engine, args: argparse.Namespace) -> int:
    if args.once:
        report = engine.poll_feeds()
        print(render.poll(report))
        return EXIT_ERROR if report.failed else EXIT_OK
    minutes = engine.settings.feed_poll_minutes
    try:
        print(f"newsbot: polling the feeds every {minutes:g} minutes (± 10 %); Ctrl+C stops", file=sys.stderr)
        watch(engine.poll_feeds, engine.settings, lambda report: print(render.poll(report), flush=True))
    except KeyboardInterrupt:
        print("newsbot: stopped watching", file=sys.stderr)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="newsbot", description="Answers questions about the news it has indexed."
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    command("ingest", _ingest, "index files, folders (.txt .md .html .htm) or web pages (URLs)").add_argument(
        "paths", nargs="+", metavar="PATH_OR_URL"
    )
    ask = command("ask", _ask, "answer a question with quotes from the indexed news")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON (and only that) on stdout")
    ask.add_argument(
        "--after",
        action="append",
        default=[],
        metavar="EARLIER",
        help="a question asked before, which this one follows up (repeat for more, oldest first)",
    )
    ask.add_argument(
        "--as-of",
        type=_day,
        metavar="YYYY-MM-DD",
        help="answer as on that day: only from articles published by then, the newest ranked first",
    )
    command("summary", _summary, "highlights of one article (its id, or words of its title)").add_argument(
        "article", nargs="+"
    )
    digest = command("digest", _digest, "what each outlet says on a topic, with quotes and citations")
    digest.add_argument("topic", nargs="+")
    digest.add_argument(
        "--json", action="store_true", help="print the digest as JSON (and only that) on stdout"
    )
    command("sources", _sources, "list what is indexed, and the feeds watched")
    feeds = command("feeds", _feeds, "the RSS and Atom feeds `newsbot watch` polls")
    actions = feeds.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("add", help="watch a feed (fetched once to check it)").add_argument("url")
    actions.add_parser("list", help="list the feeds with their status")
    actions.add_parser("remove", help="stop watching a feed; its articles stay").add_argument("url")
    watching = command("watch", _watch, "poll every feed on a schedule and ingest new and changed entries")
    watching.add_argument("--once", action="store_true", help="poll every feed once and exit")
    command("reindex", _reindex, "re-read every source; unchanged paragraphs are not embedded again")
    evaluate = command(
        "eval", _eval, "measure quality on a public dataset (see ../shared/eval), or train the answer scorers"
    )
    evaluate.add_argument("kind", choices=["qa", "summary", "extract", "train"])
    evaluate.add_argument("dataset", help="the dataset's JSONL file or folder")
    evaluate.add_argument("--limit", type=int, metavar="N", help="only the first N questions or articles")
    evaluate.add_argument("--json", action="store_true", help="print the tables as JSON on stdout")
    evaluate.add_argument("--articles", metavar="JSONL", help="qa: the article corpus (default: beside)")
    evaluate.add_argument("--plot", metavar="PNG", help="qa: draw the decline threshold's trade-off")
    evaluate.add_argument(
        "--out", metavar="FOLDER", help="train: where to write the weights (default: shipped)"
    )
    for plugin in entry_points(group=PLUGINS):
        plugin.load()(command)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        print(f"newsbot: bad setting: {first['loc'][0]}: {first['msg']}", file=sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    try:
        engine = Engine(settings)
    except (OSError, sqlite3.Error) as error:
        print(f"newsbot: cannot use the data folder {settings.data_dir}: {error}", file=sys.stderr)
        return EXIT_ERROR
    try:
        return args.run(engine, args)
    except NewsbotError as error:
        print(f"newsbot: {error}{REMEDIES.get(error.remedy or '', '')}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newsbot: interrupted; the index that was serving is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of stdout went away (`newsbot sources | head`): the recipe in Python's
        # signal docs, so the interpreter's final flush does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
