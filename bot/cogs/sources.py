"""Sources: ``/sources`` lists what is indexed, newest first, then the feeds watched, with buttons
when it takes pages."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..render import embeds
from ..render.pages import show_pages
from ..scopes import scope_of

if TYPE_CHECKING:
    from ..client import NewsBot


class Sources(commands.Cog):
    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(description="The articles the bot answers from, newest first")
    async def sources(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        scope = scope_of(interaction.guild_id)
        worker = self.bot.worker
        (articles, own), feeds = await asyncio.gather(worker.sources(scope), worker.feeds(scope.server))
        await show_pages(interaction, embeds.sources(articles, feeds, own))


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Sources(bot))
