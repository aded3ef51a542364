"""Plain-text rendering of answers, summaries, digests, sources and ingest reports for a terminal."""

import shutil
import textwrap

from ..answer import Answer, Quote
from ..citations import Citation, human_date
from ..differences import Difference
from ..digest import Digest
from ..ingest import IngestReport
from ..store import ArticleRow
from ..summary import Summary


def _width() -> int:
    return min(shutil.get_terminal_size((100, 24)).columns, 100)


def _quotes(quotes: list[Quote]) -> list[str]:
    lines = []
    for quote in quotes:
        marks = "".join(f"[{n}]" for n in (quote.source, *quote.also_in))
        lines.extend(
            textwrap.wrap(
                f"“{quote.text}” {marks}", _width() - 2, initial_indent="  ", subsequent_indent="   "
            )
        )
        lines.append("")
    return lines


def citation(c: Citation) -> str:
    parts = [c.outlet, c.title, human_date(c.published), c.url or c.path]
    return f"[{c.n}] " + " · ".join(p for p in parts if p)


def answer(a: Answer) -> str:
    lines = [a.message, ""]
    if a.answered:
        lines += _quotes(a.quotes)
        lines += ["Sources:", *(f"  {citation(c)}" for c in a.sources)]
    return "\n".join(lines).rstrip()


def summary(s: Summary) -> str:
    lines = [f"Highlights of “{s.citation.title}”", ""]
    lines += _quotes(s.highlights)
    lines += ["Source:", f"  {citation(s.citation)}"]
    return "\n".join(lines)


def digest(d: Digest) -> str:
    """Each outlet's quotes under its name, where the sources differ, then the sources; a statement
    several made cites them all."""
    if not d.found:
        return d.message
    by_number = {c.n: c for c in d.sources}
    lines = [f"Digest of “{d.topic}”", ""]
    for section in d.sections:
        source = by_number[section.source]
        lines += [f"{source.outlet or source.title} [{source.n}]", *_quotes(section.quotes)]
    if d.differences:
        lines += ["Where sources differ", ""]
        for difference in d.differences:
            lines += [f"{difference_line(difference)}:", *_quotes(difference.quotes)]
    lines += ["Sources:", *(f"  {citation(c)}" for c in d.sources)]
    return "\n".join(lines)


def difference_line(d: Difference) -> str:
    """``10 [1] · seven [2]``: what each outlet says at the point where they differ."""
    return " · ".join(f"{said} [{q.source}]" for said, q in zip(d.differ, d.quotes, strict=True))


def sources(articles: list[ArticleRow]) -> str:
    if not articles:
        return "Nothing is indexed yet: run `newsbot ingest PATH`."
    rows = [("id", "published", "outlet", "passages", "ingested", "title")]
    rows += [
        (str(a.id), a.published or "-", a.outlet or "-", str(a.passages), a.ingested_at[:10], a.title)
        for a in articles
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(r, widths, strict=False)), r[5]]) for r in rows
    )


def report(r: IngestReport) -> str:
    counts = (
        f"{len(r.added)} added, {len(r.updated)} updated, {len(r.unchanged)} unchanged, "
        f"{len(r.removed)} removed, {len(r.failed)} failed; "
        f"{r.embedded} passages embedded, {r.reused} reused from the cache"
    )
    lines = [counts]
    lines += [f"  failed: {error.source}: {error.reason}" for error in r.failed]
    lines += [f"  removed: {source}" for source in r.removed]
    return "\n".join(lines)
