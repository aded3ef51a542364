"""The engine the command line and the bot share: ingest, reindex, ask, summarise, digest, sources, feeds.

Safe for concurrent readers: each thread gets its own SQLite connection, the loaded generation is
swapped in whole when a newer one is published, and writers serialise on the SQLite write lock.

Every way of reading takes the reader's ``Scope`` (``store.scopes``: the shared articles, and a
server's own), by default the shared articles only; what is searched is the served generation as
that scope sees it (``serving``), and what is listed comes from ``Store.articles(scope)``.
"""

import contextlib
import functools
from collections.abc import Callable, Sequence
from datetime import date
from functools import cached_property

import numpy as np

from .answer import (
    Answer,
    Evidence,
    Newsroom,
    Reader,
    check_question,
    compose_reader,
    declined,
    read_passages,
    read_story,
)
from .embed import make_embedder, question_encoding
from .errors import IndexNotReady
from .feeds import AddedFeed, EntryPages, FeedRow, Feeds, FeedStore, PollReport
from .ingest import Indexer, Intake, Writing
from .report import (
    Briefing,
    Digest,
    Follows,
    Story,
    StoryChoices,
    Summary,
    Timeline,
    compose_briefing,
    compose_timeline,
    gather,
    recent_stories,
    summarize,
)
from .search import LAST_DAY, Hit, Period, Served, Snapshot, When, followup, hybrid, terms
from .settings import Settings
from .store import SHARED, SHARED_OWNER, ArticleRow, Scope, Store, find_article, story_reference, typed_titles

PASSAGES_READ = 8  # read for an answer; the reader's 4, 8, 12 tried in bench/reader_choices.py
VERSIONS_READ = 24  # passages where other outlets' versions of a quote are looked for
DIGEST_PASSAGES = 40  # passages whose articles may each add a section to a digest


class Engine(Writing):
    """Writes as ``ingest.Writing`` does, and reads, each reader in its ``Scope``."""

    def __init__(self, settings: Settings) -> None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.settings = settings
        self.store = Store(settings.database_url or settings.data_dir / "newsbot.db", settings.retention_days)
        self.embedder = make_embedder(settings)
        self.generations = settings.generations
        pages = settings.data_dir / "pages"  # copies of fetched pages
        self.indexer = Indexer(self.store, self.embedder, self.generations, pages)
        self.intake = Intake(self.indexer, settings, pages, settings.data_dir / "uploads")
        self.served = Served(self.store, self.generations, self.embedder.model_name)
        self.choices = StoryChoices()

    @cached_property
    def encode_question(self) -> Callable[[str], np.ndarray]:
        """The unit vector of a question or topic: from the export made for questions when there
        is one (a new process then answers without importing torch), else from the embedder."""
        return question_encoding(self.settings, self.embedder)

    @cached_property
    def reader(self) -> Reader:
        """The trained reader that finds answers (``answer.reader``; the shipped one unless the
        settings name another), loaded at its first question."""
        return Reader(self.settings.reader)

    @cached_property
    def newsroom(self) -> Newsroom:
        """Each server's outlets, own articles, questions, votes and insights."""
        return Newsroom(self.store, lambda text: self.encode_question(text), self.settings.store_questions)

    def warm_up(self) -> None:
        """Load what a first question needs (the question encoder, the reader, the served
        generation) now, so it does not wait for them; nothing indexed yet is no error here."""
        self.encode_question("warm up")
        self.reader.warm_up()
        with contextlib.suppress(IndexNotReady):
            self.serving(SHARED)

    def load_newest(self) -> int:
        """Load the newest published generation now if it is not the one served (only the segments
        this process lacks), so that no question waits for it; its number (0: nothing to serve)."""
        with contextlib.suppress(IndexNotReady):
            return self.served.newest().number
        return 0

    # feeds --------------------------------------------------------------------------------------
    @cached_property
    def _feeds(self) -> Feeds:
        """The watched feeds, handed the feed tables and this engine's fetch and ingest of pages."""
        ownerless = functools.partial(self.ingest_pages, server=None)
        return Feeds(FeedStore(self.store), self.settings, EntryPages(self.intake.fetch, ownerless))

    def add_feed(self, url: str, server: int = SHARED_OWNER) -> AddedFeed:
        """Watch an RSS or Atom feed for everyone, or for a server (its articles then are the
        server's own); fetched once to check it is one, else SourceError."""
        return self._feeds.add(url, server)

    def remove_feed(self, url: str, server: int = SHARED_OWNER) -> None:
        """Stop watching a feed; its articles stay indexed. Raises NotFound for a URL not watched."""
        self._feeds.store.remove(url.strip(), server)

    def feeds(self, server: int | None = SHARED_OWNER) -> list[FeedRow]:
        """The feeds watched for everyone, and with ``server`` that server's own (None: every
        feed), with their last success, last error and number of articles."""
        return self._feeds.store.feeds(server)

    def poll_feeds(self) -> PollReport:
        """Poll every feed once, ingesting new and changed entries (see ``index.feeds.poll``)."""
        return self._feeds.poll_all()

    # reading ------------------------------------------------------------------------------------
    def sources(self, scope: Scope = SHARED) -> list[ArticleRow]:
        return self.store.articles(scope)

    def titles(self, typed: str, limit: int = 25, scope: Scope = SHARED) -> list[ArticleRow]:
        """Articles, newest first, whose title or outlet holds every word typed (for autocomplete)."""
        return typed_titles(self.store.articles(scope), typed, limit)

    def ask(
        self,
        question: str,
        earlier: Sequence[str] = (),
        as_of: date | None = None,
        scope: Scope = SHARED,
        since: Period | str | None = None,
    ) -> Answer:
        """Answer ``question`` read in the light of the ``earlier`` questions (oldest first), from
        the articles ``scope`` sees published by ``as_of`` (None: all of them), and ``since`` if
        given (a ``Period``; text such as "7d" is parsed as one)."""
        question = check_question(question)
        reading, hits = self.retrieve(question, earlier, VERSIONS_READ, self.when(as_of, since), scope)
        if not hits:
            return declined(question)
        wider = self.evidence(hits, reading.text)
        evidence = wider.first(PASSAGES_READ)
        return compose_reader(question, reading.query, evidence, self.reader, wider, story=reading.story)

    def retrieve(
        self,
        question: str,
        earlier: Sequence[str] = (),
        k: int = PASSAGES_READ,
        when: When | None = None,
        scope: Scope = SHARED,
    ) -> tuple[followup.Reading, list[Hit]]:
        """How ``question`` is read after ``earlier``, and the ``k`` passages hybrid search finds
        as of ``when`` (``Engine.when()``). Raises IndexNotReady before encoding anything when
        nothing is indexed."""
        serving = self.serving(scope)
        reading = followup.read(question, earlier, self.encode_question)
        return reading, hybrid(serving, reading.text, reading.query, k, when or self.when())

    def when(self, as_of: date | None = None, since: Period | str | None = None) -> When:
        """The time questions are asked from: ``as_of``, with the configured recency prior; nothing
        past retention is seen, nor anything published before ``since``."""
        first = Period.of(since).first_day(as_of or date.today()) if since else None
        retention = self.store.retention_cut(hidden=True)
        return When(as_of, self.settings.recency_half_life or None, retention, first)

    def evidence(self, hits: list[Hit], question: str = "") -> Evidence:
        """The passages of ``hits`` in their order, their cached vectors and their articles; with
        ``question``, how rare each of its words is in the index (the learned scorers read it)."""
        weights = self.served.newest().lexical.idf(terms(question)) if question else {}
        return read_passages(self.store, self.embedder.model_name, [h.passage_id for h in hits], weights)

    def summary(self, reference: str, scope: Scope = SHARED) -> Summary:
        return summarize(self.story(self.find_article(reference, scope)))

    def stories(
        self, since: Period | str = LAST_DAY, as_of: date | None = None, scope: Scope = SHARED
    ) -> list[Story]:
        """The stories ``scope`` sees reported since ``since`` as of ``as_of`` (today), with the
        articles of the days before that they continue; most reports first."""
        articles = self.store.articles(scope)
        model, today = self.embedder.model_name, as_of or date.today()
        return recent_stories(self.store, model, articles, Period.of(since), today)

    def briefing(
        self,
        since: Period | str = LAST_DAY,
        as_of: date | None = None,
        topics: Sequence[str] = (),
        scope: Scope = SHARED,
    ) -> Briefing:
        """The top stories since ``since`` (on one of ``topics``, if given), each quoted across its
        outlets (``report.briefing``)."""
        since = Period.of(since)
        return compose_briefing(since, self.stories(since, as_of, scope), self.story, topics)

    def digest(self, topic: str, scope: Scope = SHARED) -> Digest:
        """What each outlet ``scope`` sees says on ``topic``, from every article on it."""
        topic = check_question(topic, "topic")
        query = self.encode_question(topic)
        return gather(topic, query, [self.story(a) for a in self.found_articles(topic, query, scope)])

    def found_articles(self, text: str, query: np.ndarray, scope: Scope = SHARED) -> list[ArticleRow]:
        """The articles of the ``DIGEST_PASSAGES`` passages hybrid search finds for ``text`` (its
        unit vector: ``query``), in the order of their best passage."""
        hits = hybrid(self.serving(scope), text, query, DIGEST_PASSAGES, self.when())
        passages = self.store.passages_by_ids(h.passage_id for h in hits)
        ranked = [passages[h.passage_id].article_id for h in hits if h.passage_id in passages]
        articles = self.store.articles_by_ids(ranked)
        return [articles[i] for i in dict.fromkeys(ranked) if i in articles]

    def timeline(self, reference: str, scope: Scope = SHARED) -> Timeline:
        """The story of an article or a topic (``report.finding``), day by day (``report.timeline``)."""
        return compose_timeline(self.follows.find(story_reference(reference), scope), self.story)

    @cached_property
    def follows(self) -> Follows:
        """Stories found by an article or a topic, followed, and their updates (``report.follows``)."""
        return Follows(
            self.store, self.embedder.model_name, self.found_articles, self.encode_question, self.story
        )

    def story_choices(self, typed: str, limit: int, scope: Scope = SHARED) -> list[Story]:
        """For autocomplete: the recent stories ``scope`` sees with an article whose title or outlet
        holds every word typed (``report.finding.StoryChoices``)."""
        seen = (scope, self.store.generation(), self.store.owners.version())
        stories = functools.partial(self.stories, scope=scope)
        return self.choices.matching(typed, limit, seen, lambda: self.store.articles(scope), stories)

    def story(self, article: ArticleRow) -> Evidence:
        """An article with its live passages and their vectors."""
        return read_story(self.store, self.embedder.model_name, article)

    def find_article(self, reference: str, scope: Scope = SHARED) -> ArticleRow:
        """An article ``scope`` sees by id, or by its title: the whole title, a phrase of it, or all
        of some of its words."""
        return find_article(self.store.articles(scope), reference)

    def serving(self, scope: Scope) -> Snapshot:
        """The newest published generation as ``scope`` sees it (``search.served``)."""
        return self.served.seen_by(scope)
