"""What each ``newsbot`` command does, given the engine and its parsed arguments.

Kept apart from the parser (``cli``) so that ``newsbot --help`` and a mistyped command import
none of the engine; a command's module is imported when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, NotFound
from ..feeds import PollReport
from ..feeds import watch as watch_feeds
from ..store import SHARED, SHARED_OWNER, Scope, become_writer, story_reference
from . import render, render_feeds
from .evaluation import EVALUATIONS
from .exits import EXIT_ERROR, EXIT_OK
from .following import FollowBook
from .progress import TqdmProgress

if TYPE_CHECKING:
    from ..engine import Engine


def ingest(engine: Engine, args: argparse.Namespace) -> int:
    """Files and folders in one ingest, then the URLs (anything with a scheme) in another."""
    urls = [given for given in args.paths if "://" in given]
    paths = [Path(given) for given in args.paths if "://" not in given]
    server = args.server or SHARED_OWNER
    with TqdmProgress() as progress:
        reports = [engine.ingest(paths, progress, server)] if paths else []
        reports += [engine.ingest_urls(urls, progress, server=server)] if urls else []
    print("\n".join(map(render.report, reports)))
    return EXIT_ERROR if any(report.failed for report in reports) else EXIT_OK


def reindex(engine: Engine, args: argparse.Namespace) -> int:
    with TqdmProgress() as progress:
        report = engine.reindex(progress)
    print(render.report(report))
    return EXIT_ERROR if report.failed else EXIT_OK


def compact(engine: Engine, args: argparse.Namespace) -> int:
    before = engine.store.generation()
    with TqdmProgress() as progress:
        report = engine.compact(progress)
    if report.generation == before:
        print(f"nothing to merge: generation {before} is one segment without removed passages")
    else:
        print(f"merged the index into one segment: generation {report.generation}")
    return EXIT_OK


def ask(engine: Engine, args: argparse.Namespace) -> int:
    scope = replace(_scope(args), outlet=args.outlet)
    answer = engine.ask(" ".join(args.question), args.after, args.as_of, scope, args.since)
    emphasis = sys.stdout.isatty() and not os.environ.get("NO_COLOR")  # https://no-color.org
    print(_json(answer.to_dict()) if args.json else render.answer(answer, emphasis))
    return EXIT_OK


def summary(engine: Engine, args: argparse.Namespace) -> int:
    print(render.summary(engine.summary(" ".join(args.article), _scope(args))))
    return EXIT_OK


def stories(engine: Engine, args: argparse.Namespace) -> int:
    print(render.stories(engine.stories(args.since, args.as_of, _scope(args)), args.since))
    return EXIT_OK


def briefing(engine: Engine, args: argparse.Namespace) -> int:
    made = engine.briefing(args.since, args.as_of, scope=_scope(args))
    print(_json(made.to_dict()) if args.json else render.briefing(made))
    return EXIT_OK


def digest(engine: Engine, args: argparse.Namespace) -> int:
    digest = engine.digest(" ".join(args.topic), _scope(args))
    print(_json(digest.to_dict()) if args.json else render.digest(digest))
    return EXIT_OK


def timeline(engine: Engine, args: argparse.Namespace) -> int:
    """The story named, day by day; a reference that names no story exits 2 (``story_reference``)."""
    made = engine.timeline(story_reference(" ".join(args.story)), _scope(args))
    print(_json(made.to_dict()) if args.json else render.timeline(made))
    return EXIT_OK


def follow(engine: Engine, args: argparse.Namespace) -> int:
    """Follow the story named, or print what it reported since the last time (``--list``: the
    stories followed)."""
    book = FollowBook(engine.store.database.beside("follows"))
    server = args.server or SHARED_OWNER
    if args.list:
        follows = [f.followed for f in book.all(server)]
        print(_json({"followed": [f.to_dict() for f in follows]}) if args.json else render.followed(follows))
        return EXIT_OK
    if not args.story:
        raise InputError("give the story to follow (a topic, an article's title words or its #id), or --list")
    scope = _scope(args)
    story = engine.follows.find(story_reference(" ".join(args.story)), scope)
    known = engine.follows.which(story, {f.id: f.followed for f in book.all(server)}, scope)
    update = engine.follows.follow(story) if known is None else known[1]
    book.put(server, update.followed, None if known is None else known[0])
    first = known is None
    print(_json(update.to_dict(first)) if args.json else render.follow_update(update, first))
    return EXIT_OK


def unfollow(engine: Engine, args: argparse.Namespace) -> int:
    """Stop following the story named; NotFound when it is not followed."""
    book = FollowBook(engine.store.database.beside("follows"))
    follows = {f.id: f.followed for f in book.all(args.server or SHARED_OWNER)}
    scope = _scope(args)
    story = engine.follows.find(story_reference(" ".join(args.story)), scope)
    known = engine.follows.which(story, follows, scope)
    if known is None:
        raise NotFound(f"the story {story.best.article.title!r} is not followed")
    book.remove(known[0])
    print(f"No longer following: {follows[known[0]].title}")
    return EXIT_OK


def eval(engine: Engine, args: argparse.Namespace) -> int:
    from ..eval import plot

    evaluation = importlib.import_module(f"..eval.{EVALUATIONS[args.kind]}", __package__)
    extra = {"articles_file": Path(args.articles)} if args.kind == "qa" and args.articles else {}
    extra |= {"half": args.half} if args.kind == "qa" else {}
    extra |= {"out": Path(args.out)} if args.kind in ("train", "train-reader") and args.out else {}
    if args.kind == "train-reader":
        extra |= {"steps": args.steps, "run_folder": Path(args.run_folder) if args.run_folder else None}
        extra |= {"retrieved": args.retrieved_negatives, "shared": args.shared}
    extra |= {"show": args.show} if args.kind == "stories" else {}
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


def _scope(args: argparse.Namespace) -> Scope:
    """What the command sees: with ``--server``, what that server sees; else the shared articles."""
    return Scope(args.server) if args.server else SHARED


def sources(engine: Engine, args: argparse.Namespace) -> int:
    """The articles (with ``--server``, which are the server's own), then the feeds watched."""
    own = engine.newsroom.own_articles(args.server) if args.server else None
    print(render.sources(engine.sources(_scope(args)), own))
    if feeds := engine.feeds(args.server or SHARED_OWNER):
        print(f"\n{render_feeds.feeds(feeds)}")
    return EXIT_OK


def insights(engine: Engine, args: argparse.Namespace) -> int:
    found = engine.newsroom.insights(args.server or SHARED_OWNER)
    print(_json(found.to_dict()) if args.json else render.insights(found, engine.settings.store_questions))
    return EXIT_OK


def feeds(engine: Engine, args: argparse.Namespace) -> int:
    """The shared feeds, or with ``--server`` that server's."""
    server = args.server or SHARED_OWNER
    if args.action == "add":
        print(render_feeds.added_feed(engine.add_feed(args.url, server)))
    elif args.action == "remove":
        engine.remove_feed(args.url, server)
        print(f"Stopped watching {args.url}; its articles stay indexed.")
    else:
        print(render_feeds.feeds(engine.feeds(server)))
    return EXIT_OK


def _waiting_to_poll(writer: str) -> None:
    print(f"newsbot: {writer} is the writer and polls the feeds; polling here once it stops", file=sys.stderr)


def _print_poll(report: PollReport) -> None:
    print(render_feeds.poll(report), flush=True)


def watch(engine: Engine, args: argparse.Namespace) -> int:
    """Polls the feeds as the writer (``index.store.writer``): not beside a bot that polls them."""
    if args.once:
        report = engine.poll_feeds()
        _print_poll(report)
        return EXIT_ERROR if report.failed else EXIT_OK
    minutes = engine.settings.feed_poll_minutes
    try:
        writer = engine.store.database.writer_lock()  # held until this function returns
        become_writer(writer, _waiting_to_poll)
        print(f"newsbot: polling the feeds every {minutes:g} minutes (± 10 %); Ctrl+C stops", file=sys.stderr)
        watch_feeds(engine.poll_feeds, engine.settings, _print_poll)
    except KeyboardInterrupt:
        print("newsbot: stopped watching", file=sys.stderr)
    return EXIT_OK
