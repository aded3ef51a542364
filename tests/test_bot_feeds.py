"""Feeds through Discord: /feeds add|list|remove for server managers, and the bot polling them.

A bot of its own (a fresh index, feeds polled every fraction of a second) runs against the stand-in,
and a local news site on 127.0.0.1 (news_site.py) serves two small feeds and their article pages,
written here. One feed is watched before the bot starts, as ``newsbot feeds add`` would leave it;
the other is added with /feeds add. The tests run in order, each from where the one before left the bot.
"""

import asyncio
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from news_site import ATOM_TYPE, RSS_TYPE, Site, article, atom, rss, serve

from bot import polling
from bot.render import embeds
from bot.render.layout import DESCRIPTION, MESSAGE_EMBEDS, TITLE
from bot.worker import Busy
from index import FeedRow, Scope, no_progress

MANAGE_GUILD = 1 << 5
POLL_MINUTES = 0.005  # a round every 0.3 s (± 10 %)
OUTLET = "Millbrook Courier"


# the news site (news_site.py) -------------------------------------------------------------------
FOOTBRIDGE = article(
    "Footbridge over the Mill River reopens",
    "The footbridge over the Mill River reopened on Thursday after the council replaced its rotten "
    "oak deck with planks of recycled plastic.",
    "Walkers had faced a two-mile detour through the industrial estate for most of the winter.",
    outlet=OUTLET,
)
ORCHARD = article(
    "Community orchard plants ninety apple trees",
    "Volunteers planted ninety young apple trees on the old bowling green to start a community orchard.",
    "Local schools chose the varieties, among them russets and a cooking apple first grown in the valley.",
    outlet=OUTLET,
)
NIGHT_BUSES = article(
    "Night buses return to the valley",
    "Night buses will run between Millbrook and the station every hour on Fridays and Saturdays from May.",
    "The service was cut three years ago when the operator could not find enough drivers.",
    outlet=OUTLET,
)
WEIR = article(
    "Salmon counted climbing the new fish pass",
    "Rangers counted forty salmon climbing the new fish pass at Saltings weir in its first week.",
    "The pass lets fish around the weir for the first time since the mill was built two centuries ago.",
    outlet=OUTLET,
)

COURIER_ITEMS = [("/news/footbridge", "Footbridge reopens"), ("/news/orchard", "Orchard planted")]


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The Courier's RSS feed, the Observer's Atom feed, and their article pages."""
    with serve() as site:
        site.put("/courier.rss", rss(site, "Millbrook Courier", *COURIER_ITEMS), RSS_TYPE)
        observer = atom(site, "Saltings Observer", ("/observer/weir", "Salmon return"))
        site.put("/observer.atom", observer, ATOM_TYPE)
        site.put("/news/footbridge", FOOTBRIDGE)
        site.put("/news/orchard", ORCHARD)
        site.put("/news/buses", NIGHT_BUSES)
        site.put("/observer/weir", WEIR)
        yield site


# the bot ----------------------------------------------------------------------------------------
@dataclass
class FeedBot:
    standin: object
    bot: object
    thread: object
    site: Site

    def run(self, coroutine, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coroutine, self.bot.loop).result(timeout)

    def admin(self, command: str, options: dict | None = None):
        return self.standin.slash(command, options or {}, user=self.standin.admin).wait_done(timeout=60)

    def titles(self) -> set[str]:
        """What the server sees: its feeds' articles are its own."""
        return {a.title for a in self.bot.engine.sources(Scope(int(self.standin.guild_id)))}


@pytest.fixture(scope="module")
def feed_bot(tmp_path_factory, site, running_bot) -> Iterator[FeedBot]:
    """The bot over an empty index, the Courier's feed watched before it starts."""

    def watch_the_courier(engine) -> None:
        assert engine.add_feed(site.url("/courier.rss")).new

    with running_bot(
        tmp_path_factory.mktemp("feed-bot-data"),
        ("feeds", "sources", "ask"),
        watch_the_courier,
        feed_poll_minutes=POLL_MINUTES,
        feed_host_delay=0.0,
    ) as (standin, bot, thread):
        yield FeedBot(standin, bot, thread, site)


def wait_until(check: Callable[[], object], timeout: float = 60, what: str = "it") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(0.05)


def embed_text(interaction) -> str:
    [message] = [m for m in interaction.messages if m.deleted_at is None]
    [embed] = message.embeds
    return f"{embed.get('title', '')}\n{embed.get('description', '')}"


def refusal(interaction) -> str:
    [message] = [m for m in interaction.messages if m.deleted_at is None]
    assert message.ephemeral
    return message.content


# the tests --------------------------------------------------------------------------------------
def test_feeds_is_for_server_managers_only(feed_bot, site):
    standin = feed_bot.standin
    [feeds] = [c for c in standin.commands(standin.guild_id) if c["name"] == "feeds"]
    assert int(feeds["default_member_permissions"]) == MANAGE_GUILD
    assert [o["name"] for o in feeds["options"]] == ["add", "list", "remove"]

    standin.open_command("feeds")  # as a server's own overrides can: the bot still refuses
    member = standin.add_member("curious")
    url = {"url": site.url("/observer.atom")}
    for command, options in [("feeds add", url), ("feeds list", {}), ("feeds remove", url)]:
        refused = standin.slash(command, options, user=member).wait_done(timeout=30)
        assert "Manage Server" in refusal(refused), command
    assert [f.url for f in feed_bot.bot.engine.feeds(None)] == [site.url("/courier.rss")]


def test_a_watched_feed_is_polled_into_the_index_without_any_command(feed_bot):
    wait_until(
        lambda: (
            {"Footbridge over the Mill River reopens", "Community orchard plants ninety apple trees"}
            <= feed_bot.titles()
        ),
        what="the Courier's two articles being ingested",
    )
    asked = feed_bot.standin.slash("ask", {"question": "What replaced the footbridge's oak deck?"})
    asked.wait_done(timeout=60)
    assert "recycled plastic" in asked.messages[0].embeds[0]["description"]


def test_sources_lists_the_feeds_after_the_articles(feed_bot, site):
    standin = feed_bot.standin
    done = standin.slash("sources").wait_done(timeout=30)
    [message] = done.messages
    [articles] = message.embeds
    assert articles["title"] == "Indexed news: 2 articles"
    assert "Footbridge over the Mill River reopens" in articles["description"]
    next_page = [c for row in message.components for c in row["components"]][1]
    standin.click(message, next_page["custom_id"]).wait_done(timeout=30)
    [feeds] = message.revisions[-1].payload["embeds"]
    assert feeds["title"] == "Watched feeds: 1"
    assert feeds["footer"]["text"] == "Page 2 of 2"
    lines = feeds["description"].splitlines()
    assert lines[0] == f"**Millbrook Courier** · `{site.url('/courier.rss')}` · shared"  # watched for all
    assert lines[1].startswith("2 articles · last success ") and lines[1].endswith(" UTC")


def test_an_admin_adds_a_feed_and_its_entries_are_ingested(feed_bot, site):
    added = feed_bot.admin("feeds add", {"url": site.url("/observer.atom")})
    assert embed_text(added) == (
        "Watching Saltings Observer\n"
        f"`{site.url('/observer.atom')}`\n**1** entry in the feed now. The bot is ingesting its "
        "articles and will poll it from now on; /feeds list shows how it went."
    )
    wait_until(
        lambda: "Salmon counted climbing the new fish pass" in feed_bot.titles(),
        what="the Observer's article being ingested",
    )
    again = feed_bot.admin("feeds add", {"url": site.url("/observer.atom")})
    assert embed_text(again).startswith("Already watching Saltings Observer\n")

    listed = embed_text(feed_bot.admin("feeds list"))
    assert listed.startswith("Watched feeds: 2\n**Millbrook Courier** · ")
    assert f"**Saltings Observer** · `{site.url('/observer.atom')}`\n1 article · last success " in listed
    assert "✗" not in listed


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/news/orchard", "an HTML page, not an RSS or Atom feed"),
        ("/gone.rss", "not found (HTTP 404)"),
    ],
)
def test_what_is_not_a_feed_is_refused_with_the_reason(feed_bot, site, path, reason):
    refused = feed_bot.admin("feeds add", {"url": site.url(path)})
    assert refusal(refused) == f"{site.url(path)}: {reason}"
    assert site.url(path) not in {f.url for f in feed_bot.bot.engine.feeds(None)}


def test_a_private_address_is_refused_even_as_a_feed(feed_bot):
    refused = feed_bot.admin("feeds add", {"url": "http://169.254.169.254/latest/feed"})
    assert "link-local address" in refusal(refused)


def test_a_new_entry_is_ingested_at_the_next_round_and_the_heartbeat_is_never_late(feed_bot, site):
    standin = feed_bot.standin
    started = time.monotonic()
    site.put(
        "/courier.rss",
        rss(site, "Millbrook Courier", ("/news/buses", "Night buses"), *COURIER_ITEMS),
        RSS_TYPE,
    )
    wait_until(lambda: "Night buses return to the valley" in feed_bot.titles(), what="the new entry")
    ingested = time.monotonic()
    # the entry is recorded as the feed's just after the article is published
    wait_until(lambda: feed_bot.bot.engine.feeds(None)[0].articles == 3, timeout=5, what="the feed's count")
    [courier, _] = feed_bot.bot.engine.feeds(None)
    assert courier.last_error is None
    beats = [at for at in standin.heartbeats if started < at < ingested + 1]
    gaps = [later - earlier for earlier, later in itertools.pairwise(beats)]
    assert max(gaps, default=0) < 1.5 * standin.heartbeat_interval


def test_a_round_that_raises_is_logged_and_the_next_one_runs(feed_bot, monkeypatch, caplog):
    engine = feed_bot.bot.engine
    real, calls = engine.poll_feeds, []

    def flaky():
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise RuntimeError("the disk hiccuped")
        return real()

    caplog.set_level(logging.ERROR, logger="bot.polling")
    monkeypatch.setattr(engine, "poll_feeds", flaky)
    wait_until(lambda: len(calls) >= 3, timeout=30, what="two rounds after the one that raised")
    assert feed_bot.bot.poller.running
    [logged] = [r for r in caplog.records if r.name == "bot.polling" and r.exc_info]
    assert "the disk hiccuped" in str(logged.exc_info[1])


def test_a_round_waits_for_a_running_ingest_or_reindex(feed_bot, monkeypatch):
    """The poller holds the same writer /ingest and /reindex do: it never writes beside them."""
    bot, engine = feed_bot.bot, feed_bot.bot.engine
    real, calls = engine.poll_feeds, []
    monkeypatch.setattr(engine, "poll_feeds", lambda: calls.append(time.monotonic()) or real())
    monkeypatch.setattr(polling, "BUSY_RETRY", 0.05)
    running, release = threading.Event(), threading.Event()

    def long_reindex(progress) -> None:
        running.set()
        release.wait(30)

    monkeypatch.setattr(engine, "reindex", long_reindex)

    async def write() -> None:
        while True:  # a round may hold the writer just now: /reindex would be refused, we wait
            try:
                return await bot.worker.reindex(no_progress)
            except Busy:
                await asyncio.sleep(0.01)

    writing = asyncio.run_coroutine_threadsafe(write(), bot.loop)
    assert running.wait(30)
    before = len(calls)
    time.sleep(1.5)  # five rounds' time
    assert len(calls) == before
    release.set()
    writing.result(30)
    wait_until(lambda: len(calls) > before, timeout=30, what="the round after the write")


def test_an_admin_removes_the_feeds_and_polling_stops_until_one_is_added(feed_bot, site):
    removed = feed_bot.admin("feeds remove", {"url": site.url("/observer.atom")})
    assert embed_text(removed) == (
        f"Feed removed\n`{site.url('/observer.atom')}`\nIts articles stay indexed; /sources lists them."
    )
    shared = feed_bot.admin("feeds remove", {"url": site.url("/courier.rss")})  # the command line's
    assert refusal(shared) == (
        f"{site.url('/courier.rss')} is shared by every server: only the command line can stop watching it"
    )
    feed_bot.bot.engine.remove_feed(site.url("/courier.rss"))  # as `newsbot feeds remove` does
    assert embed_text(feed_bot.admin("feeds list")) == "\nNo feeds are watched: add one with /feeds add."
    wait_until(lambda: not feed_bot.bot.poller.running, timeout=10, what="polling stopping")
    assert "Night buses return to the valley" in feed_bot.titles()

    unknown = feed_bot.admin("feeds remove", {"url": site.url("/courier.rss")})
    assert refusal(unknown) == f"no feed {site.url('/courier.rss')} is watched; /sources lists them"

    seen = len(site.requests)
    feed_bot.admin("feeds add", {"url": site.url("/courier.rss")})
    assert feed_bot.bot.poller.running
    wait_until(
        lambda: [r.path for r in site.requests[seen + 1 :]].count("/courier.rss") >= 2, what="polling again"
    )


def test_closing_the_bot_cancels_polling(feed_bot, caplog):
    bot = feed_bot.bot
    assert bot.poller.running
    caplog.set_level(logging.WARNING)
    feed_bot.run(bot.close())
    feed_bot.thread.join(10)
    assert not bot.poller.running
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_feed_lists_page_within_discords_limits_and_show_feed_text_literally():
    """No bot needed: what /feeds list and /sources show for many feeds with very long text."""
    rows = [
        FeedRow(
            id=n,
            url=f"https://news.example/{'very-long-path/' * 40}feed-{n}.rss",
            title=f"**Loud** @everyone feed {n} " + "title " * 60,
            etag=None,
            last_modified=None,
            added_at="2025-04-01T08:00:00+00:00",
            last_success_at="2025-04-02T08:15:00+00:00" if n % 2 else None,
            last_error=f"entry https://news.example/{n}: <@123> says " + "not found " * 100,
            last_error_at="2025-04-02T09:30:00+00:00",
            articles=n,
        )
        for n in range(1, 24)
    ]
    for pages in (embeds.feeds(rows), embeds.sources([], rows)):
        assert all(len(page) <= MESSAGE_EMBEDS and len(page.description) <= DESCRIPTION for page in pages)
        assert all(len(page.title or "") <= TITLE for page in pages)
        footers = [page.footer.text for page in pages]
        assert footers == [f"Page {n} of {len(pages)}" for n in range(1, len(pages) + 1)]
    text = "\n".join(page.description for page in embeds.feeds(rows))
    assert text.count("✗ last error 2 April 2025, 09:30 UTC: ") == len(rows)
    assert text.count("last success 2 April 2025, 08:15 UTC") == 12
    assert text.count("not polled yet") == 11
    assert "@everyone" not in text and "<@123>" not in text and "**Loud**" not in text
    assert embeds.sources([], rows)[0].description.startswith("Nothing is indexed yet")
