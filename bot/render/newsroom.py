"""What a server's newsroom shows: the outlets it quotes and hides, what a vote said, and the
insights its managers read."""

import discord

from index import Insights

from .layout import COLOUR, DESCRIPTION
from .text import escape, shorten

LINE = 200  # characters of one question or quote in the insights


def outlets(shown: list[str], hidden: list[str]) -> discord.Embed:
    """The outlets the server's readers are quoted from, then those it hides."""
    lines = [f"**Quoted here ({len(shown)})**", ", ".join(map(escape, shown)) or "none yet"]
    lines += [f"**Hidden here ({len(hidden)})**", ", ".join(map(escape, hidden)) or "none: /outlets hide"]
    return discord.Embed(title="Outlets", description=shorten("\n".join(lines), DESCRIPTION), colour=COLOUR)


def outlet_changed(outlet: str, hidden: bool, changed: bool) -> str:
    name = f"**{escape(outlet)}**"
    if hidden:
        return f"{name} is never quoted here now." if changed else f"{name} was hidden already."
    return f"{name} is quoted here again." if changed else f"{name} was not hidden."


def vote_said(up: bool, counted: bool) -> str:
    if not counted:
        return "This answer is too old to vote on."
    return f"Thanks: your {'👍' if up else '👎'} is counted."


def insights(found: Insights, stored: bool) -> list[discord.Embed]:
    """The questions asked, the share answered, the unanswered ones most asked, the answers voted
    down; one message of embeds within Discord's limits (longer lists are cut)."""
    if not stored:
        note = "Questions are not stored (the store_questions setting is off), so there is nothing to show."
        return [discord.Embed(title="Insights", description=note, colour=COLOUR)]
    share = f"{found.share_answered:.0%}" if found.asked else "-"
    summary = f"**{found.asked}** questions asked in the last {found.days} days · **{share}** answered"
    lines = [summary, "", "**What the news did not answer**"]
    lines += [f"{u.times}× {escape(shorten(u.question, LINE))}" for u in found.unanswered] or ["nothing"]
    lines += ["", "**Answers voted down**"]
    for voted in found.voted_down:
        lines.append(f"{voted.votes}× 👎 {escape(shorten(voted.question, LINE))}")
        lines += [f"> {shorten(quote, LINE)}" for quote in voted.quotes[:2]]
    if not found.voted_down:
        lines.append("none")
    return [
        discord.Embed(title="Insights", description=shorten("\n".join(lines), DESCRIPTION), colour=COLOUR)
    ]
