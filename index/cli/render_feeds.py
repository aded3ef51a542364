"""Plain-text rendering of the watched feeds and of what polling them did, for a terminal."""

from ..feeds import AddedFeed, FeedReport, FeedRow, PollReport

NO_FEEDS = "No feeds are watched: add one with `newsbot feeds add URL`."


def feeds(rows: list[FeedRow]) -> str:
    """Each feed with its title, articles, last success and last error."""
    if not rows:
        return NO_FEEDS
    lines = [f"Feeds ({len(rows)}):"]
    for feed in rows:
        lines.append(f"  {feed.url}" + (f" · {feed.title}" if feed.title else ""))
        success = "never polled"
        if feed.last_success_at:
            success = f"last success {_when(feed.last_success_at)}"
        error = "no error"
        if feed.last_error and feed.last_error_at:
            error = f"last error {_when(feed.last_error_at)}: {feed.last_error}"
        lines.append(f"    {feed.articles} articles · {success} · {error}")
    return "\n".join(lines)


def added_feed(a: AddedFeed) -> str:
    named = f"{a.url} ({a.title})" if a.title else a.url
    if not a.new:
        return f"Already watching {named}: {a.entries} entries now."
    return f"Watching {named}: {a.entries} entries; `newsbot watch` ingests them."


def poll(r: PollReport) -> str:
    """One line per feed polled, each failure under its feed."""
    if not r.feeds:
        return NO_FEEDS
    added = sum(len(f.added) for f in r.feeds)
    updated = sum(len(f.updated) for f in r.feeds)
    failed = sum(len(f.failed) + bool(f.error) for f in r.feeds)
    lines = [
        f"Polled {len(r.feeds)} feeds at {r.started:%Y-%m-%d %H:%M} UTC: "
        f"{added} articles added, {updated} updated, {failed} failed"
    ]
    lines += [line for f in r.feeds for line in _feed_poll(f)]
    return "\n".join(lines)


def _feed_poll(f: FeedReport) -> list[str]:
    if f.error is not None:
        return [f"  {f.url}: failed: {f.error.reason}"]
    if f.not_modified:
        return [f"  {f.url}: not modified"]
    counts = f"{len(f.added)} added, {len(f.updated)} updated, {len(f.unchanged)} unchanged"
    counts += f", {len(f.failed)} failed"
    return [f"  {f.url}: {counts}", *(f"    failed: {e.source}: {e.reason}" for e in f.failed)]


def _when(iso: str) -> str:
    """A stored UTC time, to the minute."""
    return f"{iso[:10]} {iso[11:16]} UTC"
