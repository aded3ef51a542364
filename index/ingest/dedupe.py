"""Which article each document of a batch is (the rules are in ``read.identity``): the copy kept, the
copies dropped as duplicates, and the indexed articles a newer text of their URL replaces."""

from dataclasses import dataclass
from functools import cached_property

from ..read import identity
from ..read.document import Document, PassageDraft
from ..store import ArticleRow, Store
from ..text import sha256


@dataclass
class Parsed:
    """A document read for ingest, with its passages and what identifies it."""

    doc: Document
    drafts: list[PassageDraft]
    order: int  # in reading order
    stored: ArticleRow | None = None  # the indexed article of the same source, when it was read
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


def resolve(
    store: Store,
    parsed: list[Parsed],
    past: dict[int, ArticleRow],
    leaving: dict[int, ArticleRow],
    duplicates: dict[str, str],
) -> list[Parsed]:
    """The documents to store, one per article; the others go into ``duplicates`` (their source:
    the source of the article kept). An indexed article whose file or URL now gives another
    article's text, or whose URL now gives other text, goes into ``leaving``. Articles ``past``
    retention or leaving are never what a document is matched to."""
    batch = _Batch(store, leaving, duplicates)
    kept = batch.against_index(batch.one_per_text(batch.one_per_url(parsed)), past)
    for source, kept_as in duplicates.items():  # a batch's copy of a copy: the article kept
        seen = {source}
        while kept_as in duplicates and kept_as not in seen:
            seen.add(kept_as)
            kept_as = duplicates[kept_as]
        duplicates[source] = kept_as
    return kept


class _Batch:
    """One batch being resolved: what is dropped, and the indexed articles that leave."""

    def __init__(self, store: Store, leaving: dict[int, ArticleRow], duplicates: dict[str, str]) -> None:
        self.store = store
        self.leaving = leaving
        self.duplicates = duplicates

    def drop(self, item: Parsed, kept_as: str) -> None:
        self.duplicates[item.doc.source] = kept_as
        if (article := item.stored) is not None:
            self.leaving[article.id] = article

    def one_per_url(self, parsed: list[Parsed]) -> list[Parsed]:
        """One text per URL: the last read (the newest fetch)."""
        newest = {p.identity: p for p in parsed if p.identity is not None}
        batch = []
        for item in parsed:
            latest = newest.get(item.identity) if item.identity else None
            if latest is None or latest.fingerprint == item.fingerprint:
                batch.append(item)
            else:
                self.drop(item, latest.doc.source)
        return batch

    def one_per_text(self, batch: list[Parsed]) -> list[Parsed]:
        """One copy per text: an indexed copy (the first stored), else the earliest published
        (undated last), else the first read."""

        def first(item: Parsed) -> tuple[int, int, str, int]:
            stored = item.stored
            return (0, stored.id, "", 0) if stored else (1, 0, item.doc.published or "9999", item.order)

        winners: dict[str, Parsed] = {}
        for item in sorted(batch, key=first):
            winners.setdefault(item.fingerprint, item)
        for item in batch:
            if winners[item.fingerprint] is not item:
                self.drop(item, winners[item.fingerprint].doc.source)
        return [p for p in batch if winners[p.fingerprint] is p]

    def against_index(self, batch: list[Parsed], past: dict[int, ArticleRow]) -> list[Parsed]:
        """The batch without texts indexed under another source; indexed articles whose URL now
        gives other text leave. An indexed article this batch reads again is matched only to its
        own document, whose text may change."""
        reread = {p.doc.source for p in batch}

        def indexed(found: list[ArticleRow], source: str) -> list[ArticleRow]:
            """Of ``found``, the articles a document of ``source`` may be matched to."""
            return [
                a
                for a in found
                if a.id not in past
                and a.id not in self.leaving
                and (a.source == source or a.source not in reread)
            ]

        kept = []
        for item in batch:
            mine = item.stored
            same_text = self.store.articles_with_fingerprint(item.fingerprint)
            holder = next(iter(indexed(same_text, item.doc.source)), None)
            if holder is not None and (mine is None or holder.id != mine.id):
                self.drop(item, holder.source)  # this text is indexed already: the first copy stays
                continue
            same_url = self.store.articles_with_identity(item.identity) if item.identity else []
            for other in indexed(same_url, item.doc.source):
                if other.source != item.doc.source:  # the page at this URL now has other text
                    self.leaving[other.id] = other
                    item.replaces = item.replaces or (other if mine is None else None)
            kept.append(item)
        return kept
