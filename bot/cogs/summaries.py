"""Summaries: ``/summary`` of one article (titles autocompleted) and ``/digest`` of a topic across outlets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..render import embeds
from ..render.layout import CHOICE_NAME, CHOICES
from ..render.text import shorten
from ..replies import respond
from ..scopes import scope_of

if TYPE_CHECKING:
    from ..client import NewsBot

MAX_TOPIC_CHARS = 200


class Summaries(commands.Cog):
    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(description="Highlights of one indexed article, quoted and cited")
    @app_commands.describe(article="Start typing its title, or give its #id from /sources")
    async def summary(self, interaction: discord.Interaction, article: str) -> None:
        await interaction.response.defer(thinking=True)
        result = await self.bot.worker.summary(article, scope_of(interaction.guild_id))  # an id or words
        await respond(interaction, embeds.summary(result))

    @summary.autocomplete("article")
    async def _titles(self, interaction: discord.Interaction, typed: str) -> list[app_commands.Choice[str]]:
        """Indexed titles, newest first, filtered by what was typed."""
        articles = await self.bot.worker.titles(typed, CHOICES, scope_of(interaction.guild_id))
        return [
            app_commands.Choice(
                name=shorten(" · ".join(filter(None, (a.title, a.outlet, a.published))), CHOICE_NAME),
                value=str(a.id),
            )
            for a in articles
        ]

    @app_commands.command(description="What every outlet in the index says on a topic, quoted and cited")
    @app_commands.describe(topic="A subject in the news, e.g. the Notre-Dame reopening")
    async def digest(
        self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, MAX_TOPIC_CHARS]
    ) -> None:
        await interaction.response.defer(thinking=True)
        result = await self.bot.worker.digest(topic, scope_of(interaction.guild_id))
        await respond(interaction, embeds.digest(result))


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Summaries(bot))
