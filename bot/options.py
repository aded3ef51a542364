"""Slash-command options that are values the engine parses: a period, an outlet's name, a feed's
URL, a story (a topic or an article), a time of day, a time zone, a list of topics. Each is read
by the same parser the command line uses (one place per kind of value), before the command runs:
what it refuses is told only to who typed it, in its parser's words (``failures.describe``), and
nothing is done.

Each option also tells Discord its longest value, so the client refuses longer ones as it is typed.
"""

from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands

from index import (
    MAX_OUTLET_CHARS,
    MAX_REFERENCE_CHARS,
    MAX_URL_CHARS,
    Period,
    outlet_name,
    story_reference,
    web_address,
)

from .schedules import MAX_TOPICS_CHARS, time_of_day, time_zone, topic_list


class Parsed(app_commands.Transformer):
    """A text option read by ``parse``, which raises InputError (``index.InputError``) for a value
    it does not take; discord.py hands that to the tree's error handler as a TransformerError."""

    def __init__(self, parse: Callable[[str], Any], longest: int) -> None:
        super().__init__()
        self.parse = parse
        self.longest = longest

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def min_value(self) -> int:
        return 1

    @property
    def max_value(self) -> int:
        return self.longest

    async def transform(self, interaction: discord.Interaction, value: str, /) -> Any:
        return self.parse(value)


PeriodOption = app_commands.Transform[Period, Parsed(Period.parse, 10)]
OutletOption = app_commands.Transform[str, Parsed(outlet_name, MAX_OUTLET_CHARS)]
WebAddressOption = app_commands.Transform[str, Parsed(web_address, MAX_URL_CHARS)]
TimeOption = app_commands.Transform[str, Parsed(time_of_day, 8)]
ZoneOption = app_commands.Transform[str, Parsed(time_zone, 64)]
StoryOption = app_commands.Transform[str, Parsed(story_reference, MAX_REFERENCE_CHARS)]
TopicsOption = app_commands.Transform[tuple[str, ...], Parsed(topic_list, MAX_TOPICS_CHARS)]

__all__ = [
    "OutletOption",
    "Parsed",
    "PeriodOption",
    "StoryOption",
    "TimeOption",
    "TopicsOption",
    "WebAddressOption",
    "ZoneOption",
]
