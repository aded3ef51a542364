"""Which URLs may be fetched, so that newsbot cannot be used to reach internal services (SSRF).

Every hop, the URL and each redirect, is checked before anything is sent: http or https only, no
user name or password, no control characters, and every address its host resolves to must be
public unless the host is in ``fetch_allow_hosts``. A URL a user types is checked the same way
before anything else is done with it (``web_address``).
"""

import ipaddress
import socket
from dataclasses import dataclass

from urllib3.exceptions import LocationValueError
from urllib3.util import parse_url

from ...errors import InputError, shown

MAX_URL_CHARS = 2000  # what browsers and servers commonly take
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """A user-facing reason; the fetch turns it into SourceError for the URL asked for."""


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str  # lower case, IDNA-encoded, IPv6 without brackets
    port: int
    request_uri: str  # path and query, percent-encoded
    host_header: str


def parse_target(url: str) -> Target:
    url = url.strip()
    if not url.isprintable():  # line breaks, escape sequences, bidi controls: never in a URL
        raise Refused("the URL has control characters")
    try:
        parts = parse_url(url)
    except LocationValueError as err:
        raise Refused("the URL is not valid") from err
    if parts.scheme not in ("http", "https"):
        raise Refused("only http and https URLs can be fetched")
    if parts.auth is not None:
        raise Refused("URLs with a user name or password cannot be fetched")
    if not parts.host:
        raise Refused("the URL has no host name")
    default_port = 443 if parts.scheme == "https" else 80
    return Target(
        url=url,
        scheme=parts.scheme,
        host=parts.host.strip("[]"),
        port=parts.port or default_port,
        request_uri=parts.request_uri,
        host_header=parts.host if parts.port in (None, default_port) else f"{parts.host}:{parts.port}",
    )


def web_address(typed: str) -> str:
    """A URL as a user types one (a feed's, say), checked as every hop is (``parse_target``) before
    anything is fetched: InputError with the reason for one that can never be fetched."""
    url = typed.strip()
    try:
        if len(url) > MAX_URL_CHARS:
            raise Refused(f"it is longer than {MAX_URL_CHARS} characters")
        parse_target(url)
    except Refused as refused:
        raise InputError(
            f"{shown(typed)} is not a web address newsbot can fetch: {refused} "
            "(give one such as https://example.org/feed.xml)"
        ) from None
    return url


def host_key(host: str) -> str:
    """One spelling per host, so the allow-list matches ``::1``, ``[::1]`` or ``Example.org.`` alike."""
    host = host.strip().strip("[]").rstrip(".").lower()
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def checked_addresses(target: Target, allowed: set[str]) -> list[str]:
    """Every address the host resolves to, all public unless the host is allowed; else Refused."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as err:
        raise Refused(f"the host {target.host} could not be found") from err
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if host_key(target.host) in allowed:
        return addresses
    for address in addresses:
        kind = _non_public(ipaddress.ip_address(address))
        if kind is None:
            continue
        if host_key(address) == host_key(target.host):
            raise Refused(f"{target.host} is {kind}; only public addresses are fetched")
        raise Refused(f"{target.host} resolves to {address}, {kind}; only public addresses are fetched")
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
