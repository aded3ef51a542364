"""``newsbot run``, added to the command line through the ``newsbot.commands`` entry point (see
pyproject.toml), so that ``index`` never imports the bot. Nothing here imports discord until the
command runs, so ``newsbot --help`` stays fast."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index import Engine
    from index.cli import AddCommand

HELP = "start the Discord bot (DISCORD_TOKEN in the environment or .env)"


def register(command: AddCommand) -> None:
    command("run", _run, HELP)


def _run(engine: Engine, args: argparse.Namespace) -> int:
    """Runs until Ctrl+C; a bot that cannot start raises BotError, a NewsbotError the CLI shows."""
    from .runner import run

    print("newsbot: starting the Discord bot; Ctrl+C stops it", file=sys.stderr)
    run(engine)
    return 0
