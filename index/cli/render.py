"""Plain-text rendering of answers, summaries, digests, sources and ingest reports for a terminal
(feeds: ``render_feeds``)."""

import shutil
import textwrap

from ..answer import Answer, Citation, Insights, Quote, human_date
from ..ingest import IngestReport
from ..report import (
    NOTHING_NEW,
    Briefing,
    Difference,
    Digest,
    Followed,
    Story,
    StoryUpdate,
    Summary,
    Timeline,
)
from ..search import Period
from ..store import ArticleRow


def _width() -> int:
    return min(shutil.get_terminal_size((100, 24)).columns, 100)


BOLD, PLAIN = "\033[1m", "\033[0m"


def _quotes(quotes: list[Quote], emphasis: bool = False) -> list[str]:
    """Each quote wrapped to the terminal with its citation numbers; with ``emphasis``, its marked
    words in bold (marks are added after wrapping, so they never count as width)."""
    lines = []
    for quote in quotes:
        numbers = "".join(f"[{n}]" for n in (quote.source, *quote.also_in))
        wrapped = textwrap.wrap(
            f"“{quote.text}” {numbers}", _width() - 2, initial_indent="  ", subsequent_indent="   "
        )
        lines.extend(_emphasise(wrapped, quote.marked) if emphasis else wrapped)
        lines.append("")
    return lines


def _emphasise(lines: list[str], words: list[str]) -> list[str]:
    """``lines`` with each of ``words`` in bold, in the first line that holds it whole."""
    lines = list(lines)
    for word in words:
        at = next((i for i, line in enumerate(lines) if word in line), None)
        if at is not None:
            lines[at] = lines[at].replace(word, f"{BOLD}{word}{PLAIN}", 1)
    return lines


def citation(c: Citation) -> str:
    parts = [c.outlet, c.title, human_date(c.published) or "undated", c.url or c.path]
    return f"[{c.n}] " + " · ".join(p for p in parts if p)


def answer(a: Answer, emphasis: bool = False) -> str:
    """The answer: its message, the answering words when they are marked, the quotes, the sources."""
    lines = [a.message, ""]
    if a.answered:
        if a.marked:
            lines += [f"Answer: {' · '.join(a.marked)}", ""]
        lines += _quotes(a.quotes, emphasis)
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


def briefing(b: Briefing) -> str:
    """Each story: its title, reports and days, its highlights, a point where sources differ, its sources."""
    if not b.stories:
        return b.nothing_new
    lines = [b.title, ""]
    for n, story in enumerate(b.stories, 1):
        lines += [f"{n}. {story.title}", f"   {story.reported}", ""]
        lines += _quotes(story.highlights)
        for difference in story.differences:
            lines += [f"  Where sources differ: {difference_line(difference)}", *_quotes(difference.quotes)]
        lines += [f"  {citation(c)}" for c in story.sources] + [""]
    return "\n".join(lines).rstrip()


def timeline(t: Timeline) -> str:
    """Each day, oldest first and the undated last, with its outlets and what was new that day."""
    lines = [f"Timeline: {t.story}", ""]
    for day in t.days:
        lines += [f"{human_date(day.day) or 'Undated'} · {', '.join(day.outlets)}"]
        lines += _quotes(day.events) if day.events else [f"  {NOTHING_NEW}", ""]
    lines += ["Sources:", *(f"  {citation(c)}" for c in t.sources)]
    return "\n".join(lines)


def follow_update(update: StoryUpdate, first: bool = False) -> str:
    """A followed story's new facts with their sources; newly followed, its latest facts."""
    if first:
        lines = [f"Now following: {update.story}", "", "Its latest facts:" if update.facts else NOTHING_NEW]
    elif update.facts:
        lines = [f"New on {update.story}:"]
    else:
        return f"Nothing new on {update.story} since the last time."
    if update.facts:
        lines += ["", *_quotes(update.facts), "Sources:", *(f"  {citation(c)}" for c in update.sources)]
    return "\n".join(lines).rstrip()


def followed(follows: list[Followed]) -> str:
    """The stories followed, with how many of their articles were reported."""
    if not follows:
        return "No story is followed: `newsbot follow TOPIC_OR_ARTICLE` follows one."
    return "\n".join(
        f"- {f.title} · {len(f.articles)} article{'s' if len(f.articles) != 1 else ''}" for f in follows
    )


def stories(found: list[Story], since: Period) -> str:
    """Each story: its title, how many independent reports from which outlets, then its articles."""
    if not found:
        return f"No story was reported since {since}."
    lines = []
    for n, story in enumerate(found, 1):
        lines += [f"{n}. {story.best.article.title}", f"   {story.reported}"]
        lines += [
            f"   - {r.article.id}: {r.article.title} · {r.article.published or 'undated'}"
            for r in story.reports
        ]
    return "\n".join(lines)


def sources(articles: list[ArticleRow], own: set[int] | None = None) -> str:
    """The articles as a table; with ``own`` (for a server), whether each is the server's or shared."""
    if not articles:
        return "Nothing is indexed yet: run `newsbot ingest PATH`."
    rows = [
        (
            "id",
            "published",
            "outlet",
            "passages",
            "ingested",
            *(("added by",) if own is not None else ()),
            "title",
        )
    ]
    for a in articles:
        whose = () if own is None else ("this server" if a.id in own else "shared",)
        rows.append(
            (
                str(a.id),
                a.published or "-",
                a.outlet or "-",
                str(a.passages),
                a.ingested_at[:10],
                *whose,
                a.title,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(r, widths, strict=False)), r[-1]]) for r in rows
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
    lines += [f"  a copy of {kept}: {source}" for source, kept in r.duplicates.items()]
    lines += [f"  older than NEWSBOT_RETENTION_DAYS, not kept: {source}" for source in r.expired]
    return "\n".join(lines)


def insights(found: Insights, stored: bool) -> str:
    """The questions asked, the share answered, what the news did not answer, the answers voted down."""
    if not stored:
        return "Questions are not stored (NEWSBOT_STORE_QUESTIONS is off): there is nothing to show."
    share = f"{found.share_answered:.0%}" if found.asked else "-"
    lines = [f"{found.asked} questions asked in the last {found.days} days, {share} answered.", ""]
    lines.append("What the news did not answer:")
    for unanswered in found.unanswered:
        lines.append(f"  {unanswered.times}x {unanswered.question}")
        lines += [
            f"       also: {wording}" for wording in unanswered.wordings if wording != unanswered.question
        ]
    lines += [] if found.unanswered else ["  nothing"]
    lines += ["", "Answers voted down:"]
    for voted in found.voted_down:
        lines.append(f"  {voted.votes}x down: {voted.question}")
        lines += [f"       > {quote}" for quote in voted.quotes]
    lines += [] if found.voted_down else ["  none"]
    return "\n".join(lines)
