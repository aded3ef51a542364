"""Searching a published snapshot, as the reader's scope sees it (``served``): FAISS nearest
passages (``dense``) and BM25 (``lexical``) fused (``hybrid``), newer news first (``recency``),
follow-up questions read in their context; the days a reader names (``days``)."""

from .days import LAST_DAY, Period, calendar_day
from .followup import Reading
from .hybrid import CANDIDATES, Hit, candidates, hybrid
from .lexical import terms
from .recency import When
from .served import Served
from .snapshot import Snapshot

__all__ = [
    "CANDIDATES",
    "LAST_DAY",
    "Hit",
    "Period",
    "Reading",
    "Served",
    "Snapshot",
    "When",
    "calendar_day",
    "candidates",
    "hybrid",
    "terms",
]
