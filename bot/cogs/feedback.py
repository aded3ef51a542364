"""Votes on answers: 👍 and 👎 under each answer, still working after a restart. The buttons are a
dynamic item: the answer's question id is in their custom id, so no view has to be kept. A vote is
kept with its question, the quotes the answer showed and a keyed hash of the voter, once per voter
and answer (a later vote replaces theirs); see ``index.answer.newsroom``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

import discord

from ..render import newsroom
from ..render.embeds import quotes_of
from ..replies import NO_PINGS

if TYPE_CHECKING:
    from ..client import NewsBot

PREFIX = "newsbot:vote"


class Vote(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"{PREFIX}:(?P<way>up|down):(?P<question>[0-9]+)"
):
    def __init__(self, question_id: int, up: bool) -> None:
        way = "up" if up else "down"
        button = discord.ui.Button(
            style=discord.ButtonStyle.secondary,
            emoji="👍" if up else "👎",
            custom_id=f"{PREFIX}:{way}:{question_id}",
        )
        super().__init__(button)
        self.question_id, self.up = question_id, up

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str]
    ) -> Vote:
        return cls(int(match["question"]), match["way"] == "up")

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = cast("NewsBot", interaction.client)
        quotes = quotes_of(interaction.message) if interaction.message else []
        counted = await bot.worker.vote(self.question_id, interaction.user.id, self.up, quotes)
        said = newsroom.vote_said(self.up, counted)
        await interaction.response.send_message(said, ephemeral=True, allowed_mentions=NO_PINGS)


def votes(question_id: int) -> discord.ui.View:
    """The buttons under an answer to the question kept as ``question_id``."""
    view = discord.ui.View(timeout=None)
    view.add_item(Vote(question_id, up=True))
    view.add_item(Vote(question_id, up=False))
    return view


async def setup(bot: NewsBot) -> None:
    bot.add_dynamic_items(Vote)
