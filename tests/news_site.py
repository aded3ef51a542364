"""A local news site for feed tests: a server on 127.0.0.1 and the feeds and articles it serves.

``serve()`` runs a ``Site`` in a thread; a test puts pages on it (an RSS or Atom feed written with
``rss`` or ``atom``, an article page written with ``article``, or a callable that answers the
request itself) and reads back the requests it saw.
"""

import email.utils
import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from quiet_http import QuietHandler

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
HTML_TYPE = "text/html; charset=utf-8"


# the server --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when it arrived


@dataclass(frozen=True)
class Served:
    body: bytes
    content_type: str
    etag: str
    last_modified: str


Page = Served | Callable[[BaseHTTPRequestHandler], None]  # a callable answers the request itself


class Site:
    """What the server serves (a test may change it between polls), and the requests it saw.

    Every page put has an ETag and a Last-Modified, and a matching conditional GET gets a 304, so
    a poll in which nothing changed fetches nothing.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.pages: dict[str, Page] = {}
        self.requests: list[Request] = []

    def url(self, path: str) -> str:
        return self.base + path

    def put(self, path: str, body: bytes, content_type: str = HTML_TYPE) -> None:
        etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
        self.pages[path] = Served(body, content_type, etag, email.utils.formatdate(usegmt=True))

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


class Handler(QuietHandler):
    site: Site

    def do_GET(self) -> None:
        self.site.requests.append(Request(self.path, dict(self.headers), time.monotonic()))
        served = self.site.pages.get(self.path)
        if served is None:
            self.send_error(404)
        elif callable(served):
            served(self)
        elif _not_modified(self.headers, served):
            self.send_response(304)
            self.send_header("ETag", served.etag)
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Content-Type", served.content_type)
            self.send_header("Content-Length", str(len(served.body)))
            self.send_header("ETag", served.etag)
            self.send_header("Last-Modified", served.last_modified)
            self.end_headers()
            self.wfile.write(served.body)


def _not_modified(headers: Message, served: Served) -> bool:
    """As HTTP says: If-None-Match decides when sent, else If-Modified-Since."""
    if "If-None-Match" in headers:
        return headers["If-None-Match"] == served.etag
    return headers.get("If-Modified-Since") == served.last_modified


@contextmanager
def serve() -> Iterator[Site]:
    """An empty site served on 127.0.0.1 from a thread until the block ends."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site = Site(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = type("SiteHandler", (Handler,), {"site": site})
    httpd.daemon_threads = True
    httpd.block_on_close = False
    threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True).start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()


# what it serves ----------------------------------------------------------------------------------
def article(title: str, *paragraphs: str, outlet: str) -> bytes:
    """An article page of ``outlet`` (its og:site_name)."""
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title><meta property='og:site_name' content='{outlet}'>"
        f"</head><body><article><h1>{title}</h1>{text}</article></body></html>"
    ).encode()


Item = tuple[str, str] | tuple[str, str, str]
"""A feed's entry: (article path, title), or (article path, title, date) with the date as the
format writes it (RSS: RFC 822, Atom: RFC 3339)."""

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
ATOM_UPDATED = "2025-06-02T08:00:00Z"  # an Atom feed's, and its undated entries'
ATOM_TAG = "tag:news.test,2025:"


def _entries(items: Iterable[Item], write: Callable[[str, str, str | None], str]) -> str:
    """The items written one after another by ``write(path, title, date or None)``."""
    return "".join(write(path, name, date[0] if date else None) for path, name, *date in items)


def rss(site: Site, title: str, *items: Item) -> bytes:
    """An RSS 2.0 feed; an item's date is its pubDate (none when it has none)."""

    def item(path: str, name: str, date: str | None) -> str:
        url = site.url(path)
        published = f"<pubDate>{date}</pubDate>" if date else ""
        return (
            f"<item><title>{name}</title><link>{url}</link><guid>{url}</guid>{published}"
            f"<description>{name}.</description></item>"
        )

    about = f"<title>{title}</title><link>{site.base}</link><description>Local news</description>"
    channel = f"<channel>{about}{_entries(items, item)}</channel>"
    return f'{XML_DECLARATION}<rss version="2.0">{channel}</rss>'.encode()


def atom(site: Site, title: str, *entries: Item) -> bytes:
    """An Atom feed; an entry's date is its updated (the feed's when it has none)."""

    def entry(path: str, name: str, date: str | None) -> str:
        return (
            f'<entry><id>{ATOM_TAG}{path}</id><title>{name}</title><link href="{site.url(path)}"/>'
            f"<updated>{date or ATOM_UPDATED}</updated><summary>{name}.</summary></entry>"
        )

    head = f"<title>{title}</title><id>{ATOM_TAG}feed</id><updated>{ATOM_UPDATED}</updated>"
    feed = f'<feed xmlns="http://www.w3.org/2005/Atom">{head}{_entries(entries, entry)}</feed>'
    return f"{XML_DECLARATION}{feed}".encode()
