"""The HTTP download of one checked URL: retries with backoff, the size cap, the charset.

The request goes to one of the addresses ``addresses.checked_addresses`` returned, never to a name
resolved again by urllib3, so a DNS answer that changes between check and use (DNS rebinding)
cannot redirect it; the Host header, TLS SNI and the certificate check still use the URL's host
name. Proxies from the environment are not used.

``fetch_timeout`` bounds the whole download, retries and redirects included: each connect and each
read may wait for what is left of it, and the deadline is checked between reads, so a server
trickling bytes is cut off at most one read's wait after it. Name resolution (the system's
``getaddrinfo``) is bounded by the resolver's own timeouts instead.
"""

import logging
import time
from importlib import metadata
from typing import Any

import certifi
from urllib3 import BaseHTTPResponse, HTTPConnectionPool, HTTPSConnectionPool, Timeout
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from ...settings import Settings
from .addresses import Refused, Target
from .request import Page, Request

log = logging.getLogger(__name__)

MAX_RETRIES = 2
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_BACKOFF = 0.2  # seconds before the first retry, doubled for the next
_MAX_RETRY_AFTER = 3.0  # a server asking to wait longer is not retried
_CHUNK = 64 * 1024

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


def download(target: Target, addresses: list[str], request: Request) -> Page | str | None:
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
                raise Refused(f"the connection to {target.host} was interrupted") from err
        except ReadTimeoutError as err:
            raise Refused(f"the download took longer than {settings.fetch_timeout:g} s") from err
        except SSLError as err:
            raise Refused(f"the secure connection to {target.host} failed") from err
        except HTTPError as err:
            raise Refused(f"the download from {target.host} failed") from err
        log.debug("retrying %s in %.2f s", target.url, wait)
        time.sleep(wait)
        attempt += 1


def _open(
    target: Target,
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
            raise Refused(f"{target.host} did not answer within {settings.fetch_timeout:g} s") from err
        log.debug("cannot connect to %s at %s: %s", target.host, address, failure)
    if isinstance(failure, NewConnectionError):
        if isinstance(failure.__cause__, ConnectionRefusedError):
            raise Refused(f"{target.host} refused the connection") from failure
        raise Refused(f"could not connect to {target.host}") from failure
    raise Refused(f"{target.host} did not answer within {settings.fetch_timeout:g} s") from failure


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


def _answer(target: Target, response: BaseHTTPResponse, request: Request) -> Page | str | None:
    settings, kind = request.settings, request.kind
    status = response.status
    if status in _REDIRECT_STATUSES:
        location = response.headers.get("Location")
        if not location:
            raise Refused(f"the server answered HTTP {status} without saying where to")
        return location
    if status == 304 and request.conditional:
        return None
    if status in (404, 410):
        raise Refused(f"not found (HTTP {status})")
    if not 200 <= status < 300:
        raise Refused(f"the server answered HTTP {status}")
    media_type, _, params = response.headers.get("Content-Type", "").partition(";")
    media_type = media_type.strip().lower()
    if media_type not in request.types:
        what = "a web page" if kind == "page" else "a feed"
        raise Refused(f"not {what} (content type {media_type or 'missing'})")
    too_large = Refused(f"the {kind} is larger than {_size(settings.fetch_max_bytes)}")
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
            raise Refused(f"the download took longer than {settings.fetch_timeout:g} s")
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
