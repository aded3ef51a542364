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


class QuestionError(NewsbotError):
    """The question cannot be asked as given (empty, too long)."""


class NotFound(NewsbotError):
    """No article matches what was asked for."""


class ModelError(NewsbotError):
    """The embedding model cannot be loaded."""


class IndexNotReady(NewsbotError):
    """Nothing is indexed yet, or the index was built with another model."""


class MissingExtra(NewsbotError):
    """A command needs an optional part of newsbot that is not installed."""

    def __init__(self, extra: str, needs: str) -> None:
        super().__init__(
            f"{needs} needs newsbot's optional '{extra}' dependencies: pip install -e '.[{extra}]' "
            "in newsbot's environment (scripts/setup.sh installs them)"
        )
