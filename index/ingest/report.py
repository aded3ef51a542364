"""What an ingest reports: its progress as it goes, and what became of every source."""

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import SourceError

Progress = Callable[[str, int, int], None]
"""Called with (stage, done, total); stages are "read", "embed" and "index"."""


def no_progress(stage: str, done: int, total: int) -> None:
    pass


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
