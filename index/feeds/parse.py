"""A downloaded feed read by feedparser: its title, and its entries' ids and links.

feedparser reads RSS 0.9x–2.0, RSS 1.0 (RDF) and Atom, and forgives a lot: a feed that is not
well-formed XML but still gives entries is taken (feedparser's "bozo" flag alone is no reason to
refuse). What gives no entries and does not even parse as a feed is refused with the reason.
"""

import json
import logging
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from xml.sax import SAXParseException

import feedparser

from ..errors import SourceError
from ..read import Page
from ..text import sha256

log = logging.getLogger(__name__)

_HTML_SIGNS = (b"<!doctype html", b"<html")


@dataclass(frozen=True)
class Entry:
    key: str  # the entry's id (guid), else its link: what makes it the same entry in a later poll
    link: str  # the article page, an absolute http(s) URL
    fingerprint: str  # changes when the entry's link, date, title, summary or content changes


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: list[Entry]


def parse_feed(page: Page) -> Feed:
    """The feed in ``page``; raises SourceError when it is not an RSS or Atom feed."""
    if not page.body.strip():
        raise SourceError(page.url, "the feed is empty")
    headers = {"content-type": page.content_type, "content-location": page.url}
    if page.charset:
        headers["content-type"] += f"; charset={page.charset}"
    parsed = feedparser.parse(page.body, response_headers=headers)
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        raise SourceError(page.url, _not_a_feed(page, parsed.get("bozo_exception")))
    if parsed.get("bozo"):
        log.info("%s is not well-formed (%s); read what feedparser could", page.url, parsed.bozo_exception)
    entries = [entry for raw in parsed.entries if (entry := _entry(raw, page.url)) is not None]
    skipped = len(parsed.entries) - len(entries)
    if skipped:
        log.info("%s: %d entries without a web link skipped", page.url, skipped)
    return Feed(title=parsed.feed.get("title") or None, entries=list({e.key: e for e in entries}.values()))


def _not_a_feed(page: Page, problem: Exception | None) -> str:
    start = page.body[:1024].lstrip().lower()
    if page.content_type in ("text/html", "application/xhtml+xml") or start.startswith(_HTML_SIGNS):
        return "an HTML page, not an RSS or Atom feed"
    if isinstance(problem, SAXParseException):
        where = f"{problem.getMessage()} at line {problem.getLineNumber()}"
        return f"not an RSS or Atom feed: the XML is broken ({where})"
    return "not an RSS or Atom feed"


def _entry(raw: feedparser.FeedParserDict, base: str) -> Entry | None:
    link = raw.get("link") or ""
    link = urljoin(base, link.strip()) if link else ""
    if urlsplit(link).scheme not in ("http", "https"):
        return None
    # dict.get: feedparser's own get falls back from "updated" to "published", with a warning
    updated = dict.get(raw, "updated") or raw.get("published")
    contents = [c.get("value", "") for c in raw.get("content", [])]
    fingerprint = json.dumps([link, updated, raw.get("title"), raw.get("summary"), contents])
    return Entry(
        key=(raw.get("id") or "").strip() or link,
        link=link,
        fingerprint=sha256(fingerprint),
    )
