"""Errors of the engine. The edges (CLI, bot) turn them into messages; nothing here prints."""


class NewsbotError(Exception):
    """Base of every error the engine raises on purpose.

    ``remedy`` names what fixes it: "ingest", "reindex" or "sources" (look at the list). Each edge
    words it as its own command: `newsbot reindex` in a terminal, /reindex in Discord.
    """

    def __init__(self, message: str = "", *, remedy: str | None = None) -> None:
        super().__init__(message)
        self.remedy = remedy


class SourceError(NewsbotError):
    """A file or URL could not be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InputError(NewsbotError, ValueError):
    """A value a user typed is not one newsbot takes (a period, a day, a server id, a URL…); the
    message names what is taken. Each kind of value is parsed in one place, at the edge: the
    command line exits with status 2 on it, the bot tells only who typed it."""


class QuestionError(InputError):
    """The question cannot be asked as given (empty, too long)."""


class NotFound(NewsbotError):
    """No article matches what was asked for."""


class ModelError(NewsbotError):
    """The embedding model cannot be loaded."""


class IndexNotReady(NewsbotError):
    """Nothing is indexed yet, or the index was built with another model."""


class IndexFilesMissing(IndexNotReady):
    """The files of the generation the store names are not in the segments folder: removed under
    a process that was slow to load them, or a NEWSBOT_SEGMENTS_DIR not shared with the publisher."""


class StoreError(NewsbotError):
    """The database cannot be used: unreachable, refused, or of a newer schema than this newsbot's."""


class MissingExtra(NewsbotError):
    """A command needs an optional part of newsbot that is not installed."""

    def __init__(self, extra: str, needs: str) -> None:
        super().__init__(
            f"{needs} needs newsbot's optional '{extra}' dependencies: pip install -e '.[{extra}]' "
            "in newsbot's environment (scripts/setup.sh installs them)"
        )


def one_line(message: str) -> str:
    """``message`` with what is not printable (line breaks, escape sequences, bidi controls)
    escaped as ``repr`` shows it: one line, which cannot move a terminal's cursor or colours."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def shown(typed: str, limit: int = 40) -> str:
    """What a user typed, as a message quotes it: ``repr`` (control, bidi and zero-width characters
    escaped, so the message stays one line and reads as typed), cut to about ``limit`` characters."""
    quoted = repr(typed)
    return quoted if len(quoted) <= limit else f"{quoted[: limit - 2]}…{quoted[-1]}"
