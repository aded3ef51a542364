"""Answers, summaries, digests, timelines, briefings, source and feed lists and ingest reports as
Discord embeds."""

from collections.abc import Collection, Sequence

import discord

from index import (
    NOTHING_NEW,
    AddedFeed,
    Answer,
    ArticleRow,
    Briefing,
    BriefStory,
    Citation,
    Difference,
    Digest,
    FeedRow,
    IngestReport,
    Quote,
    StoryUpdate,
    Summary,
    Timeline,
    human_date,
)

from .layout import COLOUR, ERROR_COLOUR, TITLE, pack
from .text import MAX_TITLE, escape, marks, quote_block, shorten, source_line, url_code, when

Messages = list[list[discord.Embed]]
ANSWER_FOOTER = "Quoted word for word from the indexed articles · reply to this message to follow up"
SOURCES_PER_PAGE = 10
FEEDS_PER_PAGE = 10
FEED_ERROR = 200  # characters of a feed's last error shown
NO_FEEDS = "No feeds are watched: add one with /feeds add."
FAILURES_SHOWN = 8  # of each kind: 16 lines of at most LINE (twice that escaped) fit one embed
LINE = 120
STAGES = {"read": "Reading sources", "embed": "Embedding passages", "index": "Publishing the index"}


def answer(result: Answer) -> Messages:
    """The quotes with their citation numbers, then the sources; the question is the embed's author
    line, which Discord shows as plain text and the bot reads back for follow-ups."""
    if not result.answered:
        blocks = [result.message]
    else:
        said = [f"**Answer:** {escape(' · '.join(result.marked))}", ""] if result.marked else []
        blocks = said + _quotes(result.quotes) + _sources(result.sources)
    messages = pack(blocks, footer=ANSWER_FOOTER if result.answered else None)
    messages[0][0].set_author(name=shorten(result.question, TITLE))
    return messages


def question_of(message: discord.Message) -> str | None:
    """The question a message of the bot's answered, as ``answer`` wrote it."""
    return next((embed.author.name for embed in message.embeds if embed.author.name), None)


def quotes_of(message: discord.Message) -> list[str]:
    """The quotes a message of the bot's showed, as ``answer`` wrote them (without the "> ")."""
    lines = (line for embed in message.embeds for line in (embed.description or "").splitlines())
    return [line[2:] for line in lines if line.startswith("> ")]


def summary(result: Summary) -> Messages:
    blocks = [*_quotes(result.highlights), *_sources([result.citation])]
    return pack(blocks, title=f"Highlights: {result.citation.title}")


def digest(result: Digest) -> Messages:
    if not result.found:
        return pack([result.message], title=f"Digest: {result.topic}")
    by_number = {c.n: c for c in result.sources}
    blocks = []
    for section in result.sections:
        source = by_number[section.source]
        blocks += [f"**{escape(source.outlet or source.title)}**", *_quotes(section.quotes)]
    if result.differences:
        blocks.append("**Where sources differ**")
        for difference in result.differences:
            blocks += [_differ(difference), *_quotes(difference.quotes)]
    return pack([*blocks, *_sources(result.sources)], title=f"Digest: {result.topic}")


def timeline(result: Timeline) -> Messages:
    """Each day of the story, oldest first and the undated last, with its outlets and what was new
    that day; then the sources."""
    blocks = []
    for day in result.days:
        blocks.append(f"**{human_date(day.day) or 'Undated'}** · {escape(', '.join(day.outlets))}")
        blocks += _quotes(day.events) if day.events else [NOTHING_NEW, ""]
    return pack([*blocks, *_sources(result.sources)], title=f"Timeline: {result.story}")


def follow_update(result: StoryUpdate, first: bool = False) -> Messages:
    """A followed story's new facts and their sources; newly followed, its latest facts."""
    title = f"{'Now following' if first else 'New on'}: {result.story}"
    if not result.facts:
        return pack(["Nothing to quote yet: its new facts will be sent as they are published."], title=title)
    return pack([*_quotes(result.facts), *_sources(result.sources)], title=title)


def briefing(result: Briefing) -> Messages:
    """The briefing as one message of embeds: each story's title, reports and days, its highlights,
    one point where sources differ, and its sources; the stories that would not fit are left out."""
    title = result.title
    if not result.stories:
        return pack([result.nothing_new], title=title)
    blocks: list[str] = []
    for n, story in enumerate(result.stories, 1):
        more = [*blocks, *_brief_story(n, story)]
        if blocks and len(pack(more, title=title)) > 1:
            break
        blocks = more
    return pack(blocks, title=title)


def _brief_story(n: int, story: BriefStory) -> list[str]:
    blocks = [f"**{n}. {escape(story.title)}**", f"-# {story.reported}"]
    blocks += _quotes(story.highlights)
    for difference in story.differences:
        blocks += [f"Where sources differ: {_differ(difference)}", *_quotes(difference.quotes)]
    return blocks + _sources(story.sources)


def sources(
    articles: list[ArticleRow], feeds: Sequence[FeedRow] = (), own: Collection[int] = ()
) -> list[discord.Embed]:
    """One embed per page of the list of indexed articles, newest first, then of the watched feeds;
    the ids in ``own`` (the server's own articles, not shared) are marked as the server's."""
    if not articles:
        pages = [discord.Embed(description="Nothing is indexed yet: an admin can add news with /ingest.")]
    else:
        mine = sum(a.id in own for a in articles)
        whose = f" ({mine} added in this server, {len(articles) - mine} shared)" if mine else ""
        pages = [
            discord.Embed(
                title=f"Indexed news: {len(articles)} articles{whose}",
                description="\n".join(
                    _article_line(a, a.id in own) for a in articles[i : i + SOURCES_PER_PAGE]
                ),
                colour=COLOUR,
            )
            for i in range(0, len(articles), SOURCES_PER_PAGE)
        ]
    pages += _feed_pages(feeds)
    return _numbered(pages) if articles or feeds else pages


def feeds(rows: Sequence[FeedRow]) -> list[discord.Embed]:
    """One embed per page of the watched feeds: each one's articles, last success and last error."""
    return _numbered(_feed_pages(rows)) if rows else [discord.Embed(description=NO_FEEDS)]


def added_feed(added: AddedFeed) -> discord.Embed:
    entries = f"**{added.entries}** {_plural(added.entries, 'entry', 'entries')} in the feed now."
    if added.new:
        title = f"Watching {added.title or 'a new feed'}"
        text = "The bot is ingesting its articles and will poll it from now on"
    else:
        title = f"Already watching {added.title or 'this feed'}"
        text = "The bot polls it on its schedule"
    description = f"{url_code(added.url)}\n{entries} {text}; /feeds list shows how it went."
    return discord.Embed(title=shorten(title, TITLE), description=description, colour=COLOUR)


def removed_feed(url: str) -> discord.Embed:
    description = f"{url_code(url)}\nIts articles stay indexed; /sources lists them."
    return discord.Embed(title="Feed removed", description=description, colour=COLOUR)


def report(title: str, result: IngestReport) -> discord.Embed:
    """Counts, then the reasons of what failed and what left the index; always one embed."""
    counts = (
        f"**{len(result.added)}** added · **{len(result.updated)}** updated · "
        f"**{len(result.unchanged)}** unchanged · **{len(result.removed)}** removed · "
        f"**{len(result.failed)}** failed"
    )
    lines = [counts, f"{result.embedded} passages embedded, {result.reused} reused from the cache."]
    if result.duplicates:
        lines.append(f"{len(result.duplicates)} were copies of indexed articles, kept once.")
    if result.expired:
        lines.append(f"{len(result.expired)} were older than the retention period and not kept.")
    lines += [_line(f"✗ {_name(e.source)}: {e.reason}") for e in result.failed[:FAILURES_SHOWN]]
    lines += [_line(f"− removed {_name(source)}") for source in result.removed[:FAILURES_SHOWN]]
    hidden = max(0, len(result.failed) - FAILURES_SHOWN) + max(0, len(result.removed) - FAILURES_SHOWN)
    if hidden:
        lines.append(f"…and {hidden} more (see the bot's log)")
    colour = ERROR_COLOUR if result.failed and not (result.added or result.updated) else COLOUR
    return pack(lines, title=title, colour=colour)[0][0]


def progress(title: str, stage: str, done: int, total: int) -> discord.Embed:
    """A stage's bar; a stage of nothing to count (waiting for another process) is its words alone."""
    counted = f"\n`{_bar(done, total)}` {done}/{total}" if total else ""
    return discord.Embed(title=title, description=f"{STAGES.get(stage, escape(stage))}{counted}")


def problem(text: str) -> str:
    """A short message for an error or refusal, safe to send as content."""
    return shorten(escape(text), 300)


def _quotes(quotes: list[Quote]) -> list[str]:
    return [block for q in quotes for block in (quote_block(q.text, [q.source, *q.also_in], q.marks), "")]


def _differ(difference: Difference) -> str:
    """``jackets [1] · tracksuits [2]``: what each outlet says where they differ."""
    said = zip(difference.differ, difference.quotes, strict=True)
    return " · ".join(f"{escape(shorten(words, TITLE))} {marks([q.source])}" for words, q in said)


def _sources(citations: list[Citation]) -> list[str]:
    return ["**Sources**", *(source_line(c, f"[{c.n}]") for c in citations)]


def _article_line(article: ArticleRow, own: bool) -> str:
    return source_line(article, f"#{article.id}") + (" · *this server's*" if own else "")


def _feed_pages(rows: Sequence[FeedRow]) -> list[discord.Embed]:
    """``FEEDS_PER_PAGE`` feeds a page, or fewer where their text would not fit one embed."""
    title = f"Watched feeds: {len(rows)}"
    chunks = [rows[i : i + FEEDS_PER_PAGE] for i in range(0, len(rows), FEEDS_PER_PAGE)]
    blocks = [[_feed_block(feed) for feed in chunk] for chunk in chunks]
    return [embed for chunk in blocks for message in pack(chunk, title=title) for embed in message]


def _feed_block(feed: FeedRow) -> str:
    """``**Title** · `url``` (``· shared`` when every server gets its articles), then its articles
    and last success, then its last error if any."""
    name = f"**{escape(shorten(feed.title, MAX_TITLE))}** · " if feed.title else ""
    lines = [f"{name}{url_code(feed.url)}" + (" · shared" if feed.shared else "")]
    polled = f"last success {when(feed.last_success_at)}" if feed.last_success_at else "not polled yet"
    lines.append(f"{feed.articles} {_plural(feed.articles, 'article', 'articles')} · {polled}")
    if feed.last_error and feed.last_error_at:
        error = escape(shorten(feed.last_error, FEED_ERROR))
        lines.append(f"✗ last error {when(feed.last_error_at)}: {error}")
    return "\n".join(lines)


def _numbered(pages: list[discord.Embed]) -> list[discord.Embed]:
    for number, page in enumerate(pages, 1):
        page.set_footer(text=f"Page {number} of {len(pages)}")
    return pages


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _line(text: str) -> str:
    return escape(shorten(text, LINE))


def _name(source: str) -> str:
    return source.rsplit("/", 1)[-1] if "://" not in source else source


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "·" * (width - filled)
