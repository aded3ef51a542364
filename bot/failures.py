"""What a user is told when something goes wrong; the log gets the rest."""

import logging

from discord import app_commands

from index import NewsbotError

from .worker import Busy

log = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong on the bot's side; the details are in its log."
REMEDIES = {
    "ingest": ": an admin can add news with /ingest",
    "reindex": ": an admin can run /reindex",
    "sources": "; /sources lists them",
}


def describe(error: BaseException) -> str:
    """A short message for ``error``; unexpected errors are logged with their traceback."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, app_commands.TransformerError) and isinstance(error.__cause__, NewsbotError):
        error = error.__cause__  # an option's value refused by its parser (``bot.options``)
    if isinstance(error, NewsbotError):
        log.info("refused: %s", error)
        return f"{error}{REMEDIES.get(error.remedy or '', '')}"
    if isinstance(error, Busy):
        return "An ingest or reindex is already running; try again when it has finished."
    if isinstance(error, app_commands.MissingPermissions):
        return "Only members with the Manage Server permission can do this."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in a server only."
    log.error("unexpected error", exc_info=error)
    return UNEXPECTED
