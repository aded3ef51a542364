"""Polling every watched feed on a schedule.

A round (``Feeds.poll_all``) is a plain blocking call: ``newsbot watch`` runs ``watch``, and the bot
runs rounds in a worker thread between ``asyncio.sleep(next_wait(settings))``. Rounds are
``feed_poll_minutes`` apart, give or take ``JITTER`` (so that many newsbots do not all ask a
server at the same moment), counted from the end of the previous round, so rounds never overlap.
"""

import random
import time
from collections.abc import Callable
from typing import NoReturn

from ..settings import Settings
from .poll import PollReport

JITTER = 0.1  # each wait is the poll interval ± 10 %


def next_wait(settings: Settings) -> float:
    """Seconds until the next round: the poll interval with its jitter."""
    return settings.feed_poll_minutes * 60 * random.uniform(1 - JITTER, 1 + JITTER)


def watch(
    poll_all: Callable[[], PollReport], settings: Settings, on_round: Callable[[PollReport], None]
) -> NoReturn:
    """Run a round, hand its report to ``on_round``, wait, and again, until interrupted."""
    while True:
        on_round(poll_all())
        time.sleep(next_wait(settings))
