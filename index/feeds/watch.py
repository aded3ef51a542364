"""Polling every watched feed on a schedule.

``poll_all`` is one round, a plain blocking function: ``newsbot watch`` calls it in a loop, and the
bot can run it in a worker thread between ``asyncio.sleep(next_wait(settings))``. Rounds are
``feed_poll_minutes`` apart, give or take ``JITTER`` (so that many newsbots do not all ask a
server at the same moment), counted from the end of the previous round, so rounds never overlap.
"""

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NoReturn

from ..errors import SourceError
from ..read.web import Pacer
from ..settings import Settings
from .poll import FeedReport, poll_feed

if TYPE_CHECKING:
    from ..engine import Engine

log = logging.getLogger(__name__)

JITTER = 0.1  # each wait is the poll interval ± 10 %


@dataclass
class PollReport:
    started: datetime
    feeds: list[FeedReport] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.error or f.failed for f in self.feeds)


def poll_all(engine: "Engine") -> PollReport:
    """Poll every watched feed once, one after the other; one feed's failure never stops the rest.

    One ``Pacer`` spaces all requests of the round to a host, feeds and entry pages alike.
    """
    report = PollReport(datetime.now(UTC))
    pacer = Pacer(engine.settings.feed_host_delay)
    for feed in engine.feed_store.feeds():
        try:
            report.feeds.append(poll_feed(engine, feed, pacer))
        except Exception as error:  # a bug or a broken store must not end the watcher
            log.exception("polling %s failed", feed.url)
            engine.feed_store.record_error(feed.id, f"unexpected error: {error}")
            report.feeds.append(FeedReport(feed.url, error=SourceError(feed.url, str(error))))
    return report


def next_wait(settings: Settings) -> float:
    """Seconds until the next round: the poll interval with its jitter."""
    return settings.feed_poll_minutes * 60 * random.uniform(1 - JITTER, 1 + JITTER)


def watch(engine: "Engine", on_round: Callable[[PollReport], None]) -> NoReturn:
    """Poll every feed, hand the report to ``on_round``, wait, and again, until interrupted."""
    while True:
        on_round(poll_all(engine))
        time.sleep(next_wait(engine.settings))
