"""What the bot posts for the bot's lines of a transcript (``scripts/transcripts.py``), made by the
engine over the sample index and drawn by the bot's own rendering layer (``bot.render``) as text,
its markdown shown plain.

A bot line is a slash command (``/ask question: …``, ``/summary article: …``, ``/digest topic: …``,
``/timeline story: …``, ``/sources``), a mention (``@newsbot …``), a reply to the answer before it
(``↳ …``), which follows up, or a followed story's update by DM (``✉ after /follow story: … on
YYYY-MM-DD``): what a member who followed the story that day, when the index held only what was
published by then, is sent once the rest is indexed.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from datetime import date

WIDTH = 100  # columns of a terminal, and of a bot reply drawn as text
MENTION, REPLY, DM = "@newsbot ", "↳ ", "✉ "  # a question in a message, a reply to its answer, a DM
OPTION = re.compile(r" (\w+): ")
FOLLOWED = re.compile(r"after /follow story: (?P<story>.+) on (?P<day>\d{4}-\d{2}-\d{2})")
LINK = re.compile(r"\[((?:\\.|[^\]\\])+)\]\((?:\\.|[^)\\])*\)")
CODE = re.compile(r"`([^`]*)`")


def is_bot_line(line: str) -> bool:
    return line.startswith(("/", MENTION, REPLY, DM))


def slash(line: str) -> tuple[str, dict[str, str]]:
    """``/ask question: When? since: 7d`` as ``("ask", {"question": "When?", "since": "7d"})``."""
    command, _, rest = line.removeprefix("/").partition(" ")
    parts = OPTION.split(f" {rest}") if rest else [""]
    if parts[0].strip():
        raise ValueError(f"{line!r}: options are written `name: value`")
    return command, dict(zip(parts[1::2], parts[2::2], strict=True))


def posted(engine, line: str, conversation: list[str]) -> tuple[str, list[str]]:
    """What the bot posts for ``line``, drawn as text and indented under it, and the conversation
    (its questions, oldest first) a reply to it follows up; ``conversation``: the one before."""
    from bot.render import embeds
    from index import SHARED

    if line.startswith((MENTION, REPLY)):
        question = line.removeprefix(MENTION).removeprefix(REPLY)
        earlier = conversation if line.startswith(REPLY) else []
        answer = engine.ask(question, earlier[-3:], scope=SHARED)
        return _indented(drawn(embeds.answer(answer))), [*earlier, question]
    if line.startswith(DM):
        if (followed := FOLLOWED.fullmatch(line.removeprefix(DM))) is None:
            raise ValueError(f"{line!r}: a DM is written {DM}after /follow story: … on YYYY-MM-DD")
        update = _update(engine, followed["story"], date.fromisoformat(followed["day"]))
        return _indented(drawn(embeds.follow_update(update))), []
    command, options = slash(line)
    if command == "ask" and {"question"} <= options.keys() <= {"question", "outlet", "since"}:
        scope = replace(SHARED, outlet=options.get("outlet"))
        answer = engine.ask(options["question"], (), None, scope, options.get("since"))
        return _indented(drawn(embeds.answer(answer))), [options["question"]]
    if command == "summary" and options.keys() == {"article"}:
        messages = embeds.summary(engine.summary(options["article"].strip().lstrip("#"), SHARED))
    elif command == "digest" and options.keys() == {"topic"}:
        messages = embeds.digest(engine.digest(options["topic"], SHARED))
    elif command == "timeline" and options.keys() == {"story"}:
        messages = embeds.timeline(engine.timeline(options["story"], SHARED))
    elif command == "sources" and not options:
        pages = embeds.sources(engine.sources(SHARED), engine.feeds(SHARED.server))
        messages = [pages[:1]]  # the first page; buttons turn to the others
    else:
        raise ValueError(
            f"{line!r}: a transcript shows /ask question: [outlet:] [since:], /summary article:, "
            f"/digest topic:, /timeline story:, /sources, a mention ({MENTION}…), a reply ({REPLY}…) "
            f"or a DM ({DM}…)"
        )
    return _indented(drawn(messages)), []


def _update(engine, reference: str, day: date):
    """The update of the story ``reference`` names as followed on ``day``: its articles published
    by then were known, the others are the news (as ``Follows.update`` finds them)."""
    from index import SHARED, Story, story_reference

    then = Story()
    for report in engine.follows.find(story_reference(reference), SHARED).reports:
        if report.article.published and report.article.published[:10] <= day.isoformat():
            then.add(report)
    if not then.reports:
        raise ValueError(f"nothing of the story {reference!r} was published by {day}")
    return engine.follows.update(engine.follows.follow(then).followed, SHARED)


def _indented(lines: list[str]) -> str:
    return "\n".join(f"  {line}" if line else "" for line in lines)


def drawn(messages) -> list[str]:
    """The bot's messages as a reader sees them: each embed's author line, title, text and footer,
    links and emphasis shown as plain text, lines wrapped to ``WIDTH`` less the indent."""
    lines = []
    for message in messages:
        for embed in message:
            shown = [embed.author.name, embed.title, *(embed.description or "").split("\n")]
            shown.append(embed.footer.text)
            lines += [line for text in shown if text is not None for line in _wrapped(plain(text))]
    return lines


def plain(markdown: str) -> str:
    """Discord markdown as it reads on screen: ``[title](url)`` as title, no ``**`` or backticks,
    no small-text ``-#``, escaped characters as themselves."""
    text = CODE.sub(r"\1", LINK.sub(r"\1", markdown)).replace("**", "")
    return re.sub(r"\\(.)", r"\1", text.removeprefix("-# "))


def _wrapped(line: str) -> list[str]:
    if not line:
        return [""]
    indent = "  " if line.startswith("> ") else "    "
    return textwrap.wrap(line, WIDTH - 2, subsequent_indent=indent, break_on_hyphens=False)
