"""The entry points: download one article page or one feed, following redirects, every hop checked.

Feeds (``fetch_feed``) go through the same checks and limits, with a conditional GET: the ETag and
Last-Modified of the last download are sent back, and a 304 answer means nothing changed. A
``Pacer`` shared by several downloads spaces the requests sent to one host (feed polling); the time
spent waiting for a host's turn does not count against the timeout.
"""

import logging
from urllib.parse import urljoin

from ...errors import SourceError
from ...settings import Settings
from .addresses import Refused, checked_addresses, host_key, parse_target
from .download import download
from .request import Pacer, Page, Request

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
# text/plain is accepted: the engine reads plain-text articles too; ``Page.content_type`` says which.
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# Feeds are served under many types; a web page is let through so that the feed reader can say
# "an HTML page, not a feed" rather than name a content type.
FEED_TYPES = PAGE_TYPES | {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


def fetch_page(url: str, settings: Settings, pacer: Pacer | None = None) -> Page:
    """Download the page at ``url``; raises SourceError with a short reason when it cannot."""
    page = _follow_redirects(url, Request(settings, "page", PAGE_TYPES, pacer))
    if page is None:  # only a conditional request takes a 304 for "not modified", and this one is not
        raise SourceError(url, "the server answered HTTP 304")
    return page


def fetch_feed(
    url: str,
    settings: Settings,
    etag: str | None = None,
    last_modified: str | None = None,
    pacer: Pacer | None = None,
) -> Page | None:
    """Download the feed at ``url``; None when the server says it has not changed since the
    download that gave ``etag`` and ``last_modified``. Raises SourceError like ``fetch_page``."""
    headers = {"Accept": _FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return _follow_redirects(url, Request(settings, "feed", FEED_TYPES, pacer, headers))


def _follow_redirects(url: str, request: Request) -> Page | None:
    """The page at ``url`` or where it redirects to, each hop checked before it is downloaded; None
    for "not modified". Raises SourceError for ``url`` with the reason any hop was refused."""
    allowed = {host_key(host) for host in request.settings.fetch_allow_hosts}
    current = url
    try:
        for hop in range(MAX_REDIRECTS + 1):
            try:
                target = parse_target(current)
                addresses = checked_addresses(target, allowed)
            except Refused as refused:
                if hop:
                    raise Refused(f"redirected to {current}: {refused}") from refused
                raise
            log.debug("fetching %s from %s", current, addresses)
            answer = download(target, addresses, request)
            if not isinstance(answer, str):
                return answer
            current = urljoin(current, answer)
        raise Refused(f"too many redirects (more than {MAX_REDIRECTS})")
    except Refused as refused:
        log.debug("cannot fetch %s: %s", url, refused, exc_info=refused.__cause__ is not None)
        raise SourceError(url, str(refused)) from refused
