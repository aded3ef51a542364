"""Errors of the bot's start-up, shown by the command line as one line."""

from index import NewsbotError


class BotError(NewsbotError):
    """The bot cannot start: no token, a refused token, Discord unreachable."""
