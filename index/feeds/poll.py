"""Reading feeds: checking a feed before it is watched, and polling a watched one.

A poll asks for the feed conditionally (a 304 ends it: nothing is parsed), then fetches the page of
each entry that is new, changed, or failed before (see ``store.MAX_ATTEMPTS``) as ``newsbot ingest
URL`` does, and ingests them all in one publish: a feed of fifty entries builds one new index
generation, not fifty. Every failure is recorded on the feed; none is raised.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SourceError
from ..ingest.indexer import IngestReport
from ..read.web import Pacer, fetch_feed
from .parse import Entry, parse_feed
from .store import FeedRow

if TYPE_CHECKING:
    from ..engine import Engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AddedFeed:
    url: str
    title: str | None
    entries: int  # entries with a web page, as the feed stands now
    new: bool  # False when the feed was already watched


@dataclass
class FeedReport:
    """What one poll of one feed did; ``error`` is set when the feed itself could not be read."""

    url: str
    not_modified: bool = False
    added: list[str] = field(default_factory=list)  # entry links ingested as new articles
    updated: list[str] = field(default_factory=list)  # entry links whose article changed
    unchanged: list[str] = field(default_factory=list)  # entries that changed, their article did not
    failed: list[SourceError] = field(default_factory=list)  # entry pages that could not be ingested
    error: SourceError | None = None


def add_feed(engine: "Engine", url: str) -> AddedFeed:
    """Watch the feed at ``url`` once it has been fetched and read as one; else SourceError."""
    url = url.strip()
    page = fetch_feed(url, engine.settings)
    assert page is not None  # no validators were sent, so no "not modified"
    feed = parse_feed(page)
    new = engine.feed_store.add(url, feed.title)
    return AddedFeed(url, feed.title, len(feed.entries), new)


def poll_feed(engine: "Engine", feed: FeedRow, pacer: Pacer) -> FeedReport:
    """Poll ``feed`` once; requests to one host wait for their turn on ``pacer``."""
    feeds = engine.feed_store
    report = FeedReport(feed.url)
    try:
        page = fetch_feed(feed.url, engine.settings, feed.etag, feed.last_modified, pacer)
        if page is None:
            report.not_modified = True
            feeds.record_success(feed.id, None, feed.etag, feed.last_modified)
            return report
        parsed = parse_feed(page)
    except SourceError as error:
        report.error = error
        feeds.record_error(feed.id, error.reason)
        return report
    seen = feeds.seen(feed.id)
    due = [
        entry
        for entry in parsed.entries
        if (before := seen.get(entry.key)) is None
        or before.fingerprint != entry.fingerprint
        or before.worth_retrying
    ]
    _ingest(engine, feed, due, pacer, report)
    if report.failed:
        first = report.failed[0]
        more = f" (and {len(report.failed) - 1} more entries)" if len(report.failed) > 1 else ""
        feeds.record_error(feed.id, f"entry {first.source}: {first.reason}{more}")
    feeds.record_success(feed.id, parsed.title, page.etag, page.last_modified)
    return report


def _ingest(engine: "Engine", feed: FeedRow, entries: list[Entry], pacer: Pacer, report: FeedReport) -> None:
    """Fetch the entries' pages, ingest them in one publish, and record what became of each."""
    fetched: list[tuple[Entry, Path, str]] = []
    for entry in entries:
        try:
            fetched.append((entry, *engine.fetch(entry.link, pacer)))
        except SourceError as error:
            _record(engine, feed, entry, None, error, report)
    if not fetched:
        return
    result = engine.ingest_pages([(path, url) for _, path, url in fetched])
    errors = {error.source: error for error in result.failed}
    for entry, path, _ in fetched:
        source = str(path.resolve())
        error = errors.get(source)
        kind = None if error else _outcome(report, result, source)
        kept = result.duplicates.get(source, source)  # a copy of an indexed article counts as it
        _record(engine, feed, entry, None if error else kept, error, report, kind)


def _outcome(report: FeedReport, result: IngestReport, source: str) -> list[str]:
    """The list of ``report`` an ingested entry belongs to: added, updated or unchanged."""
    if source in result.added:
        return report.added
    return report.updated if source in result.updated else report.unchanged


def _record(
    engine: "Engine",
    feed: FeedRow,
    entry: Entry,
    source: str | None,
    error: SourceError | None,
    report: FeedReport,
    kind: list[str] | None = None,
) -> None:
    """Note the entry's outcome in the report (``kind``: the list it belongs to) and on the feed."""
    if error is not None:
        report.failed.append(error)
        log.info("feed %s: %s", feed.url, error)
    elif kind is not None:
        kind.append(entry.link)
    engine.feed_store.record_entry(
        feed.id, entry.key, entry.link, entry.fingerprint, source, error.reason if error else None
    )
