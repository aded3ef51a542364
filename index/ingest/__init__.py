"""Ingesting: documents split into passages, matched to the articles they are (de-duplication),
embedded where the cache lacks them, and published as one new generation; copies of fetched pages
and uploads kept in the data folder."""

from .copies import safe_name, save_page, save_upload
from .generation import CHUNK
from .indexer import Indexer
from .intake import Intake
from .passages import split_passages
from .report import IngestReport, Progress, no_progress
from .writing import Writing

__all__ = [
    "CHUNK",
    "Indexer",
    "IngestReport",
    "Intake",
    "Progress",
    "Writing",
    "no_progress",
    "safe_name",
    "save_page",
    "save_upload",
    "split_passages",
]
