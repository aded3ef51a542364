"""Feeds: adding, listing and removing them, and polling them politely into the index.

A local news site on 127.0.0.1 (news_site.py) serves feeds written here (RSS and Atom, their
entries linking to small article pages it also serves), real feeds from ../shared/eval/feeds, and
broken ones.
"""

import itertools
import signal
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urljoin

import pytest
from news_site import ATOM_TYPE, RSS_TYPE, Site, article, atom, rss, serve

from index.embed import Embedder
from index.engine import Engine
from index.errors import NotFound, SourceError
from index.feeds import EntryPages, Feeds, FeedStore, next_wait
from index.feeds.parse import parse_feed
from index.feeds.store import MAX_ATTEMPTS
from index.ingest import IngestReport
from index.read import Pacer, fetch_feed
from index.settings import DEFAULT_MODEL, Settings
from index.store import SHARED, SHARED_OWNER, Scope, Store

OUTLET = "Saltmarsh Gazette"


# the test server (news_site.py) and what it serves -----------------------------------------------
@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as site:
        yield site


FERRY = article(
    "Ferry timetable extended for the summer",
    "The island ferry will run until midnight from the first of July, the harbour board said on Tuesday.",
    "Extra crossings are planned on Fridays and Saturdays, when the number of visitors is highest.",
    outlet=OUTLET,
)
FERRY_CHANGED = article(
    "Ferry timetable extended for the summer",
    "The island ferry will run until midnight from the first of July, the harbour board said on Tuesday.",
    "The board later added a dawn crossing at half past five for fishermen and early commuters.",
    outlet=OUTLET,
)
LIBRARY = article(
    "Library reopens after roof repairs",
    "The town library reopened on Monday after eight months of repairs to its leaking slate roof.",
    "Volunteers carried four thousand books back onto the shelves over the weekend before the opening.",
    outlet=OUTLET,
)
REGATTA = article(
    "Regatta crews battle strong winds",
    "Twelve crews finished the annual estuary regatta on Sunday despite gusts of forty knots.",
    "The rowing club from the north shore won the main race for the third year running.",
    outlet=OUTLET,
)
PAYWALL = b"<html><head><title>Subscribe</title></head><body><nav>Subscribe to read on</nav></body></html>"

NEWS_ITEMS = [
    ("/news/ferry.html", "Ferry timetable extended", "Tue, 03 Jun 2025 09:00:00 GMT"),
    ("/news/library.html", "Library reopens", "Mon, 02 Jun 2025 10:00:00 GMT"),
]


def serve_news(site: Site) -> tuple[str, str]:
    """An RSS feed of two articles and an Atom feed of one; returns the two feeds' URLs."""
    site.put("/feeds/news.rss", rss(site, "Saltmarsh Gazette", *NEWS_ITEMS), RSS_TYPE)
    site.put(
        "/feeds/sport.atom",
        atom(site, "Gazette sport", ("/news/regatta.html", "Regatta", "2025-06-01T18:00:00Z")),
        ATOM_TYPE,
    )
    site.put("/news/ferry.html", FERRY)
    site.put("/news/library.html", LIBRARY)
    site.put("/news/regatta.html", REGATTA)
    return site.url("/feeds/news.rss"), site.url("/feeds/sport.atom")


def slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    handler.send_error(504)


def redirect_to_itself(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(302)
    handler.send_header("Location", handler.path)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def huge(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", RSS_TYPE)
    handler.end_headers()
    handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>')
    for _ in range(40):
        handler.wfile.write(b"<item><title>" + b"x" * 10_000 + b"</title></item>")


def server_error(handler: BaseHTTPRequestHandler) -> None:
    handler.send_error(500)


# engines ----------------------------------------------------------------------------------------
def settings(data_dir: Path, **overrides) -> Settings:
    values = {
        "fetch_allow_hosts": ["127.0.0.1"],
        "fetch_timeout": 1.0,
        "fetch_max_bytes": 200_000,
        "feed_host_delay": 0.0,
        **overrides,
    }
    return Settings(data_dir=data_dir, _env_file=None, **values)


@pytest.fixture(scope="module")
def model():
    """The real model, loaded once for this module's engines."""
    return Embedder(DEFAULT_MODEL).model


@pytest.fixture
def make_engine(tmp_path, model, backend) -> Callable[..., Engine]:
    """Engines over one data folder, on each backend (``backend`` sets NEWSBOT_DATABASE_URL)."""

    def make(**overrides) -> Engine:
        engine = Engine(settings(tmp_path / "data", **overrides))
        engine.embedder._model = model  # what Embedder.model would load again
        return engine

    return make


@pytest.fixture
def engine(make_engine) -> Engine:
    return make_engine()


def by_url(engine: Engine) -> dict:
    return {feed.url: feed for feed in engine.feeds()}


# adding, listing, removing ----------------------------------------------------------------------
def test_a_feed_is_checked_when_added_listed_and_removed(engine, site):
    news, sport = serve_news(site)
    added = engine.add_feed(news)
    assert (added.title, added.entries, added.new) == ("Saltmarsh Gazette", 2, True)
    assert engine.add_feed(f" {sport} ").entries == 1
    assert engine.add_feed(news).new is False
    feeds = engine.feeds()
    assert [(f.url, f.title, f.articles, f.last_success_at) for f in feeds] == [
        (news, "Saltmarsh Gazette", 0, None),
        (sport, "Gazette sport", 0, None),
    ]
    engine.remove_feed(news)
    assert [f.url for f in engine.feeds()] == [sport]
    with pytest.raises(NotFound, match=r"no feed .* is watched"):
        engine.remove_feed(news)


def test_a_feed_two_servers_watch_is_fetched_once_and_its_articles_are_both_servers(engine, site):
    news, _ = serve_news(site)
    server_a, server_b, server_c = 11, 22, 33
    engine.add_feed(news, server_a)
    engine.poll_feeds()
    ferry = "Ferry timetable extended for the summer"

    def sees(scope: Scope) -> bool:
        return ferry in {a.title for a in engine.sources(scope)}

    assert sees(Scope(server_a)) and not sees(Scope(server_b)) and not sees(SHARED)
    assert engine.add_feed(news, server_b).new  # its articles so far are server B's too, at once
    assert sees(Scope(server_b)) and not sees(Scope(server_c))
    assert [f.url for f in engine.feeds(server_b)] == [news] and engine.feeds(server_c) == []
    fetched = len(site.hits("/feeds/news.rss"))
    engine.poll_feeds()
    assert len(site.hits("/feeds/news.rss")) == fetched + 1  # one feed, polled once
    engine.remove_feed(news, server_a)
    assert sees(Scope(server_a))  # what a server's feed brought stays its own
    assert [f.url for f in engine.feeds(None)] == [news]  # server B still watches it
    with pytest.raises(NotFound):
        engine.remove_feed(news, server_a)
    engine.remove_feed(news, server_b)
    assert engine.feeds(None) == []


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/news/ferry.html", "an HTML page, not an RSS or Atom feed"),
        ("/feeds/missing.rss", "not found (HTTP 404)"),
        ("/feeds/cut.rss", "not an RSS or Atom feed: the XML is broken (no element found at line 1)"),
        ("/feeds/empty.rss", "the feed is empty"),
        ("/feeds/huge.rss", "the feed is larger than 0.2 MB"),
    ],
)
def test_what_is_not_a_feed_is_refused_with_its_reason(engine, site, path, says):
    serve_news(site)
    site.put("/feeds/cut.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut sh', RSS_TYPE)
    site.put("/feeds/empty.rss", b"", RSS_TYPE)
    site.pages["/feeds/huge.rss"] = huge
    with pytest.raises(SourceError) as refused:
        engine.add_feed(site.url(path))
    assert refused.value.reason == says
    assert engine.feeds() == []


# polling ----------------------------------------------------------------------------------------
def test_a_poll_ingests_new_entries_and_an_unchanged_feed_is_then_a_304(engine, site):
    news, sport = serve_news(site)
    engine.add_feed(news)
    engine.add_feed(sport)
    before = engine.store.generation()
    first = engine.poll_feeds()
    assert engine.store.generation() == before + 2  # one publish per feed, not one per entry
    assert [(f.url, sorted(f.added), f.failed, f.error) for f in first.feeds] == [
        (news, [site.url("/news/ferry.html"), site.url("/news/library.html")], [], None),
        (sport, [site.url("/news/regatta.html")], [], None),
    ]
    assert sorted(a.title for a in engine.sources()) == [
        "Ferry timetable extended for the summer",
        "Library reopens after roof repairs",
        "Regatta crews battle strong winds",
    ]
    assert [f.articles for f in engine.feeds()] == [2, 1]
    assert (
        "ferry will run until midnight" in engine.ask("Until when will the island ferry run?").quotes[0].text
    )

    site.requests.clear()
    generation = engine.store.generation()
    second = engine.poll_feeds()
    assert [f.not_modified for f in second.feeds] == [True, True]
    assert [r.path for r in site.requests] == ["/feeds/news.rss", "/feeds/sport.atom"]
    feed_page = site.pages["/feeds/news.rss"]
    assert site.requests[0].headers["If-None-Match"] == feed_page.etag
    assert site.requests[0].headers["If-Modified-Since"] == feed_page.last_modified
    assert engine.store.generation() == generation
    assert all(f.last_success_at and f.last_error is None for f in engine.feeds())


def test_a_changed_entry_is_ingested_again_and_a_new_one_added(engine, site):
    news, _ = serve_news(site)
    engine.add_feed(news)
    engine.poll_feeds()
    site.requests.clear()

    site.put("/news/ferry.html", FERRY_CHANGED)
    site.put("/news/regatta.html", REGATTA)
    changed_ferry = ("/news/ferry.html", "Ferry timetable extended", "Wed, 04 Jun 2025 07:00:00 GMT")
    regatta = ("/news/regatta.html", "Regatta", "Wed, 04 Jun 2025 08:00:00 GMT")
    site.put(
        "/feeds/news.rss", rss(site, "Saltmarsh Gazette", regatta, changed_ferry, NEWS_ITEMS[1]), RSS_TYPE
    )
    [report] = engine.poll_feeds().feeds
    assert (report.added, report.updated) == (
        [site.url("/news/regatta.html")],
        [site.url("/news/ferry.html")],
    )
    assert site.hits("/news/library.html") == []  # unchanged in the feed: not fetched again
    answer = engine.ask("When does the dawn ferry crossing leave?")
    assert "dawn crossing at half past five" in " ".join(q.text for q in answer.quotes)
    assert engine.feeds()[0].articles == 3


def test_failed_entry_pages_are_recorded_and_tried_again_when_the_feed_changes(engine, site):
    serve_news(site)
    site.put("/news/paywalled.html", PAYWALL)
    items = [
        ("/news/gone.html", "Gone", "Tue, 03 Jun 2025 09:00:00 GMT"),
        ("/news/paywalled.html", "Paid", "Tue, 03 Jun 2025 09:30:00 GMT"),
        NEWS_ITEMS[0],
    ]
    site.put("/feeds/news.rss", rss(site, "Saltmarsh Gazette", *items), RSS_TYPE)
    engine.add_feed(site.url("/feeds/news.rss"))
    [report] = engine.poll_feeds().feeds
    assert report.added == [site.url("/news/ferry.html")]
    assert [(e.source, e.reason) for e in report.failed] == [
        (site.url("/news/gone.html"), "not found (HTTP 404)"),
        (site.url("/news/paywalled.html"), "no article text found"),
    ]
    [feed] = engine.feeds()
    assert (
        feed.last_error == f"entry {site.url('/news/gone.html')}: not found (HTTP 404) (and 1 more entries)"
    )
    assert feed.last_success_at and feed.last_error_at and feed.articles == 1

    for n in range(MAX_ATTEMPTS + 1):  # the feed changes each time; the failures are retried, then left
        site.put("/feeds/news.rss", rss(site, f"Saltmarsh Gazette, edition {n}", *items), RSS_TYPE)
        engine.poll_feeds()
    assert len(site.hits("/news/gone.html")) == MAX_ATTEMPTS
    assert len(site.hits("/news/ferry.html")) == 1


def test_broken_feeds_are_recorded_on_the_feed_and_the_next_feed_is_still_polled(engine, site):
    news, _ = serve_news(site)
    site.pages.update(
        {
            "/feeds/slow.rss": slow,
            "/feeds/loop.rss": redirect_to_itself,
            "/feeds/huge.rss": huge,
            "/feeds/error.rss": server_error,
        }
    )
    broken = {
        "/news/library.html": "an HTML page, not an RSS or Atom feed",
        "/feeds/slow.rss": "127.0.0.1 did not answer within 1 s",
        "/feeds/error.rss": "the server answered HTTP 500",
        "/feeds/loop.rss": "too many redirects (more than 5)",
        "/feeds/huge.rss": "the feed is larger than 0.2 MB",
        "/feeds/missing.rss": "not found (HTTP 404)",
    }
    unknown_host = "http://nonexistent.invalid/feed.rss"
    for url in [*map(site.url, broken), unknown_host]:  # as if they had been feeds when added
        FeedStore(engine.store).add(url, None, SHARED_OWNER)
    engine.add_feed(news)
    report = engine.poll_feeds()
    assert {f.url: f.error.reason for f in report.feeds if f.error} == {
        **{site.url(p): r for p, r in broken.items()},
        unknown_host: "the host nonexistent.invalid could not be found",
    }
    assert len(report.feeds[-1].added) == 2
    feeds = by_url(engine)
    for path, reason in broken.items():
        feed = feeds[site.url(path)]
        assert (feed.last_error, feed.last_success_at, feed.articles) == (reason, None, 0)
        assert feed.last_error_at
    assert feeds[news].last_error is None and feeds[news].articles == 2


def test_an_unexpected_failure_is_recorded_on_its_feed_and_polling_goes_on(engine, site):
    news, sport = serve_news(site)

    def broken_for_the_ferry(url: str, pacer: Pacer) -> tuple[Path, str]:
        if url.endswith("/ferry.html"):
            raise RuntimeError("disk on fire")
        return engine.intake.fetch(url, pacer)

    feeds = Feeds(
        FeedStore(engine.store), engine.settings, EntryPages(broken_for_the_ferry, engine.ingest_pages)
    )
    feeds.add(news, SHARED_OWNER)
    feeds.add(sport, SHARED_OWNER)
    failed, polled = feeds.poll_all().feeds
    assert failed.error.reason == "disk on fire"
    assert polled.added == [site.url("/news/regatta.html")]
    assert by_url(engine)[news].last_error == "unexpected error: disk on fire"


def test_polling_is_handed_a_store_and_the_steps_of_ingesting_a_page_not_an_engine(
    tmp_path, site, store_target
):
    news, _ = serve_news(site)
    fetched: list[str] = []
    published: list[list[str]] = []

    def fetch(url: str, pacer: Pacer) -> tuple[Path, str]:
        fetched.append(url)
        copy = tmp_path / f"page-{len(fetched)}.html"
        copy.write_text(url)
        return copy, url

    def ingest(pages: list[tuple[Path, str]]) -> IngestReport:
        published.append(sorted(url for _, url in pages))
        return IngestReport(added=[str(path.resolve()) for path, _ in pages])

    feeds = Feeds(FeedStore(Store(store_target)), settings(tmp_path), EntryPages(fetch, ingest))
    assert feeds.add(news, SHARED_OWNER).entries == 2
    entries = sorted([site.url("/news/ferry.html"), site.url("/news/library.html")])
    assert sorted(feeds.poll_all().feeds[0].added) == entries
    assert published == [entries]  # the feed's entries in one publish
    assert feeds.poll_all().feeds[0].not_modified
    assert published == [entries] and sorted(fetched) == entries


def test_polls_are_the_interval_apart_give_or_take_ten_percent(tmp_path):
    waits = [next_wait(settings(tmp_path, feed_poll_minutes=15)) for _ in range(200)]
    assert 810 <= min(waits) < 840 and 960 < max(waits) <= 990


def test_requests_to_one_host_wait_for_the_host_delay(make_engine, site):
    """Feeds and entry pages alike: the entries here are all missing, so nothing but the delay waits."""
    engine = make_engine(feed_host_delay=0.2)
    for name in ("a", "b"):
        items = [(f"/news/{name}{n}.html", f"Story {n}", "Tue, 03 Jun 2025 09:00:00 GMT") for n in range(3)]
        site.put(f"/feeds/{name}.rss", rss(site, name, *items), RSS_TYPE)
        FeedStore(engine.store).add(site.url(f"/feeds/{name}.rss"), name, SHARED_OWNER)
    engine.poll_feeds()
    times = [r.at for r in site.requests]
    assert len(times) == 8
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # arrivals jitter with the machine's load, so one gap may be short of the delay by what its
    # neighbour is long; together they span seven delays, and none comes close to none at all
    assert times[-1] - times[0] > 7 * 0.19 and min(gaps) > 0.1, gaps


# real feeds (../shared/eval/feeds) ----------------------------------------------------------------
@pytest.mark.shared
def test_real_feeds_give_the_links_rss_parser_finds(engine, site, shared_eval):
    import json

    fixtures = shared_eval / "feeds" / "rss_parser_fixtures"
    checked = 0
    for expected_file in sorted((fixtures / "expected_output").glob("*.json")):
        [feed_file] = (fixtures / "input").glob(expected_file.stem + ".*")
        site.put(f"/real/{feed_file.name}", feed_file.read_bytes(), "text/xml")
        url = site.url(f"/real/{feed_file.name}")
        expected = json.loads(expected_file.read_bytes().decode("utf-8", "replace"))["feed"].get("items", [])
        links = [urljoin(url, item["link"].strip()) for item in expected if item.get("link")]
        page = fetch_feed(url, engine.settings.model_copy(update={"fetch_max_bytes": 2_000_000}))
        assert [e.link for e in parse_feed(page).entries] == [u for u in links if u.startswith("http")], (
            feed_file.name
        )
        checked += 1
    assert checked >= 25


@pytest.mark.shared
def test_ill_formed_feeds_without_entries_are_refused_and_polling_goes_on(engine, site, shared_eval):
    news, _ = serve_news(site)
    illformed = shared_eval / "feeds" / "feedparser_tests" / "illformed"
    for name in ("aaa_illformed.xml", "rss_empty_document.xml", "undeclared_namespace.xml"):
        site.put(f"/real/{name}", (illformed / name).read_bytes(), "application/xml")
        with pytest.raises(SourceError, match="not an RSS or Atom feed: the XML is broken"):
            engine.add_feed(site.url(f"/real/{name}"))
    FeedStore(engine.store).add(site.url("/real/aaa_illformed.xml"), None, SHARED_OWNER)
    engine.add_feed(news)
    broken, good = engine.poll_feeds().feeds
    assert broken.error.reason == "not an RSS or Atom feed: the XML is broken (unclosed token at line 7)"
    assert len(good.added) == 2
    unrecognized = shared_eval / "feeds" / "rss_parser_fixtures" / "input" / "unrecognized.rss"
    site.put("/real/unrecognized.rss", unrecognized.read_bytes(), RSS_TYPE)
    with pytest.raises(SourceError, match="not an RSS or Atom feed"):
        engine.add_feed(site.url("/real/unrecognized.rss"))


# the command line --------------------------------------------------------------------------------
def test_feeds_add_list_and_remove_on_the_command_line(tmp_path, site, newsbot_command):
    news, _ = serve_news(site)
    env = {"NEWSBOT_FETCH_ALLOW_HOSTS": "127.0.0.1"}

    def newsbot(*args):
        return newsbot_command.run(tmp_path, *args, settings=env)

    added = newsbot("feeds", "add", news)
    assert (added.returncode, added.stdout.strip()) == (
        0,
        f"Watching {news} (Saltmarsh Gazette): 2 entries; `newsbot watch` ingests them.",
    )
    page = site.url("/news/ferry.html")
    refused = newsbot("feeds", "add", page)
    assert (refused.returncode, refused.stderr.strip()) == (
        1,
        f"newsbot: {page}: an HTML page, not an RSS or Atom feed",
    )
    listed = newsbot("feeds", "list").stdout.splitlines()
    assert listed == [
        "Feeds (1):",
        f"  {news} · Saltmarsh Gazette",
        "    0 articles · never polled · no error",
    ]
    assert (
        newsbot("feeds", "remove", news).stdout.strip()
        == f"Stopped watching {news}; its articles stay indexed."
    )
    assert (
        newsbot("feeds", "list").stdout.strip()
        == "No feeds are watched: add one with `newsbot feeds add URL`."
    )
    gone = newsbot("feeds", "remove", news)
    assert (gone.returncode, gone.stderr.strip()) == (
        1,
        f"newsbot: no feed {news} is watched; `newsbot sources` lists them",
    )


def test_watch_once_ingests_and_sources_shows_each_feeds_status(tmp_path, site, newsbot_command):
    news, sport = serve_news(site)
    env = {"NEWSBOT_FETCH_ALLOW_HOSTS": "127.0.0.1", "NEWSBOT_FEED_HOST_DELAY": "0"}

    def newsbot(*args):
        return newsbot_command.run(tmp_path, *args, settings=env)

    for url in (news, sport):
        assert newsbot("feeds", "add", url).returncode == 0
    del site.pages["/feeds/sport.atom"]
    watched = newsbot("watch", "--once")
    assert watched.returncode == 1, watched.stderr  # a feed failed
    lines = watched.stdout.splitlines()
    assert lines[0].startswith("Polled 2 feeds at ")
    assert lines[0].endswith(" UTC: 2 articles added, 0 updated, 1 failed")
    assert lines[1:] == [
        f"  {news}: 2 added, 0 updated, 0 unchanged, 0 failed",
        f"  {sport}: failed: not found (HTTP 404)",
    ]

    sources = newsbot("sources").stdout
    articles, feeds = sources.split("\n\nFeeds (2):\n")
    assert len(articles.splitlines()) == 3  # the header and two articles
    news_status, sport_status = feeds.splitlines()[1], feeds.splitlines()[3]
    assert news_status.startswith("    2 articles · last success ") and news_status.endswith(" · no error")
    assert sport_status.startswith("    0 articles · never polled · last error ")
    assert sport_status.endswith(" UTC: not found (HTTP 404)")


def test_ctrl_c_stops_the_watcher_cleanly(tmp_path, newsbot_command):
    watcher = newsbot_command.start(tmp_path, "watch")
    assert watcher.stderr is not None
    started = watcher.stderr.readline().decode()
    assert started.startswith("newsbot: polling the feeds every 15 minutes (± 10 %)")
    watcher.send_signal(signal.SIGINT)
    assert watcher.wait(timeout=30) == 0
    assert watcher.stderr.read().decode() == "newsbot: stopped watching\n"


def test_feeds_watched_before_servers_had_their_own_stay_shared(store_target):
    store = Store(store_target)
    FeedStore(store).add("https://news.example/feed.rss", "Example", SHARED_OWNER)
    with store.write() as tx:  # as a newsbot from before servers had feeds of their own left it
        tx.execute("DROP TABLE feed_watchers")
        tx.execute("DROP TABLE schema_versions")
    feeds = FeedStore(Store(store_target))
    [shared] = feeds.feeds(SHARED_OWNER)
    assert shared.shared and [f.url for f in feeds.feeds(77)] == ["https://news.example/feed.rss"]
