"""The engine run off the event loop, so the gateway heartbeat and other users never wait on it.

Each engine operation the bot uses is a method here, which decides the thread it runs on:

- model calls (questions, summaries, digests) run on a small pool, ``READERS`` at a time;
- writes (ingests, reindexes, feed polls) run one at a time on their own thread, so answering
  goes on (from the index being served) while a new one is built; a write asked for while another
  runs is refused with ``Busy`` rather than queued;
- quick calls that use no model run on a plain thread of their own, beside the questions rather
  than queueing behind them.
"""

import asyncio
import functools
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from index import (
    AddedFeed,
    Answer,
    ArticleRow,
    Briefing,
    Digest,
    Engine,
    FeedRow,
    Followed,
    IngestReport,
    Insights,
    Period,
    PollReport,
    Progress,
    Scope,
    Story,
    StoryUpdate,
    Summary,
    Timeline,
)

T = TypeVar("T")
READERS = 2  # one per core: model calls are CPU-bound


class Busy(Exception):
    """A write (ingest, reindex or feed poll) is already running."""


class Worker:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._readers = ThreadPoolExecutor(READERS, thread_name_prefix="newsbot-read")
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="newsbot-write")
        self._writing = False
        self.after_write: list[Callable[[], None]] = []  # told when a write ends (the follows)

    # the question pool --------------------------------------------------------------------------
    async def warm_up(self) -> None:
        """Load what a first question needs now, so it does not wait for it."""
        await self._read(self.engine.warm_up)

    async def ask(
        self, question: str, earlier: Sequence[str], scope: Scope, since: Period | None = None
    ) -> Answer:
        return await self._read(self.engine.ask, question, earlier, None, scope, since)

    async def summary(self, article: str, scope: Scope) -> Summary:
        return await self._read(self.engine.summary, article, scope)

    async def digest(self, topic: str, scope: Scope) -> Digest:
        return await self._read(self.engine.digest, topic, scope)

    async def timeline(self, story: str, scope: Scope) -> Timeline:
        """Encodes a topic, or reads an article's story: on the readers' pool."""
        return await self._read(self.engine.timeline, story, scope)

    async def follow(self, story: str, scope: Scope) -> StoryUpdate:
        """The story named, newly followed, with its latest facts: on the readers' pool."""
        follows = self.engine.follows
        return await self._read(lambda: follows.follow(follows.find(story, scope)))

    async def story_update(self, followed: Followed, scope: Scope) -> StoryUpdate:
        """What a followed story newly reports (reads its articles' vectors): on the readers' pool."""
        return await self._read(self.engine.follows.update, followed, scope)

    async def briefing(self, since: Period, topics: Sequence[str], scope: Scope) -> Briefing:
        """Reads many articles' vectors and no model: on the readers' pool, beside questions."""
        return await self._read(self.engine.briefing, since, None, topics, scope)

    async def insights(self, server: int) -> Insights:
        """Encodes the unanswered questions to group them: on the readers' pool."""
        return await self._read(self.engine.newsroom.insights, server)

    async def sources(self, scope: Scope) -> tuple[list[ArticleRow], set[int]]:
        """Every article ``scope`` sees, and which of them are its server's own: no model, but a
        long list, so many at once queue here like questions."""
        engine = self.engine
        return await self._read(lambda: (engine.sources(scope), engine.newsroom.own_articles(scope.server)))

    # the writer ---------------------------------------------------------------------------------
    async def reindex(self, progress: Progress) -> IngestReport:
        return await self._write(self.engine.reindex, progress)

    async def ingest_urls(self, urls: Sequence[str], server: int, progress: Progress) -> IngestReport:
        """Articles a server adds: its own (``index.Scope``)."""
        return await self._write(self.engine.ingest_urls, urls, progress, None, server)

    async def ingest_upload(self, name: str, data: bytes, server: int, progress: Progress) -> IngestReport:
        return await self._write(self.engine.ingest_upload, name, data, progress, server)

    async def poll_feeds(self) -> PollReport:
        """A round ingests what the feeds added, so it holds the writer like an ingest."""
        return await self._write(self.engine.poll_feeds)

    # plain threads: no model, a few rows or one fetch; SQLite serialises their writes with a poll's
    async def load_newest(self) -> int:
        """Load the newest published generation if it is not the one served (one row read, then
        only the segments this process lacks), beside the questions; its number."""
        return await asyncio.to_thread(self.engine.load_newest)

    async def titles(self, typed: str, limit: int, scope: Scope) -> list[ArticleRow]:
        """For autocomplete, which must answer within Discord's deadline even while questions run."""
        return await asyncio.to_thread(self.engine.titles, typed, limit, scope)

    async def story_choices(self, typed: str, limit: int, scope: Scope) -> list[Story]:
        """For autocomplete: the recent stories, read from the vector cache with no model."""
        return await asyncio.to_thread(self.engine.story_choices, typed, limit, scope)

    async def index_seen(self, scope: Scope) -> tuple[int, int]:
        """What ``scope``'s reading depends on: the generation served, and the servers' own
        articles and hidden outlets (``Store.owners.version``)."""
        store = self.engine.store
        return await asyncio.to_thread(lambda: (store.generation(), store.owners.version()))

    async def outlets(self, scope: Scope, hidden_in: int = 0) -> tuple[list[str], list[str]]:
        """The outlets ``scope`` sees, and those server ``hidden_in`` hides (for autocomplete too)."""
        newsroom = self.engine.newsroom
        return await asyncio.to_thread(lambda: (newsroom.outlets(scope), newsroom.hidden_outlets(hidden_in)))

    async def record_question(self, server: int, question: str, answered: bool) -> int | None:
        return await asyncio.to_thread(self.engine.newsroom.record_question, server, question, answered)

    async def vote(self, question_id: int, voter: int, up: bool, quotes: list[str]) -> bool:
        return await asyncio.to_thread(self.engine.newsroom.vote, question_id, voter, up, quotes)

    async def hide_outlet(self, server: int, outlet: str, hidden: bool) -> bool:
        return await asyncio.to_thread(self.engine.newsroom.hide_outlet, server, outlet, hidden)

    async def feeds(self, server: int | None) -> list[FeedRow]:
        """A server's feeds (None: every feed, which the poller polls)."""
        return await asyncio.to_thread(self.engine.feeds, server)

    async def add_feed(self, url: str, server: int) -> AddedFeed:
        return await asyncio.to_thread(self.engine.add_feed, url, server)

    async def remove_feed(self, url: str, server: int) -> None:
        await asyncio.to_thread(self.engine.remove_feed, url, server)

    # --------------------------------------------------------------------------------------------
    async def _read(self, call: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, functools.partial(call, *args))

    async def _write(self, call: Callable[..., T], *args: object) -> T:
        """Run one write; raises Busy instead of queueing behind another."""
        if self._writing:
            raise Busy
        self._writing = True
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._writer, functools.partial(call, *args))
        finally:
            self._writing = False
            for told in self.after_write:
                told()

    def close(self) -> None:
        self._readers.shutdown(wait=False, cancel_futures=True)
        self._writer.shutdown(wait=True, cancel_futures=True)
