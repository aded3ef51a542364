"""Retention: how long an article stays in the index (``NEWSBOT_RETENTION_DAYS``; 0 keeps all).

An article is past retention when its date (``published``) is more than ``retention_days`` days
before today, or, for an undated one, when its current text was ingested (``ingested_at``, UTC)
more than that many days ago; re-ingesting changed text counts as a new ingest.

- **Search cuts it at once.** ``recency.When`` carries the ``Cut``: the search window starts on its
  first day and the passages of undated articles past it are left out by id, so answers, digests,
  ``newsbot sources``, autocomplete and summaries (``Store.articles``) never show it, even before
  anything is published again.
- **The next publish removes it** (``newsbot ingest``, ``reindex``, a feed poll that ingests), the
  way the article of a deleted file is removed: marked in the transaction that names the new
  generation and purged a generation later, so a crash or kill during that publish leaves the
  serving generation whole, and a reader still on the previous one finds every row it needs.
- **What arrives past it is not stored.** A document dated before the cut is read but not kept
  (``IngestReport.expired``); a new undated one is ingested now, so it is always kept.

Why 0 by default: newsbot also answers about the past. The sample news is from 2022 to 2024,
``ask --as-of`` asks as on a past day, and ``newsbot eval`` indexes 2022 articles: a 30-day default
would empty a fresh demo index at its first ingest and decline every question. Retention is for a
bot that follows feeds day after day; set it there.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta


@dataclass(frozen=True)
class Cut:
    """What retention lets through, as of one moment."""

    first_day: date  # articles published before this day are past retention
    ingested_from: str  # undated articles ingested before this UTC time (ISO, as ``ingested_at``) are too
    hidden: frozenset[int] = field(default=frozenset())  # live passages of undated articles past it

    def expired(self, published: str | None) -> bool:
        """Whether a document with this date is past retention (undated ones are ingested now: never)."""
        return published is not None and published < self.first_day.isoformat()


def cut(days: int, now: datetime | None = None) -> Cut | None:
    """The cut ``days`` days back from ``now`` (None: no retention when ``days`` is 0)."""
    if days <= 0:
        return None
    now = now or datetime.now(UTC)
    back = timedelta(days=days)
    return Cut(now.astimezone().date() - back, (now.astimezone(UTC) - back).isoformat(timespec="seconds"))
