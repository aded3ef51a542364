"""RSS and Atom feeds: the list watched (``store``), reading one (``parse``), polling one
(``poll``) and polling them all on a schedule (``watch``). Entry pages are fetched and ingested
through the engine, exactly like ``newsbot ingest URL``."""

from .poll import AddedFeed, FeedReport
from .store import FeedRow, FeedStore
from .watch import PollReport

__all__ = ["AddedFeed", "FeedReport", "FeedRow", "FeedStore", "PollReport"]
