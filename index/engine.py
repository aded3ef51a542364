"""The engine the command line and the bot share: ingest, reindex, ask, summarise, list sources.

Safe for concurrent readers: each thread gets its own SQLite connection, the loaded generation is
swapped in whole when a newer one is published, and writers serialise on the SQLite write lock.
"""

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from . import generation
from .answer import Answer, compose, declined
from .embed import Embedder, PassageVectors
from .errors import IndexNotReady, NotFound, QuestionError
from .generation import Generation
from .ingest import Indexer, IngestReport, Progress, no_progress
from .search import Hit, hybrid
from .settings import Settings
from .store import ArticleRow, PassageRow, Store
from .summary import Summary, summarize
from .text import match_key

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
PASSAGES_READ = 8  # passages whose sentences compete to be quoted


class Engine:
    def __init__(self, settings: Settings) -> None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.settings = settings
        self.store = Store(settings.data_dir / "newsbot.db")
        self.embedder = Embedder(settings.model, settings.batch_size)
        self.generations = settings.data_dir / "generations"
        self.indexer = Indexer(self.store, self.embedder, self.generations)
        self._serving: Generation | None = None
        self._loading = threading.Lock()

    # writing ------------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[Path], progress: Progress = no_progress) -> IngestReport:
        return self.indexer.ingest(paths, progress)

    def reindex(self, progress: Progress = no_progress) -> IngestReport:
        return self.indexer.reindex(progress)

    # reading ------------------------------------------------------------------------------------
    def sources(self) -> list[ArticleRow]:
        return self.store.articles()

    def ask(self, question: str) -> Answer:
        question = check_question(question)
        gen = self._generation()
        query = self.embedder.encode_query(question)
        hits = hybrid(gen, question, query, PASSAGES_READ)
        if not hits:
            return declined(question)
        return compose(question, query, hits, *self.evidence(hits))

    def evidence(
        self, hits: list[Hit]
    ) -> tuple[dict[int, PassageRow], dict[str, PassageVectors], dict[int, ArticleRow]]:
        """The passages of ``hits``, their cached vectors and their articles: what ``compose`` reads."""
        passages = self.store.passages_by_ids(h.passage_id for h in hits)
        vectors = self.store.cached_vectors(
            self.embedder.model_name, (p.embed_hash for p in passages.values())
        )
        articles = self.store.articles_by_ids(p.article_id for p in passages.values())
        return passages, vectors, articles

    def summary(self, reference: str) -> Summary:
        article = self.find_article(reference)
        passages = self.store.article_passages(article.id)
        vectors = self.store.cached_vectors(self.embedder.model_name, (p.embed_hash for p in passages))
        if len(vectors) < len({p.embed_hash for p in passages}):
            raise IndexNotReady("this article was indexed with another model: run `newsbot reindex`")
        return summarize(article, passages, vectors)

    def find_article(self, reference: str) -> ArticleRow:
        """An article by id, or by its title: the whole title, a phrase of it, or all of some of its words."""
        reference = reference.strip()
        articles = self.store.articles()
        if reference.isdigit():
            found = [a for a in articles if a.id == int(reference)]
        else:
            key = match_key(reference)
            words = key.split()
            found = [a for a in articles if words and all(w in match_key(a.title) for w in words)]
            found = (
                [a for a in found if match_key(a.title) == key]
                or [a for a in found if key in match_key(a.title)]
                or found
            )
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound(f"no indexed article matches {reference!r}; `newsbot sources` lists them")
        listed = "; ".join(f"{a.id}: {a.title}" for a in found[:5])
        raise NotFound(f"{len(found)} articles match {reference!r} ({listed}); give the id or more words")

    def _generation(self) -> Generation:
        """The newest published generation, loaded once and swapped when a newer one appears."""
        number = self.store.generation()
        if number == 0:
            raise IndexNotReady("nothing is indexed yet: run `newsbot ingest PATH` first")
        model = self.store.meta("model")
        if model != self.embedder.model_name:
            raise IndexNotReady(
                f"the index was built with the model {model!r}, not {self.embedder.model_name!r}: "
                "run `newsbot reindex`"
            )
        with self._loading:
            if self._serving is None or self._serving.number != number:
                self._serving = generation.load(self.generations, number)
                log.info("serving generation %d", number)
            return self._serving


def check_question(question: str) -> str:
    question = " ".join(question.split())
    if not question:
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(question)} characters long; at most {MAX_QUESTION_CHARS} are allowed"
        )
    return question
