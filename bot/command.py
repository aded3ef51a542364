"""``newsbot run``, added to the command line through the ``newsbot.commands`` entry point (see
pyproject.toml), so that ``index`` never imports the bot. Nothing here imports discord until the
command runs, so ``newsbot --help`` stays fast."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from index.cli import typed

from . import shards

if TYPE_CHECKING:
    from index import Engine
    from index.cli import AddCommand

HELP = "start the Discord bot (DISCORD_TOKEN in the environment or .env)"


def register(command: AddCommand) -> None:
    parser = command("run", _run, HELP)
    parser.add_argument(
        "--shards",
        type=typed(shards.shard_ids),
        metavar="IDS",
        help="run only these Discord shards, such as 0-3,8 (needs --shard-count); "
        "unset: every shard, as many as Discord recommends",
    )
    parser.add_argument(
        "--shard-count",
        type=typed(shards.shard_count),
        metavar="N",
        help=f"the number of shards the bot is split into across its processes, 1 to {shards.MAX_SHARDS:,}",
    )


def _run(engine: Engine, args: argparse.Namespace) -> int:
    """Runs until Ctrl+C; a bot that cannot start raises BotError, a NewsbotError the CLI shows."""
    shards.check(args.shards, args.shard_count)
    from .runner import run

    which = f" (shards {shards.format_ids(args.shards)} of {args.shard_count})" if args.shards else ""
    print(f"newsbot: starting the Discord bot{which}; Ctrl+C stops it", file=sys.stderr)
    run(engine, args.shards, args.shard_count)
    return 0
