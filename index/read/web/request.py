"""What one download asks for and gives back: the ``Page``, the ``Pacer`` that spaces the requests
sent to one host, and the ``Request`` that carries a download's settings and deadline."""

import threading
import time
from dataclasses import dataclass, field

from ...settings import Settings
from .addresses import host_key


@dataclass(frozen=True)
class Page:
    url: str  # final URL after redirects
    body: bytes
    content_type: str  # one of PAGE_TYPES (FEED_TYPES for a feed)
    charset: str | None  # from the Content-Type header; the HTML may declare its own
    etag: str | None = None  # validators to send back in a conditional GET (feeds)
    last_modified: str | None = None


class Pacer:
    """Spaces the requests sent to one host at least ``delay`` seconds apart, across threads."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._next: dict[str, float] = {}  # host → when its next request may be sent
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Sleep until ``host``'s turn, which is then taken; returns the seconds slept."""
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._next.get(host, now))
            self._next[host] = turn + self.delay
        if turn > now:
            time.sleep(turn - now)
        return turn - now


@dataclass
class Request:
    """One download: what it accepts and sends besides the usual headers, and by when it must end."""

    settings: Settings
    kind: str  # "page" or "feed", as reasons name it
    types: frozenset[str]
    pacer: Pacer | None
    headers: dict[str, str] = field(default_factory=dict)
    deadline: float = field(init=False)

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.settings.fetch_timeout

    @property
    def conditional(self) -> bool:
        return "If-None-Match" in self.headers or "If-Modified-Since" in self.headers

    def take_turn(self, host: str) -> None:
        """Wait for ``host``'s turn; the wait is not counted against the timeout."""
        if self.pacer is not None:
            self.deadline += self.pacer.wait(host_key(host))
