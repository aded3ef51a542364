"""Searching a published snapshot, as the reader's scope sees it (``served``): FAISS nearest
passages (``dense``) and BM25 (``lexical``) fused (``hybrid``), newer news first (``recency``),
follow-up questions read in their context."""

from .followup import Reading
from .hybrid import CANDIDATES, Hit, candidates, hybrid
from .lexical import terms
from .recency import When
from .served import Served
from .snapshot import Snapshot

__all__ = ["CANDIDATES", "Hit", "Reading", "Served", "Snapshot", "When", "candidates", "hybrid", "terms"]
