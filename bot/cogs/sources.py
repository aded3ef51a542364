"""Sources: ``/sources`` lists what is indexed, newest first, with buttons when it takes pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..render import embeds
from ..render.pages import Pages
from ..replies import NO_PINGS

if TYPE_CHECKING:
    from ..client import NewsBot


class Sources(commands.Cog):
    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(description="The articles the bot answers from, newest first")
    async def sources(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        pages = embeds.sources(await self.bot.worker.read(self.bot.engine.sources))
        if len(pages) == 1:
            await interaction.edit_original_response(embed=pages[0], allowed_mentions=NO_PINGS)
            return
        view = Pages(pages)
        view.message = await interaction.edit_original_response(
            embed=pages[0], view=view, allowed_mentions=NO_PINGS
        )
