"""The ``newsbot`` command: the engine from a terminal. Engine errors become one-line messages.

Other packages add commands through the ``newsbot.commands`` entry point group: each entry point
is a function given ``command`` (see ``parser``) to add its own; the bot adds ``run`` so (see
``bot.command``), and ``index`` never imports the bot.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from pydantic import ValidationError

from ..errors import InputError, NewsbotError, one_line
from ..settings import Settings
from .evaluation import evaluation_arguments
from .exits import EXIT_ERROR, EXIT_USAGE
from .options import Parser, typed

if TYPE_CHECKING:
    from ..engine import Engine

PLUGINS = "newsbot.commands"  # the entry point group of commands other packages add

Run = Callable[["Engine", argparse.Namespace], int]
AddCommand = Callable[[str, Run, str], argparse.ArgumentParser]  # (name, run, help) -> its parser


REMEDIES = {
    "ingest": ": run `newsbot ingest PATH` first",
    "reindex": ": run `newsbot reindex`",
    "sources": "; `newsbot sources` lists them",
}


def _later(name: str) -> Run:
    """The command ``name`` of ``commands``, imported when it runs (with the engine it needs)."""

    def run(engine: Engine, args: argparse.Namespace) -> int:
        from . import commands

        return getattr(commands, name)(engine, args)

    return run


def parser() -> argparse.ArgumentParser:
    top = Parser(prog="newsbot", description="Answers questions about the news it has indexed.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    ingest = command(
        "ingest", _later("ingest"), "index files, folders (.txt .md .html .htm) or web pages (URLs)"
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
    ask = command("ask", _later("ask"), "answer a question with quotes from the indexed news")
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
        type=typed("calendar_day"),
        metavar="YYYY-MM-DD",
        help="answer as on that day: only from articles published by then, the newest ranked first",
    )
    ask.add_argument(
        "--outlet",
        type=typed("outlet_name"),
        help="answer from this outlet's articles only (its name, any case)",
    )
    ask.add_argument(
        "--since",
        type=typed("Period.parse"),
        help="answer from articles published since: 24h, 7d or a date (YYYY-MM-DD)",
    )
    summary = command(
        "summary", _later("summary"), "highlights of one article (its id, or words of its title)"
    )
    summary.add_argument("article", nargs="+")
    digest = command(
        "digest", _later("digest"), "what each outlet says on a topic, with quotes and citations"
    )
    digest.add_argument("topic", nargs="+")
    digest.add_argument(
        "--json", action="store_true", help="print the digest as JSON (and only that) on stdout"
    )
    timeline = command(
        "timeline",
        _later("timeline"),
        "a story day by day, with what was new each day (an article's id or title words, or a topic)",
    )
    timeline.add_argument("story", nargs="+", metavar="TOPIC_OR_ARTICLE")
    timeline.add_argument(
        "--json", action="store_true", help="print the timeline as JSON (and only that) on stdout"
    )
    follow = command(
        "follow",
        _later("follow"),
        "follow a story: the first time its latest facts, then only what it reported since",
    )
    follow.add_argument("story", nargs="*", metavar="TOPIC_OR_ARTICLE")
    follow.add_argument("--list", action="store_true", help="list the stories followed")
    follow.add_argument(
        "--json", action="store_true", help="print the update or the list as JSON (and only that) on stdout"
    )
    unfollow = command("unfollow", _later("unfollow"), "stop following a story")
    unfollow.add_argument("story", nargs="+", metavar="TOPIC_OR_ARTICLE")
    stories = command("stories", _later("stories"), "the stories reported lately, each with its outlets")
    briefing = command("briefing", _later("briefing"), "the top stories lately, quoted across their outlets")
    for parser in (stories, briefing):
        parser.add_argument(
            "--since",
            type=typed("Period.parse"),
            default="24h",
            help="24h, 7d or a date (YYYY-MM-DD); default 24h",
        )
        parser.add_argument(
            "--as-of",
            type=typed("calendar_day"),
            metavar="YYYY-MM-DD",
            help="as on that day (default: today)",
        )
    briefing.add_argument(
        "--json", action="store_true", help="print the briefing as JSON (and only that) on stdout"
    )
    sources = command("sources", _later("sources"), "list what is indexed, and the feeds watched")
    insights = command(
        "insights",
        _later("insights"),
        "what readers asked in Discord in 30 days that the news did not answer",
    )
    insights.add_argument("--json", action="store_true", help="print the insights as JSON on stdout")
    feeds = command("feeds", _later("feeds"), "the RSS and Atom feeds `newsbot watch` polls")
    actions = feeds.add_subparsers(dest="action", required=True, metavar="ACTION")
    add_feed = actions.add_parser("add", help="watch a feed (fetched once to check it)")
    add_feed.add_argument("url", type=typed("web_address"))
    list_feeds = actions.add_parser("list", help="list the feeds with their status")
    remove_feed = actions.add_parser("remove", help="stop watching a feed; its articles stay")
    remove_feed.add_argument("url", type=typed("web_address"))
    sees = "act for a Discord server: see its own articles besides the shared ones"
    for scoped, what in [
        (ingest, "act for a Discord server: add these as its own articles, which only it sees"),
        *(
            (reader, sees)
            for reader in (ask, summary, digest, timeline, follow, unfollow, stories, briefing, sources)
        ),
        (insights, "the questions asked in a Discord server (default: in direct messages)"),
        *(
            (action, "the feeds of a Discord server, not the shared ones")
            for action in (add_feed, list_feeds, remove_feed)
        ),
    ]:
        scoped.add_argument("--server", type=typed("server_id"), metavar="ID", help=what)
    watching = command(
        "watch", _later("watch"), "poll every feed on a schedule and ingest new and changed entries"
    )
    watching.add_argument("--once", action="store_true", help="poll every feed once and exit")
    command("reindex", _later("reindex"), "re-read every source; unchanged paragraphs are not embedded again")
    command("compact", _later("compact"), "merge the index's segments into one, without removed passages")
    evaluate = command(
        "eval",
        _later("eval"),
        "measure quality on a public dataset (see ../shared/eval), or train the answer scorers or the reader",
    )
    evaluation_arguments(evaluate)
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
        from ..engine import Engine

        engine = Engine(settings)
    except (OSError, sqlite3.Error) as error:
        print(f"newsbot: cannot use the data folder {settings.data_dir}: {error}", file=sys.stderr)
        return EXIT_ERROR
    except NewsbotError as error:  # the database (NEWSBOT_DATABASE_URL) cannot be used
        print(f"newsbot: {one_line(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    try:
        return args.run(engine, args)
    except InputError as error:  # a value the engine parses itself, such as an article's id
        print(f"newsbot: {one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except NewsbotError as error:
        print(f"newsbot: {one_line(str(error))}{REMEDIES.get(error.remedy or '', '')}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newsbot: interrupted; the index that was serving is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of stdout went away (`newsbot sources | head`): the recipe in Python's
        # signal docs, so the interpreter's final flush does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
