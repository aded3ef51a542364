"""Fetching a page: what is refused (SSRF), what is retried, and the reason each failure gives."""

import gzip
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from quiet_http import QuietHandler
from urllib3 import HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from index.errors import SourceError
from index.read.web import Page, fetch_page
from index.read.web.addresses import Refused, parse_target
from index.read.web.download import USER_AGENT, _open
from index.settings import Settings

HTML = b"<html><head><title>Tide tables</title></head><body><p>High water at noon.</p></body></html>"
ONLY_PUBLIC = "only public addresses are fetched"


class Handler(QuietHandler):
    """Routes of the test server; ``hits`` counts requests per path."""

    hits: Counter[str]
    seen_hosts: list[str]

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.hits[path] += 1
        self.seen_hosts.append(self.headers["Host"])
        route = getattr(self, "route_" + path.strip("/").replace("-", "_"), None)
        if route is None:
            self.send_error(404)
        else:
            route()

    def reply(self, status: int, body: bytes = b"", content_type: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.reply(302, Location=location)

    def route_page(self) -> None:
        self.reply(200, HTML, "text/html; charset=UTF-8")

    def route_plain(self) -> None:
        self.reply(200, b"High water at noon.", "text/plain")

    def route_gzipped(self) -> None:
        self.reply(200, gzip.compress(HTML), "text/html", Content_Encoding="gzip")

    def route_moved(self) -> None:
        self.redirect("/page?from=moved")

    def route_loop(self) -> None:
        self.redirect("/loop")

    def route_to_metadata(self) -> None:
        self.redirect("http://169.254.169.254/latest/meta-data")

    def route_to_file(self) -> None:
        self.redirect("file:///etc/passwd")

    def route_broken(self) -> None:
        self.reply(500, b"oops")

    def route_busy(self) -> None:  # busy once, then fine
        if self.hits["/busy"] == 1:
            self.reply(503, Retry_After="0")
        else:
            self.route_page()

    def route_throttled(self) -> None:
        self.reply(429, Retry_After="120")

    def route_reset(self) -> None:  # the connection drops once without an answer, then fine
        if self.hits["/reset"] == 1:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            self.route_page()

    def route_slow(self) -> None:
        time.sleep(1.0)
        self.route_page()

    def route_trickle(self) -> None:  # headers at once, then a byte every 0.1 s
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(30):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.1)

    def route_huge_declared(self) -> None:  # says how large it is; the body is never sent
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "50000000")
        self.end_headers()

    def route_huge_undeclared(self) -> None:  # no Content-Length: read until the server closes
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(100):
            self.wfile.write(b"x" * 10_000)

    def route_pdf(self) -> None:
        self.reply(200, b"%PDF-1.7", "application/pdf")

    def route_untyped(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(HTML)


@pytest.fixture
def server() -> Iterator[tuple[str, type[Handler]]]:
    handler = type("TestHandler", (Handler,), {"hits": Counter(), "seen_hosts": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    httpd.shutdown()
    httpd.server_close()


def settings(tmp_path, allow: list[str] | None = None, **overrides) -> Settings:
    return Settings(data_dir=tmp_path, fetch_allow_hosts=allow or [], _env_file=None, **overrides)


@pytest.fixture
def allowed(tmp_path) -> Settings:
    return settings(tmp_path, ["127.0.0.1"], fetch_timeout=0.5, fetch_max_bytes=100_000)


def reason(url: str, config: Settings) -> str:
    with pytest.raises(SourceError) as caught:
        fetch_page(url, config)
    assert caught.value.source == url
    return caught.value.reason


# pages fetched ----------------------------------------------------------------------------------
def test_page_fetched_with_its_type_and_charset(server, allowed):
    base, handler = server
    page = fetch_page(f"{base}/page", allowed)
    assert page == Page(url=f"{base}/page", body=HTML, content_type="text/html", charset="utf-8")
    assert handler.seen_hosts == [base.removeprefix("http://")]


def test_redirect_followed_to_the_final_url(server, allowed):
    base, handler = server
    page = fetch_page(f"{base}/moved", allowed)
    assert page.url == f"{base}/page?from=moved"
    assert page.body == HTML
    assert handler.hits == {"/moved": 1, "/page": 1}


def test_plain_text_and_gzip_accepted(server, allowed):
    base, _ = server
    assert fetch_page(f"{base}/plain", allowed).content_type == "text/plain"
    assert fetch_page(f"{base}/gzipped", allowed).body == HTML


def test_user_agent_names_newsbot():
    assert USER_AGENT.startswith("newsbot/")


# refused before any connection -----------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/a.html", "data:text/html,hi", "gopher://x/", "example.com/a"],
)
def test_only_http_and_https(tmp_path, url):
    assert reason(url, settings(tmp_path)) == "only http and https URLs can be fetched"


def test_credentials_in_the_url_refused(tmp_path):
    reason_text = reason("http://admin:secret@example.com/", settings(tmp_path))
    assert reason_text == "URLs with a user name or password cannot be fetched"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address"),
        ("http://10.0.0.1/", "10.0.0.1 is a private address"),
        ("http://192.168.1.1/", "192.168.1.1 is a private address"),
        ("http://100.64.0.1/", "100.64.0.1 is a shared (carrier-grade NAT) address"),
        ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address"),
        ("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254 is a link-local address"),
        ("http://[2002:a9fe:a9fe::]/", "2002:a9fe:a9fe:: is a link-local address"),  # 6to4
        ("http://[fd00::1]/", "fd00::1 is a private address"),
        ("http://2130706433/", "2130706433 resolves to 127.0.0.1, a loopback address"),
    ],
)
def test_non_public_addresses_refused(tmp_path, url, expected):
    assert reason(url, settings(tmp_path)) == f"{expected}; {ONLY_PUBLIC}"


def test_localhost_refused_by_what_it_resolves_to(tmp_path):
    assert reason("http://localhost/", settings(tmp_path)).startswith("localhost resolves to ")


def test_allow_list_names_the_host_not_its_addresses(tmp_path):
    only_localhost = settings(tmp_path, ["localhost"])
    assert reason("http://127.0.0.1/page", only_localhost).startswith("127.0.0.1 is a loopback")


def test_dns_failure(tmp_path):
    assert reason("http://nonexistent.invalid/", settings(tmp_path)) == (
        "the host nonexistent.invalid could not be found"
    )


# redirects ---------------------------------------------------------------------------------------
def test_redirect_to_a_refused_address(server, allowed):
    base, _ = server
    assert reason(f"{base}/to-metadata", allowed) == (
        "redirected to http://169.254.169.254/latest/meta-data: "
        f"169.254.169.254 is a link-local address; {ONLY_PUBLIC}"
    )


def test_redirect_to_a_file_url(server, allowed):
    base, _ = server
    assert reason(f"{base}/to-file", allowed) == (
        "redirected to file:///etc/passwd: only http and https URLs can be fetched"
    )


def test_redirect_loop(server, allowed):
    base, handler = server
    assert reason(f"{base}/loop", allowed) == "too many redirects (more than 5)"
    assert handler.hits["/loop"] == 6


# DNS rebinding: the address checked is the address connected to ----------------------------------
def test_connects_to_the_address_it_checked(server, tmp_path, monkeypatch):
    """A second lookup of the name would fail: only the checked address is ever used."""
    base, handler = server
    port = base.rsplit(":", 1)[1]
    real = socket.getaddrinfo
    lookups = Counter()

    def getaddrinfo(host, *args, **kwargs):
        if host == "news.test":
            lookups[host] += 1
            if lookups[host] > 1:
                raise socket.gaierror(socket.EAI_NONAME, "rebound")
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    page = fetch_page(f"http://news.test:{port}/page", settings(tmp_path, ["news.test"]))
    assert page.body == HTML
    assert lookups["news.test"] == 1
    assert handler.seen_hosts == [f"news.test:{port}"]


def test_https_verifies_the_url_host_not_the_address(monkeypatch):
    """TLS goes to the checked address with SNI and the certificate check on the URL's host."""
    opened = {}

    def urlopen(pool, method, url, **kwargs):
        opened.update(pool=pool, url=url)
        raise NewConnectionError(pool, "stop here")

    monkeypatch.setattr(HTTPSConnectionPool, "urlopen", urlopen)
    target = parse_target("https://news.example:8443/a?b=1")
    with pytest.raises(Refused):
        _open(target, ["203.0.113.7"], Settings(_env_file=None), time.monotonic() + 1)
    pool = opened["pool"]
    assert (pool.host, pool.port, opened["url"]) == ("203.0.113.7", 8443, "/a?b=1")
    assert pool.conn_kw["server_hostname"] == pool.assert_hostname == "news.example"
    assert pool.headers["Host"] == "news.example:8443"


# HTTP failures, retries --------------------------------------------------------------------------
def test_not_found(server, allowed):
    base, _ = server
    assert reason(f"{base}/nothing-here", allowed) == "not found (HTTP 404)"


def test_server_error_retried_then_reported(server, tmp_path):
    base, handler = server
    config = settings(tmp_path, ["127.0.0.1"], fetch_timeout=2.0)
    assert reason(f"{base}/broken", config) == "the server answered HTTP 500"
    assert handler.hits["/broken"] == 3


def test_no_retry_past_the_deadline(server, allowed):
    """With 0.5 s in all, the second wait (0.2 s, then 0.4 s) would overrun it: reported instead."""
    base, handler = server
    assert reason(f"{base}/broken", allowed) == "the server answered HTTP 500"
    assert handler.hits["/broken"] == 2


def test_transient_503_retried(server, allowed):
    base, handler = server
    assert fetch_page(f"{base}/busy", allowed).body == HTML
    assert handler.hits["/busy"] == 2


def test_long_retry_after_not_waited_for(server, allowed):
    base, handler = server
    assert reason(f"{base}/throttled", allowed) == "the server answered HTTP 429"
    assert handler.hits["/throttled"] == 1


def test_dropped_connection_retried(server, allowed):
    base, handler = server
    assert fetch_page(f"{base}/reset", allowed).body == HTML
    assert handler.hits["/reset"] == 2


def test_connection_refused(tmp_path):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    config = settings(tmp_path, ["127.0.0.1"])
    assert reason(f"http://127.0.0.1:{port}/", config) == "127.0.0.1 refused the connection"


# time, size, type --------------------------------------------------------------------------------
def test_slow_answer_times_out(server, allowed):
    base, _ = server
    started = time.monotonic()
    assert reason(f"{base}/slow", allowed) == "127.0.0.1 did not answer within 0.5 s"
    assert time.monotonic() - started < 0.9


def test_trickling_body_stopped_at_the_deadline(server, allowed):
    base, _ = server
    started = time.monotonic()
    assert reason(f"{base}/trickle", allowed) == "the download took longer than 0.5 s"
    assert time.monotonic() - started < 1.2


@pytest.mark.parametrize("path", ["/huge-declared", "/huge-undeclared"])
def test_too_large(server, allowed, path):
    base, _ = server
    assert reason(base + path, allowed) == "the page is larger than 0.1 MB"


def test_too_large_said_in_megabytes(server, tmp_path):
    base, _ = server
    config = settings(tmp_path, ["127.0.0.1"], fetch_max_bytes=5_000_000)
    assert reason(f"{base}/huge-declared", config) == "the page is larger than 5 MB"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/pdf", "not a web page (content type application/pdf)"),
        ("/untyped", "not a web page (content type missing)"),
    ],
)
def test_not_a_web_page(server, allowed, path, expected):
    base, _ = server
    assert reason(base + path, allowed) == expected
