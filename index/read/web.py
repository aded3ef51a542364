"""Downloading one article page, without letting newsbot be used to reach internal services (SSRF).

Every hop, the URL and each redirect, is checked before anything is sent: http or https only, no
user name or password, and every address its host resolves to must be public unless the host is in
``fetch_allow_hosts``. The request then goes to one of those checked addresses, never to a name
resolved again by urllib3, so a DNS answer that changes between check and use (DNS rebinding)
cannot redirect it; the Host header, TLS SNI and the certificate check still use the URL's host
name. Proxies from the environment are not used.

``fetch_timeout`` bounds the whole download, retries and redirects included: each connect and each
read may wait for what is left of it, and the deadline is checked between reads, so a server
trickling bytes is cut off at most one read's wait after it. Name resolution (the system's
``getaddrinfo``) is bounded by the resolver's own timeouts instead.

Feeds (``fetch_feed``) go through the same checks and limits, with a conditional GET: the ETag and
Last-Modified of the last download are sent back, and a 304 answer means nothing changed. A
``Pacer`` shared by several downloads spaces the requests sent to one host (feed polling); the time
spent waiting for a host's turn does not count against the timeout.
"""

import ipaddress
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any
from urllib.parse import urljoin

import certifi
from urllib3 import BaseHTTPResponse, HTTPConnectionPool, HTTPSConnectionPool, Timeout
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationValueError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.util import parse_url

from ..errors import SourceError
from ..settings import Settings

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
MAX_RETRIES = 2
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
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_BACKOFF = 0.2  # seconds before the first retry, doubled for the next
_MAX_RETRY_AFTER = 3.0  # a server asking to wait longer is not retried
_CHUNK = 64 * 1024
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

try:
    _VERSION = metadata.version("newsbot")
except metadata.PackageNotFoundError:
    _VERSION = "dev"
USER_AGENT = f"newsbot/{_VERSION} (news question bot; fetches the pages and feeds an admin asked for)"
_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
    "Accept-Encoding": "gzip, deflate",
}
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


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


class _Refused(Exception):
    """A user-facing reason; _fetch turns it into SourceError for the URL asked for."""


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # lower case, IDNA-encoded, IPv6 without brackets
    port: int
    request_uri: str  # path and query, percent-encoded
    host_header: str


@dataclass
class _Request:
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
            self.deadline += self.pacer.wait(_host_key(host))


def fetch_page(url: str, settings: Settings, pacer: Pacer | None = None) -> Page:
    """Download the page at ``url``; raises SourceError with a short reason when it cannot."""
    page = _fetch(url, _Request(settings, "page", PAGE_TYPES, pacer))
    assert page is not None  # only a conditional request takes a 304 for "not modified"
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
    return _fetch(url, _Request(settings, "feed", FEED_TYPES, pacer, headers))


def _fetch(url: str, request: _Request) -> Page | None:
    allowed = {_host_key(host) for host in request.settings.fetch_allow_hosts}
    current = url
    try:
        for hop in range(MAX_REDIRECTS + 1):
            try:
                target = _parse(current)
                addresses = _checked_addresses(target, allowed)
            except _Refused as refused:
                if hop:
                    raise _Refused(f"redirected to {current}: {refused}") from refused
                raise
            logger.debug("fetching %s from %s", current, addresses)
            answer = _download(target, addresses, request)
            if not isinstance(answer, str):
                return answer
            current = urljoin(current, answer)
        raise _Refused(f"too many redirects (more than {MAX_REDIRECTS})")
    except _Refused as refused:
        logger.debug("cannot fetch %s: %s", url, refused, exc_info=refused.__cause__ is not None)
        raise SourceError(url, str(refused)) from refused


def _parse(url: str) -> _Target:
    url = url.strip()
    try:
        parts = parse_url(url)
    except LocationValueError as err:
        raise _Refused("the URL is not valid") from err
    if parts.scheme not in ("http", "https"):
        raise _Refused("only http and https URLs can be fetched")
    if parts.auth is not None:
        raise _Refused("URLs with a user name or password cannot be fetched")
    if not parts.host:
        raise _Refused("the URL has no host name")
    default_port = 443 if parts.scheme == "https" else 80
    return _Target(
        url=url,
        scheme=parts.scheme,
        host=parts.host.strip("[]"),
        port=parts.port or default_port,
        request_uri=parts.request_uri,
        host_header=parts.host if parts.port in (None, default_port) else f"{parts.host}:{parts.port}",
    )


def _host_key(host: str) -> str:
    """One spelling per host, so the allow-list matches ``::1``, ``[::1]`` or ``Example.org.`` alike."""
    host = host.strip().strip("[]").rstrip(".").lower()
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def _checked_addresses(target: _Target, allowed: set[str]) -> list[str]:
    """Every address the host resolves to, all public unless the host is allowed; else _Refused."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as err:
        raise _Refused(f"the host {target.host} could not be found") from err
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if _host_key(target.host) in allowed:
        return addresses
    for address in addresses:
        kind = _non_public(ipaddress.ip_address(address))
        if kind is None:
            continue
        if _host_key(address) == _host_key(target.host):
            raise _Refused(f"{target.host} is {kind}; only public addresses are fetched")
        raise _Refused(f"{target.host} resolves to {address}, {kind}; only public addresses are fetched")
    return addresses


def _non_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of non-public address ``ip`` is, e.g. "a loopback address"; None when public."""
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv4 addresses carried inside IPv6 ones reach the IPv4 host: judge that one.
        teredo = ip.teredo or ()
        nat64 = [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)] if ip in _NAT64 else []
        for embedded in (ip.ipv4_mapped, ip.sixtofour, *teredo, *nat64):
            if embedded is not None and (kind := _non_public(embedded)):
                return kind
    kinds = (
        ("a loopback address", ip.is_loopback),
        ("a link-local address", ip.is_link_local),
        ("an unspecified address", ip.is_unspecified),
        ("a multicast address", ip.is_multicast),
        ("a shared (carrier-grade NAT) address", ip.version == 4 and ip in _SHARED),
        ("a private address", ip.is_private or (ip.version == 6 and ip.is_site_local)),
        ("a reserved address", ip.is_reserved),
        ("a non-public address", not ip.is_global),
    )
    return next((kind for kind, hit in kinds if hit), None)


def _download(target: _Target, addresses: list[str], request: _Request) -> Page | str | None:
    """The page at ``target``, the Location it redirects to, or None for "not modified";
    transient failures are retried."""
    settings = request.settings
    attempt = 0
    while True:
        may_retry = attempt < MAX_RETRIES
        request.take_turn(target.host)
        try:
            with _open(target, addresses, settings, request.deadline, request.headers) as response:
                wait = _retry_wait(response, attempt, request.deadline) if may_retry else None
                if wait is None:
                    return _answer(target, response, request)
        except ProtocolError as err:  # connection reset or closed before the answer was complete
            wait = _within(_BACKOFF * 2**attempt, request.deadline) if may_retry else None
            if wait is None:
                raise _Refused(f"the connection to {target.host} was interrupted") from err
        except ReadTimeoutError as err:
            raise _Refused(f"the download took longer than {settings.fetch_timeout:g} s") from err
        except SSLError as err:
            raise _Refused(f"the secure connection to {target.host} failed") from err
        except HTTPError as err:
            raise _Refused(f"the download from {target.host} failed") from err
        logger.debug("retrying %s in %.2f s", target.url, wait)
        time.sleep(wait)
        attempt += 1


def _open(
    target: _Target,
    addresses: list[str],
    settings: Settings,
    deadline: float,
    headers: dict[str, str] | None = None,
) -> BaseHTTPResponse:
    """Send the request to the first checked address that accepts a connection; headers read."""
    failure: Exception | None = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        options: dict[str, Any] = {
            "timeout": Timeout(connect=remaining, read=remaining),
            "retries": False,
            "headers": {**_HEADERS, **(headers or {}), "Host": target.host_header},
        }
        if target.scheme == "https":
            pool: HTTPConnectionPool = HTTPSConnectionPool(
                address,
                target.port,
                server_hostname=target.host,
                assert_hostname=target.host,
                cert_reqs="CERT_REQUIRED",
                ca_certs=certifi.where(),
                **options,
            )
        else:
            pool = HTTPConnectionPool(address, target.port, **options)
        try:
            return pool.urlopen("GET", target.request_uri, redirect=False, preload_content=False)
        except ConnectTimeoutError as err:  # NewConnectionError included
            failure = err
        except ReadTimeoutError as err:
            raise _Refused(f"{target.host} did not answer within {settings.fetch_timeout:g} s") from err
        logger.debug("cannot connect to %s at %s: %s", target.host, address, failure)
    if isinstance(failure, NewConnectionError):
        if isinstance(failure.__cause__, ConnectionRefusedError):
            raise _Refused(f"{target.host} refused the connection") from failure
        raise _Refused(f"could not connect to {target.host}") from failure
    raise _Refused(f"{target.host} did not answer within {settings.fetch_timeout:g} s") from failure


def _retry_wait(response: BaseHTTPResponse, attempt: int, deadline: float) -> float | None:
    """Seconds to wait before asking again, or None when this answer is final."""
    if response.status not in _RETRY_STATUSES:
        return None
    wait = _BACKOFF * 2**attempt
    retry_after = response.headers.get("Retry-After", "").strip()
    if retry_after.isdigit():  # the HTTP-date form is rare for short waits; the backoff stands then
        if int(retry_after) > _MAX_RETRY_AFTER:
            return None
        wait = float(retry_after)
    return _within(wait, deadline)


def _within(wait: float, deadline: float) -> float | None:
    """``wait`` if a retry after it still leaves time before the deadline, else None."""
    return wait if time.monotonic() + wait < deadline else None


def _answer(target: _Target, response: BaseHTTPResponse, request: _Request) -> Page | str | None:
    settings, kind = request.settings, request.kind
    status = response.status
    if status in _REDIRECT_STATUSES:
        location = response.headers.get("Location")
        if not location:
            raise _Refused(f"the server answered HTTP {status} without saying where to")
        return location
    if status == 304 and request.conditional:
        return None
    if status in (404, 410):
        raise _Refused(f"not found (HTTP {status})")
    if not 200 <= status < 300:
        raise _Refused(f"the server answered HTTP {status}")
    media_type, _, params = response.headers.get("Content-Type", "").partition(";")
    media_type = media_type.strip().lower()
    if media_type not in request.types:
        what = "a web page" if kind == "page" else "a feed"
        raise _Refused(f"not {what} (content type {media_type or 'missing'})")
    too_large = _Refused(f"the {kind} is larger than {_size(settings.fetch_max_bytes)}")
    length = response.headers.get("Content-Length", "").strip()
    if length.isdigit() and int(length) > settings.fetch_max_bytes:
        raise too_large
    body = bytearray()
    # read1 returns what one read of the socket gave, so the deadline is checked between reads
    while chunk := response.read1(_CHUNK):
        body += chunk
        if len(body) > settings.fetch_max_bytes:
            raise too_large
        if time.monotonic() > request.deadline:
            raise _Refused(f"the download took longer than {settings.fetch_timeout:g} s")
    return Page(
        url=target.url,
        body=bytes(body),
        content_type=media_type,
        charset=_charset(params),
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
    )


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip(' "'):
            return value.strip(' "').lower()
    return None


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 100_000 else f"{n / 1_000:g} kB"
