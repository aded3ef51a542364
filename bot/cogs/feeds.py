"""Feeds: ``/feeds add|list|remove``, the RSS and Atom feeds the bot polls; for server managers only.

Gated exactly like ``/reindex`` and ``/ingest`` (see ``cogs.admin``): hidden from other members by
default, and every call checked again. The engine calls here fetch a feed or touch a few rows (on a
thread of their own: see ``bot.worker``). Polling itself is ``bot.poller`` (see ``bot.polling``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..options import WebAddressOption
from ..render import embeds
from ..render.pages import show_pages
from ..replies import NO_PINGS
from ..scopes import server_of

if TYPE_CHECKING:
    from ..client import NewsBot


class Feeds(commands.Cog):
    """Each server's own feeds: their articles are the server's (``index.Scope``); a feed several
    servers watch is polled once."""

    feeds = app_commands.Group(
        name="feeds",
        description="The RSS and Atom feeds the bot polls for this server's news (server managers only)",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @feeds.command(description="Watch an RSS or Atom feed: its articles are ingested as they appear")
    @app_commands.describe(url="The feed's web address")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def add(self, interaction: discord.Interaction, url: WebAddressOption) -> None:
        await interaction.response.defer(thinking=True)
        added = await self.bot.worker.add_feed(url, server_of(interaction))  # SourceError: the reason
        if added.new:
            self.bot.poller.poll_soon()
        await interaction.edit_original_response(embed=embeds.added_feed(added), allowed_mentions=NO_PINGS)

    @feeds.command(name="list", description="The feeds watched: articles from each, last success, last error")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def list_(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await show_pages(interaction, embeds.feeds(await self.bot.worker.feeds(server_of(interaction))))

    @feeds.command(description="Stop watching a feed; its articles stay indexed")
    @app_commands.describe(url="The feed's web address, as /feeds list shows it")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(self, interaction: discord.Interaction, url: WebAddressOption) -> None:
        await interaction.response.defer(thinking=True)
        await self.bot.worker.remove_feed(url, server_of(interaction))  # NotFound: not watched here
        embed = embeds.removed_feed(url)
        await interaction.edit_original_response(embed=embed, allowed_mentions=NO_PINGS)


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Feeds(bot))
