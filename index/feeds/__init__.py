"""RSS and Atom feeds: the list watched (``store``), reading one (``parse``), polling them
(``poll``) and doing so on a schedule (``watch``). Polling is handed the feed tables and the two
steps of ingesting a page by URL (``EntryPages``), never the engine: entry pages are fetched and
ingested exactly like ``newsbot ingest URL``."""

from .poll import AddedFeed, EntryPages, FeedReport, Feeds, PollReport
from .store import FeedRow, FeedStore
from .watch import next_wait, watch

__all__ = [
    "AddedFeed",
    "EntryPages",
    "FeedReport",
    "FeedRow",
    "FeedStore",
    "Feeds",
    "PollReport",
    "next_wait",
    "watch",
]
