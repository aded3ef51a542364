"""Ingest and reindex: read sources, embed what is new, publish a new generation atomically.

Reading and embedding happen before anything is published; embeddings go to the cache as they
are made (they are keyed by content, so a killed run keeps its work and corrupts nothing). The
publish is one SQLite transaction that swaps passages and names the new generation's files.

Between reading and embedding, each document is matched to the article it is (``dedupe``: the
same file, the same URL, or the same text): a copy of an indexed text is neither embedded nor
stored, and a page whose URL is indexed with other text replaces it. Articles past retention
(``store.retention``) are removed by the same publish, as the articles of deleted files are.
"""

import logging
import time
from collections.abc import Iterable
from pathlib import Path

from ..embed.base import Embedder
from ..errors import SourceError
from ..read.clean import clean_document
from ..read.document import Document, PassageDraft
from ..read.files import find_sources, read_document
from ..search import dense, snapshot
from ..store import SHARED_OWNER, ArticleRow, Store, Transaction
from .dedupe import Parsed, resolve
from .generation import write_generation
from .passages import split_passages
from .report import IngestReport, Progress, no_progress, waiting_for

log = logging.getLogger(__name__)


def _metadata(article: ArticleRow | Document) -> tuple[str | None, ...]:
    return article.title, article.outlet, article.published, article.url


_File = tuple[Path, str | None]
"""A file to read, and the URL it was fetched from (None for the user's own files)."""


class Indexer:
    """Writes to the store and the generation folders; one per engine."""

    grace = snapshot.GRACE_SECONDS  # a replaced generation is kept this long (``snapshot.kept``)

    def __init__(self, store: Store, embedder: Embedder, root: Path, fetched: Path) -> None:
        self.store = store
        self.embedder = embedder
        self.root = root
        self.fetched = fetched  # the folder of fetched pages' copies, which remember their URL

    def ingest(
        self, paths: Iterable[Path], progress: Progress = no_progress, owner: int = SHARED_OWNER
    ) -> IngestReport:
        """Ingest files for ``owner`` (``store.scopes``), who then owns each article they are."""
        files, failed = find_sources(paths)
        return self._run([(file, None) for file in files], failed, [], progress, owner)

    def ingest_pages(
        self,
        pages: list[tuple[Path, str]],
        failed: list[SourceError],
        progress: Progress = no_progress,
        owner: int | None = SHARED_OWNER,
    ) -> IngestReport:
        """Ingest the saved copies of pages, each with the URL it was fetched from, in one publish
        for ``owner``; ``failed`` are the pages that could not be fetched, carried into the report."""
        return self._run(pages, failed, [], progress, owner)

    def reindex(self, progress: Progress = no_progress) -> IngestReport:
        """Re-read every source. A file that is gone leaves the index; one that no longer reads
        is reported and keeps the passages it had, so a bad edit loses nothing."""
        articles = self.store.articles()
        gone = [a for a in articles if not a.path or not Path(a.path).exists()]
        files = [(Path(a.path), self._origin(a)) for a in articles if a not in gone]
        return self._run(files, [], gone, progress, None, retrain=True)

    def compact(self, progress: Progress = no_progress) -> IngestReport:
        """Merge the served generation's segments into one, without the passages removed from
        them, in a new generation; nothing is re-read or re-embedded, and an approximate index
        keeps its cells. Nothing to do for a generation of one whole segment."""
        report = IngestReport(generation=self.store.generation())
        if report.generation and not self._compacted():
            self._publish([], [], report, progress, retrain=False, whole=True, owned=None)
        return report

    def _outdated(self) -> bool:
        """Whether the served generation was written before segments: any publish rewrites it, so
        the first ingest or feed poll after an upgrade does, even when no article changed."""
        number = self.store.generation()
        return number > 0 and snapshot.layout(self.root, number) is None

    def _compacted(self, approximate_too: bool = False) -> bool:
        """Whether the served generation is one segment without removed passages (and, with
        ``approximate_too``, an exact index: only a rebuild retrains an approximate one's cells)."""
        number = self.store.generation()
        served = snapshot.layout(self.root, number)
        if number == 0 or served is None:
            return number == 0  # nothing published, or published before segments (``_outdated``)
        approximate = approximate_too and self.store.live_count() > dense.EXACT_LIMIT
        return len(served.segments) <= 1 and not len(served.removed) and not approximate

    def _origin(self, article: ArticleRow) -> str | None:
        is_fetched = Path(article.path or "").parent == self.fetched
        return article.url if is_fetched else None

    def _run(
        self,
        files: list[_File],
        failed: list[SourceError],
        gone: list[ArticleRow],
        progress: Progress,
        owner: int | None,
        retrain: bool = False,
    ) -> IngestReport:
        """Read, match, embed and publish; ``owner`` (None: no one new) owns every article read,
        also those already indexed. With ``retrain`` an approximate vector index gets new cells,
        trained on the passages indexed now, even when no article changed."""
        report = IngestReport(failed=list(failed))
        parsed = self._read(files, report, progress)
        leaving = {a.id: a for a in gone}  # articles this publish removes
        parsed = self._within_retention(parsed, leaving, report)
        past = {a.id: a for a in self.store.past_retention()}
        kept = resolve(self.store, parsed, past, leaving, report.duplicates)
        model_changed = self.store.meta("model") not in (None, self.embedder.model_name)
        changed = [p for p in kept if model_changed or p.replaces or not self._unchanged(p)]
        renewed = {p.doc.source for p in changed}  # an undated article ingested again is new again
        leaving |= {i: a for i, a in past.items() if a.source not in renewed and i not in leaving}
        published_or_empty = self.store.generation() > 0 or not self.store.articles()
        rebuild = retrain and not self._compacted(approximate_too=True)
        sources = [p.doc.source for p in kept] + list(report.duplicates.values())
        owned = None if owner is None else (owner, sources)
        if changed or leaving or rebuild or self._outdated() or not published_or_empty:
            self._embed(changed, model_changed, report, progress)
            self._publish(
                changed, list(leaving.values()), report, progress, retrain=retrain, whole=retrain, owned=owned
            )
        else:
            report.generation = self.store.generation()
            if owned is not None:
                with self.store.write() as tx:
                    self._own(tx, *owned)
        out = renewed | set(report.removed) | set(report.expired)
        report.unchanged = [p.doc.source for p in parsed if p.doc.source not in out]
        return report

    def _within_retention(
        self, parsed: list[Parsed], leaving: dict[int, ArticleRow], report: IngestReport
    ) -> list[Parsed]:
        """The documents dated within retention; an indexed article whose document now is not leaves."""
        cut = self.store.retention_cut()
        if cut is None:
            return parsed
        for item in parsed:
            if cut.expired(item.doc.published):
                report.expired.append(item.doc.source)
                if item.stored is not None:
                    leaving[item.stored.id] = item.stored
        return [p for p in parsed if not cut.expired(p.doc.published)]

    def _read(self, files: list[_File], report: IngestReport, progress: Progress) -> list[Parsed]:
        parsed: dict[str, Parsed] = {}
        for done, (path, url) in enumerate(files, 1):
            try:
                doc = clean_document(read_document(path, url))
                drafts = split_passages(doc, self.embedder.max_tokens, self.embedder.count_tokens)
                if not drafts:
                    raise SourceError(str(path), "no article text left after removing page furniture")
                stored = self.store.article_by_source(doc.source)
                parsed[doc.source] = Parsed(doc, drafts, done, stored)
            except SourceError as error:
                log.warning("skipped %s", error)
                report.failed.append(error)
            progress("read", done, len(files))
        return list(parsed.values())

    def _unchanged(self, item: Parsed) -> bool:
        """Whether the stored article already has exactly this metadata and these passages."""
        row = item.stored
        if row is None or _metadata(row) != _metadata(item.doc):
            return False
        stored = [(p.heading, p.text) for p in self.store.article_passages(row.id)]
        return stored == [(d.heading, d.text) for d in item.drafts]

    def _embed(
        self, changed: list[Parsed], everything: bool, report: IngestReport, progress: Progress
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
        cached = self.store.embeddings.hashes(model, needed)
        missing = [h for h in needed if h not in cached]
        report.reused = len(needed) - len(missing)
        step = self.embedder.batch_size * 32  # few large model calls; measured in bench/ingest.py
        if missing:  # shown from the start: the first of those calls takes seconds
            progress("embed", 0, len(missing))
        for start in range(0, len(missing), step):
            batch = missing[start : start + step]
            drafts = [needed[h] for h in batch]
            vectors = self.embedder.encode_passages(
                [d.text for d in drafts], [list(d.sentences) for d in drafts]
            )
            self.store.embeddings.add(model, dict(zip(batch, vectors, strict=True)), waiting_for(progress))
            report.embedded += len(batch)
            progress("embed", report.embedded, len(missing))

    def _publish(
        self,
        changed: list[Parsed],
        gone: list[ArticleRow],
        report: IngestReport,
        progress: Progress,
        *,
        retrain: bool,
        whole: bool,
        owned: tuple[int, list[str]] | None,
    ) -> None:
        """Publish the changes as a new generation: ``whole`` rewrites every passage into one
        segment, ``retrain`` also gives an approximate index new cells (both after a model change:
        cells trained on another model's vectors mean nothing). ``owned``: an owner and the
        sources of the articles it now owns; an article replacing another keeps its owners."""
        store = self.store
        with store.write(waiting_for(progress)) as tx:
            number, now = store.generation() + 1, time.time()
            keep = snapshot.kept(number, store.replaced(), now, self.grace)
            snapshot.remove_stale(self.root, keep)
            replaced = {item.replaces.id for item in changed if item.replaces}
            for item in changed:
                existed = item.replaces or store.article_by_source(item.doc.source)
                article_id = tx.put_article(item.doc, item.fingerprint)
                tx.replace_passages(article_id, item.drafts, item.hashes, number)
                if item.replaces:
                    store.owners.inherit(tx, article_id, item.replaces.id)
                (report.updated if existed else report.added).append(item.doc.source)
            for article in gone:
                tx.remove_article(article.id, number)
                if article.id not in replaced:  # an update: its new copy is listed as updated
                    report.removed.append(article.source)
            if owned is not None:
                self._own(tx, *owned)
            model = self.embedder.model_name
            new_model = store.meta("model") != model
            dim = self.embedder.dim
            write_generation(
                store,
                self.root,
                number,
                model,
                dim,
                progress,
                whole=whole or new_model,
                retrain=retrain or new_model,
            )
            tx.publish_generation(number, now)
            tx.set_meta("model", self.embedder.model_name)
            tx.purge(before_generation=min(keep) + 1)  # the oldest generation kept may be served
        report.generation = number

    def _own(self, tx: Transaction, owner: int, sources: list[str]) -> None:
        """``owner`` owns the live articles of ``sources`` (read through ``tx``'s connection, so
        articles this transaction added are found)."""
        found = (self.store.article_by_source(source) for source in sources)
        self.store.owners.add(tx, [article.id for article in found if article is not None], owner)
