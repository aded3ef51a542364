"""The types of the ``newsbot`` command's options, and its parser's one-line errors.

The values the engine takes (periods, days, server ids, outlets, URLs) are parsed by the engine's
own parsers (``index.Period.parse`` and the like: one place each, which the bot uses too), imported
only when an option is given, so that ``newsbot --help`` stays fast.
"""

import argparse
from collections.abc import Callable
from importlib import import_module
from typing import Any, NoReturn

from ..errors import InputError, one_line, shown
from .exits import EXIT_USAGE

MAX_COUNT = 1_000_000_000  # the most questions, articles or steps an option counts


class Parser(argparse.ArgumentParser):
    """Mistakes in what was typed end in one line on stderr and exit status 2, as engine errors
    end in one line; ``--help`` shows the usage."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"newsbot: {one_line(message)} (see: {self.prog} --help)\n")


def typed(parse: str | Callable[[str], object]) -> Callable[[str], object]:
    """The argparse type of a value the engine parses (``index.<parse>``, such as "Period.parse"),
    imported when an option is given, so that ``--help`` imports none of the engine; or of a
    parser given itself (the bot's, such as its shard ids). Its InputError becomes argparse's
    one-line error."""

    def parsed(text: str) -> object:
        found: Any = parse
        if isinstance(parse, str):
            found = import_module("..", __package__)
            for name in parse.split("."):
                found = getattr(found, name)
        try:
            return found(text)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parsed.__name__ = parse if isinstance(parse, str) else parse.__name__
    return parsed


def count(least: int) -> Callable[[str], int]:
    """The argparse type of a whole number from ``least`` to ``MAX_COUNT``, in digits 0-9."""

    def counted(text: str) -> int:
        from ..store.scopes import whole_number  # as --server's: digits 0-9, no more than it holds

        number = whole_number(text, MAX_COUNT)
        if number is None or number < least:
            raise argparse.ArgumentTypeError(
                f"{shown(text)} is not a whole number from {least} to {MAX_COUNT:,}"
            )
        return number

    return counted


def share(text: str) -> float:
    """The argparse type of a share: a decimal number from 0 to 1."""
    try:
        value = float(text) if text.isascii() else None
    except ValueError:
        value = None
    if value is None or not 0.0 <= value <= 1.0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a share: a number from 0 to 1, such as 0.3")
    return value
