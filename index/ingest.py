"""Ingest and reindex: read sources, embed what is new, publish a new generation atomically.

Reading and embedding happen before anything is published; embeddings go to the cache as they
are made (they are keyed by content, so a killed run keeps its work and corrupts nothing). The
publish is one SQLite transaction that swaps passages and names the new generation's files.

Between reading and embedding, each document is matched to the article it is (``identity``: the
same file, the same URL, or the same text): a copy of an indexed text is neither embedded nor
stored, and a page whose URL is indexed with other text replaces it. Articles past retention
(``retention``) are removed by the same publish, as the articles of deleted files are.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import numpy as np

from . import generation, identity
from .clean import clean_document
from .documents import Document, PassageDraft
from .embed import Embedder
from .errors import SourceError
from .passages import split_passages
from .readers import find_sources, read_document
from .store import ArticleRow, Store
from .text import sha256

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Called with (stage, done, total); stages are "read", "embed" and "index"."""


def no_progress(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[SourceError] = field(default_factory=list)
    embedded: int = 0  # passages run through the model
    reused: int = 0  # passages whose vectors came from the cache
    generation: int = 0
    # sources read but not stored, each with the source of the article it is (``identity``); they
    # are also listed as unchanged, unless their own earlier copy was removed
    duplicates: dict[str, str] = field(default_factory=dict)
    expired: list[str] = field(default_factory=list)  # sources read but dated before retention


@dataclass
class _Parsed:
    doc: Document
    drafts: list[PassageDraft]
    order: int  # in reading order
    replaces: ArticleRow | None = None  # the indexed article of the same URL, with other text

    @cached_property
    def hashes(self) -> list[str]:
        return [sha256(d.text) for d in self.drafts]

    @cached_property
    def identity(self) -> str | None:
        return identity.identity(self.doc.outlet, self.doc.url)

    @cached_property
    def fingerprint(self) -> str:
        return identity.fingerprint(self.doc.outlet, self.doc.title, [d.text for d in self.drafts])


def _metadata(article: ArticleRow | Document) -> tuple[str | None, ...]:
    return article.title, article.outlet, article.published, article.url


_File = tuple[Path, str | None]
"""A file to read, and the URL it was fetched from (None for the user's own files)."""


class Indexer:
    """Writes to the store and the generation folders; one per engine."""

    def __init__(self, store: Store, embedder: Embedder, root: Path, fetched: Path) -> None:
        self.store = store
        self.embedder = embedder
        self.root = root
        self.fetched = fetched  # the folder of fetched pages' copies, which remember their URL

    def ingest(self, paths: Iterable[Path], progress: Progress = no_progress) -> IngestReport:
        files, failed = find_sources(paths)
        return self._run([(file, None) for file in files], failed, [], progress)

    def ingest_pages(
        self, pages: list[tuple[Path, str]], failed: list[SourceError], progress: Progress = no_progress
    ) -> IngestReport:
        """Ingest the saved copies of pages, each with the URL it was fetched from, in one publish;
        ``failed`` are the pages that could not be fetched, carried into the report."""
        return self._run(pages, failed, [], progress)

    def reindex(self, progress: Progress = no_progress) -> IngestReport:
        """Re-read every source. A file that is gone leaves the index; one that no longer reads
        is reported and keeps the passages it had, so a bad edit loses nothing."""
        articles = self.store.articles()
        gone = [a for a in articles if not a.path or not Path(a.path).exists()]
        files = [(Path(a.path), self._origin(a)) for a in articles if a not in gone]
        return self._run(files, [], gone, progress)

    def _origin(self, article: ArticleRow) -> str | None:
        is_fetched = Path(article.path or "").parent == self.fetched
        return article.url if is_fetched else None

    def _run(self, files: list[_File], failed: list[SourceError], gone: list[ArticleRow], progress: Progress):
        report = IngestReport(failed=list(failed))
        parsed = self._read(files, report, progress)
        leaving = {a.id: a for a in gone}  # articles this publish removes
        parsed = self._within_retention(parsed, leaving, report)
        past = {a.id: a for a in self.store.past_retention(self.store.db)}
        kept = self._resolve(parsed, past, leaving, report)
        model_changed = self.store.meta("model") not in (None, self.embedder.model_name)
        changed = [p for p in kept if model_changed or p.replaces or not self._unchanged(p)]
        renewed = {p.doc.source for p in changed}  # an undated article ingested again is new again
        leaving |= {i: a for i, a in past.items() if a.source not in renewed and i not in leaving}
        published_or_empty = self.store.generation() > 0 or not self.store.articles()
        if changed or leaving or not published_or_empty:
            self._embed(changed, model_changed, report, progress)
            self._publish(changed, list(leaving.values()), report, progress)
        else:
            report.generation = self.store.generation()
        out = renewed | set(report.removed) | set(report.expired)
        report.unchanged = [p.doc.source for p in parsed if p.doc.source not in out]
        return report

    def _within_retention(
        self, parsed: list[_Parsed], leaving: dict[int, ArticleRow], report: IngestReport
    ) -> list[_Parsed]:
        """The documents dated within retention; an indexed article whose document now is not leaves."""
        cut = self.store.retention_cut()
        if cut is None:
            return parsed
        for item in parsed:
            if cut.expired(item.doc.published):
                report.expired.append(item.doc.source)
                own = self.store.article_by_source(self.store.db, item.doc.source)
                if own is not None:
                    leaving[own.id] = own
        return [p for p in parsed if not cut.expired(p.doc.published)]

    def _resolve(
        self,
        parsed: list[_Parsed],
        past: dict[int, ArticleRow],
        leaving: dict[int, ArticleRow],
        report: IngestReport,
    ) -> list[_Parsed]:
        """The documents to store, one per article (``identity`` says which copy is kept); the others
        go into ``report.duplicates``. An indexed article whose file or URL now gives another
        article's text, or whose URL now gives other text, goes into ``leaving``. Articles ``past``
        retention or leaving are never what a document is matched to."""
        store, db = self.store, self.store.db
        own = {p.doc.source: store.article_by_source(db, p.doc.source) for p in parsed}

        def drop(item: _Parsed, kept_as: str) -> None:
            report.duplicates[item.doc.source] = kept_as
            if (article := own[item.doc.source]) is not None:
                leaving[article.id] = article

        # within the batch: one text per URL, the last read (the newest fetch) ...
        newest = {p.identity: p for p in parsed if p.identity is not None}
        batch = []
        for item in parsed:
            latest = newest.get(item.identity) if item.identity else None
            if latest is None or latest.fingerprint == item.fingerprint:
                batch.append(item)
            else:
                drop(item, latest.doc.source)

        # ... then one copy per text: an indexed copy (the first stored), else the earliest published
        # (undated last), else the first read
        def first(item: _Parsed) -> tuple[int, int, str, int]:
            stored = own[item.doc.source]
            return (0, stored.id, "", 0) if stored else (1, 0, item.doc.published or "9999", item.order)

        winners: dict[str, _Parsed] = {}
        for item in sorted(batch, key=first):
            winners.setdefault(item.fingerprint, item)
        for item in batch:
            if winners[item.fingerprint] is not item:
                drop(item, winners[item.fingerprint].doc.source)
        batch = [p for p in batch if winners[p.fingerprint] is p]

        # then against the index; an indexed article that this batch reads again is matched only to
        # its own document, whose text may change
        reread = {p.doc.source for p in batch}

        def indexed(column: str, value: str | None, source: str) -> list[ArticleRow]:
            found = store.articles_where(db, column, value) if value else []
            return [
                a
                for a in found
                if a.id not in past and a.id not in leaving and (a.source == source or a.source not in reread)
            ]

        kept = []
        for item in batch:
            mine = own[item.doc.source]
            holder = next(iter(indexed("fingerprint", item.fingerprint, item.doc.source)), None)
            if holder is not None and (mine is None or holder.id != mine.id):
                drop(item, holder.source)  # this text is indexed already: the first copy stays
                continue
            for other in indexed("identity", item.identity, item.doc.source):
                if other.source != item.doc.source:  # the page at this URL now has other text
                    leaving[other.id] = other
                    item.replaces = item.replaces or (other if mine is None else None)
            kept.append(item)
        for source, kept_as in report.duplicates.items():  # a batch's copy of a copy: the article kept
            seen = {source}
            while kept_as in report.duplicates and kept_as not in seen:
                seen.add(kept_as)
                kept_as = report.duplicates[kept_as]
            report.duplicates[source] = kept_as
        return kept

    def _read(self, files: list[_File], report: IngestReport, progress: Progress) -> list[_Parsed]:
        parsed: dict[str, _Parsed] = {}
        for done, (path, url) in enumerate(files, 1):
            try:
                doc = clean_document(read_document(path, url))
                drafts = split_passages(doc, self.embedder.max_tokens, self.embedder.count_tokens)
                if not drafts:
                    raise SourceError(str(path), "no article text left after removing page furniture")
                parsed[doc.source] = _Parsed(doc, drafts, done)
            except SourceError as error:
                log.warning("skipped %s", error)
                report.failed.append(error)
            progress("read", done, len(files))
        return list(parsed.values())

    def _unchanged(self, item: _Parsed) -> bool:
        """Whether the stored article already has exactly this metadata and these passages."""
        row = self.store.article_by_source(self.store.db, item.doc.source)
        if row is None or _metadata(row) != _metadata(item.doc):
            return False
        stored = [(p.heading, p.text) for p in self.store.article_passages(row.id)]
        return stored == [(d.heading, d.text) for d in item.drafts]

    def _embed(
        self, changed: list[_Parsed], everything: bool, report: IngestReport, progress: Progress
    ) -> None:
        """Embed the passages the cache lacks, caching batch by batch; ``everything`` after a model change."""
        model = self.embedder.model_name
        needed = {h: d for p in changed for h, d in zip(p.hashes, p.drafts, strict=True)}
        if everything:
            stored = self.store.live_passage_rows()
            needed.update(
                (r.embed_hash, PassageDraft(r.position, r.heading, r.text, tuple(r.sentences)))
                for r in stored
            )
        cached = self.store.cached_hashes(model, needed)
        missing = [h for h in needed if h not in cached]
        report.reused = len(needed) - len(missing)
        step = self.embedder.batch_size * 32  # few large model calls; measured in bench/ingest.py
        for start in range(0, len(missing), step):
            batch = missing[start : start + step]
            drafts = [needed[h] for h in batch]
            vectors = self.embedder.encode_passages(
                [d.text for d in drafts], [list(d.sentences) for d in drafts]
            )
            self.store.cache_vectors(model, dict(zip(batch, vectors, strict=True)))
            report.embedded += len(batch)
            progress("embed", report.embedded, len(missing))

    def _publish(
        self, changed: list[_Parsed], gone: list[ArticleRow], report: IngestReport, progress: Progress
    ) -> None:
        store = self.store
        with store.write() as db:
            number = store.generation(db) + 1
            generation.remove_stale(self.root, keep={number - 1, number - 2})
            replaced = {item.replaces.id for item in changed if item.replaces}
            for item in changed:
                existed = item.replaces or store.article_by_source(db, item.doc.source)
                article_id = store.put_article(db, item.doc, item.fingerprint)
                store.replace_passages(db, article_id, item.drafts, item.hashes, number)
                (report.updated if existed else report.added).append(item.doc.source)
            for article in gone:
                store.remove_article(db, article.id, number)
                if article.id not in replaced:  # an update: its new copy is listed as updated
                    report.removed.append(article.source)
            rows = list(store.live_passages(db))
            progress("index", 0, len(rows))
            cache = store.cached_vectors(self.embedder.model_name, [r[1] for r in rows])
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            matrix = (
                np.stack([cache[r[1]].passage for r in rows]) if rows else np.zeros((0, self.embedder.dim))
            )
            documents = [
                " ".join(filter(None, (title, heading, text))) for _, _, heading, text, title, _ in rows
            ]
            days = np.array([_day(published) for *_, published in rows], dtype=np.int32)
            generation.write(self.root, number, ids, matrix.astype(np.float32), documents, days)
            store.set_meta(db, "generation", str(number))
            store.set_meta(db, "model", self.embedder.model_name)
            store.purge(db, before_generation=number - 1)
            progress("index", len(rows), len(rows))
        report.generation = number


def _day(published: str | None) -> int:
    """An article's ISO date as the day number a generation keeps, or ``UNDATED``."""
    return date.fromisoformat(published).toordinal() if published else generation.UNDATED
