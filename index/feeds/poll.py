"""Reading feeds: checking a feed before it is watched, and polling watched ones.

A poll asks for the feed conditionally (a 304 ends it: nothing is parsed), then fetches the page of
each entry that is new, changed, or failed before (see ``store.MAX_ATTEMPTS``) as ``newsbot ingest
URL`` does, and ingests them all in one publish: a feed of fifty entries builds one new index
generation, not fifty. Every failure is recorded on the feed; none is raised.

``Feeds`` is handed what it uses: the feed tables, the settings, and ``EntryPages``, the two steps
of ingesting a page by URL, which the engine builds for it.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..errors import SourceError
from ..ingest import IngestReport
from ..read import Pacer, fetch_feed
from ..settings import Settings
from .parse import Entry, parse_feed
from .store import FeedRow, FeedStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EntryPages:
    """How a poll ingests its entries: ``fetch`` downloads one page (waiting for its host's turn on
    the pacer) and gives its kept copy and final URL; ``ingest`` ingests copies in one publish,
    giving them no owner: the poll gives them to the feed's watchers (``FeedStore.share``)."""

    fetch: Callable[[str, Pacer], tuple[Path, str]]
    ingest: Callable[[list[tuple[Path, str]]], IngestReport]


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


@dataclass
class PollReport:
    started: datetime
    feeds: list[FeedReport] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.error or f.failed for f in self.feeds)


class Feeds:
    """The watched feeds: adding, removing and listing them, and polling them."""

    def __init__(self, store: FeedStore, settings: Settings, pages: EntryPages) -> None:
        self.store = store
        self.settings = settings
        self.pages = pages

    def add(self, url: str, owner: int) -> AddedFeed:
        """``owner`` (``store.scopes``) watches the feed at ``url`` once it has been fetched and read
        as one; else SourceError."""
        url = url.strip()
        page = fetch_feed(url, self.settings)
        if page is None:  # only a request with validators can be answered "not modified"
            raise SourceError(url, "the server answered 'not modified' to a request that asked for the feed")
        feed = parse_feed(page)
        new = self.store.add(url, feed.title, owner)
        return AddedFeed(url, feed.title, len(feed.entries), new)

    def poll_all(self) -> PollReport:
        """Poll every watched feed once, one after the other; one feed's failure never stops the rest.

        One ``Pacer`` spaces all requests of the round to a host, feeds and entry pages alike.
        """
        report = PollReport(datetime.now(UTC))
        pacer = Pacer(self.settings.feed_host_delay)
        for feed in self.store.feeds():
            try:
                report.feeds.append(self.poll(feed, pacer))
            except Exception as error:  # a bug or a broken store must not end the watcher
                log.exception("polling %s failed", feed.url)
                self.store.record_error(feed.id, f"unexpected error: {error}")
                report.feeds.append(FeedReport(feed.url, error=SourceError(feed.url, str(error))))
        return report

    def poll(self, feed: FeedRow, pacer: Pacer) -> FeedReport:
        """Poll ``feed`` once; requests to one host wait for their turn on ``pacer``."""
        report = FeedReport(feed.url)
        try:
            page = fetch_feed(feed.url, self.settings, feed.etag, feed.last_modified, pacer)
            if page is None:
                report.not_modified = True
                self.store.record_success(feed.id, None, feed.etag, feed.last_modified)
                return report
            parsed = parse_feed(page)
        except SourceError as error:
            report.error = error
            self.store.record_error(feed.id, error.reason)
            return report
        seen = self.store.seen(feed.id)
        due = [
            entry
            for entry in parsed.entries
            if (before := seen.get(entry.key)) is None
            or before.fingerprint != entry.fingerprint
            or before.worth_retrying
        ]
        self._ingest(feed, due, pacer, report)
        self.store.share(feed.id)
        if report.failed:
            first = report.failed[0]
            more = f" (and {len(report.failed) - 1} more entries)" if len(report.failed) > 1 else ""
            self.store.record_error(feed.id, f"entry {first.source}: {first.reason}{more}")
        self.store.record_success(feed.id, parsed.title, page.etag, page.last_modified)
        return report

    def _ingest(self, feed: FeedRow, entries: list[Entry], pacer: Pacer, report: FeedReport) -> None:
        """Fetch the entries' pages, ingest them in one publish, and record what became of each."""
        fetched: list[tuple[Entry, Path, str]] = []
        for entry in entries:
            try:
                fetched.append((entry, *self.pages.fetch(entry.link, pacer)))
            except SourceError as error:
                self._record(feed, entry, None, error, report)
        if not fetched:
            return
        result = self.pages.ingest([(path, url) for _, path, url in fetched])
        errors = {error.source: error for error in result.failed}
        for entry, path, _ in fetched:
            source = str(path.resolve())
            error = errors.get(source)
            kind = None if error else _outcome(report, result, source)
            kept = result.duplicates.get(source, source)  # a copy of an indexed article counts as it
            self._record(feed, entry, None if error else kept, error, report, kind)

    def _record(
        self,
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
        self.store.record_entry(
            feed.id, entry.key, entry.link, entry.fingerprint, source, error.reason if error else None
        )


def _outcome(report: FeedReport, result: IngestReport, source: str) -> list[str]:
    """The list of ``report`` an ingested entry belongs to: added, updated or unchanged."""
    if source in result.added:
        return report.added
    return report.updated if source in result.updated else report.unchanged
