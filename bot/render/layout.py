"""Discord's message limits, and text blocks packed into embeds and messages within them."""

import discord

from .text import shorten

CONTENT = 2000  # characters of message content
DESCRIPTION = 4096  # characters of one embed's description
MESSAGE_EMBEDS = 6000  # characters of all embeds of one message together
EMBEDS = 10  # embeds per message
TITLE = 256
FOOTER = 2048
FIELDS = 25
CHOICES = 25  # autocomplete choices
CHOICE_NAME = 100

COLOUR = discord.Colour.blurple()
ERROR_COLOUR = discord.Colour.red()
_RESERVED = TITLE + 200  # room kept in every message for a title and a footer


def pack(
    blocks: list[str],
    *,
    title: str | None = None,
    footer: str | None = None,
    colour: discord.Colour = COLOUR,
) -> list[list[discord.Embed]]:
    """``blocks`` (joined by newlines) as messages of embeds, each within Discord's limits.

    A block is never split across embeds unless it alone is longer than an embed can hold; the
    title goes on the first embed and the footer on the last.
    """
    descriptions = _descriptions([piece for block in blocks for piece in _pieces(block)])
    embeds = [discord.Embed(description=text, colour=colour) for text in descriptions]
    embeds = embeds or [discord.Embed(colour=colour)]
    if title:
        embeds[0].title = shorten(title, TITLE)
    if footer:
        embeds[-1].set_footer(text=shorten(footer, FOOTER))
    return _messages(embeds)


def _pieces(block: str) -> list[str]:
    """A block, or for a block longer than an embed, its parts split between words."""
    pieces = []
    while len(block) > DESCRIPTION:
        cut = block.rfind(" ", 0, DESCRIPTION)
        cut = cut if cut > 0 else DESCRIPTION
        pieces.append(block[:cut])
        block = block[cut:].lstrip()
    return [*pieces, block]


def _descriptions(pieces: list[str]) -> list[str]:
    budget = min(DESCRIPTION, MESSAGE_EMBEDS - _RESERVED)
    descriptions: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current}\n{piece}" if current else piece
        if current and len(joined.strip()) > budget:
            descriptions.append(current.strip())
            joined = piece
        current = joined
    if current.strip():
        descriptions.append(current.strip())
    return descriptions


def _messages(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    messages: list[list[discord.Embed]] = [[]]
    for embed in embeds:
        page = messages[-1]
        if page and (len(page) == EMBEDS or sum(map(len, page)) + len(embed) > MESSAGE_EMBEDS):
            messages.append([])
        messages[-1].append(embed)
    return messages


def name_choices(names: list[str], typed: str) -> list[discord.app_commands.Choice[str]]:
    """Autocomplete choices of the ``names`` holding what was typed, any case, in their order."""
    typed = typed.casefold().strip()
    found = [name for name in names if typed in name.casefold()][:CHOICES]
    return [
        discord.app_commands.Choice(name=shorten(name, CHOICE_NAME), value=name[:CHOICE_NAME])
        for name in found
    ]
