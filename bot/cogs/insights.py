"""``/insights`` for server managers: the last 30 days of the server's questions, the share the
news answered, what it did not answer, and the answers voted down. Shown only to who asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..render import newsroom
from ..replies import NO_PINGS
from ..scopes import server_of

if TYPE_CHECKING:
    from ..client import NewsBot


class Insights(commands.Cog):
    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(description="What readers asked here in 30 days, and what the news did not answer")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.checks.has_permissions(manage_guild=True)
    async def insights(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        found = await self.bot.worker.insights(server_of(interaction))
        stored = self.bot.settings.store_questions
        await interaction.edit_original_response(
            embeds=newsroom.insights(found, stored), allowed_mentions=NO_PINGS
        )


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Insights(bot))
