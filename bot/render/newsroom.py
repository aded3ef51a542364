"""What a server's managers see of their newsroom: the outlets it quotes and hides."""

import discord

from .layout import COLOUR, DESCRIPTION
from .text import escape, shorten


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
