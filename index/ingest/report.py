"""What an ingest reports: its progress as it goes, and what became of every source."""

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import SourceError

Progress = Callable[[str, int, int], None]
"""Called with (stage, done, total); stages are "read", "embed" and "index", and, when another
process is publishing (PostgreSQL), "waiting for newsbot <host>:<pid>'s publish" with 0 of 0."""


def no_progress(stage: str, done: int, total: int) -> None:
    pass


def waiting_for(progress: Progress) -> Callable[[str], None]:
    """What a publish tells ``progress`` when it waits for another process's (``Database.write``)."""
    return lambda holder: progress(f"waiting for {holder}'s publish", 0, 0)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[SourceError] = field(default_factory=list)
    embedded: int = 0  # passages run through the model
    reused: int = 0  # passages whose vectors came from the cache
    generation: int = 0
    # sources read but not stored, each with the source of the article it is (``read.identity``); they
    # are also listed as unchanged, unless their own earlier copy was removed
    duplicates: dict[str, str] = field(default_factory=dict)
    expired: list[str] = field(default_factory=list)  # sources read but dated before retention
