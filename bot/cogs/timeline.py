"""``/timeline``: a story day by day, with what was new each day; the recent stories autocompleted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..options import StoryOption
from ..render import embeds
from ..render.layout import CHOICE_NAME, CHOICES
from ..render.text import shorten
from ..replies import respond
from ..scopes import scope_of

if TYPE_CHECKING:
    from ..client import NewsBot


class Timelines(commands.Cog):
    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(description="A story day by day: what was new each day, quoted and cited")
    @app_commands.describe(story="Pick a recent story, or give a topic, an article's title words or its #id")
    async def timeline(self, interaction: discord.Interaction, story: StoryOption) -> None:
        await interaction.response.defer(thinking=True)
        result = await self.bot.worker.timeline(story, scope_of(interaction.guild_id))
        await respond(interaction, embeds.timeline(result))

    @timeline.autocomplete("story")
    async def _stories(self, interaction: discord.Interaction, typed: str) -> list[app_commands.Choice[str]]:
        return await story_choices(self.bot, interaction, typed)


async def story_choices(
    bot: NewsBot, interaction: discord.Interaction, typed: str
) -> list[app_commands.Choice[str]]:
    """The recent stories with an article whose title holds what was typed, each chosen by the id
    of the article that tells it best (``/timeline``, ``/follow``)."""
    found = await bot.worker.story_choices(typed, CHOICES, scope_of(interaction.guild_id))
    return [
        app_commands.Choice(
            name=shorten(f"{s.best.article.title} · {s.reported}", CHOICE_NAME), value=f"#{s.best.article.id}"
        )
        for s in found
    ]


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Timelines(bot))
