"""Outlets a server hides: ``/outlets hide|show|list``, for server managers. A hidden outlet is
never quoted or cited in that server (``index.Scope``); other servers still see it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..options import OutletOption
from ..render import newsroom
from ..render.layout import name_choices
from ..replies import NO_PINGS
from ..scopes import scope_of, server_of

if TYPE_CHECKING:
    from ..client import NewsBot


class Outlets(commands.Cog):
    outlets = app_commands.Group(
        name="outlets",
        description="Outlets this server never quotes (server managers only)",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @outlets.command(description="Never quote or cite this outlet in this server")
    @app_commands.describe(outlet="The outlet's name, as the sources list it")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def hide(self, interaction: discord.Interaction, outlet: OutletOption) -> None:
        await self._set(interaction, outlet, hidden=True)

    @outlets.command(description="Quote an outlet hidden in this server again")
    @app_commands.describe(outlet="The hidden outlet")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def show(self, interaction: discord.Interaction, outlet: OutletOption) -> None:
        await self._set(interaction, outlet, hidden=False)

    @outlets.command(name="list", description="The outlets this server quotes, and those it hides")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def list_(self, interaction: discord.Interaction) -> None:
        server = server_of(interaction)
        shown, hidden = await self.bot.worker.outlets(scope_of(server), hidden_in=server)
        embed = newsroom.outlets(shown, hidden)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_PINGS)

    @hide.autocomplete("outlet")
    async def _shown(self, interaction: discord.Interaction, typed: str) -> list[app_commands.Choice[str]]:
        shown, _ = await self.bot.worker.outlets(scope_of(interaction.guild_id))
        return name_choices(shown, typed)

    @show.autocomplete("outlet")
    async def _hidden(self, interaction: discord.Interaction, typed: str) -> list[app_commands.Choice[str]]:
        _, hidden = await self.bot.worker.outlets(
            scope_of(interaction.guild_id), hidden_in=server_of(interaction)
        )
        return name_choices(hidden, typed)

    async def _set(self, interaction: discord.Interaction, outlet: str, *, hidden: bool) -> None:
        changed = await self.bot.worker.hide_outlet(server_of(interaction), outlet, hidden)
        said = newsroom.outlet_changed(outlet, hidden, changed)
        await interaction.response.send_message(said, ephemeral=True, allowed_mentions=NO_PINGS)


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Outlets(bot))
