"""Admin: ``/reindex`` and ``/ingest``, with live progress; for members who can manage the server.

Discord hides them from other members by default (``default_permissions``), and a server's own
overrides cannot open them up: every call is checked here too (``has_permissions``).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from index import IngestReport, Progress

from ..progress import LiveProgress
from ..render import embeds
from ..replies import NO_PINGS, refuse
from ..scopes import server_of

if TYPE_CHECKING:
    from ..client import NewsBot

Write = Callable[[Progress], Awaitable[IngestReport]]  # one of the worker's writes


class Admin(commands.Cog):
    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(description="Re-read every indexed source (server managers only)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.checks.has_permissions(manage_guild=True)
    async def reindex(self, interaction: discord.Interaction) -> None:
        await self._write(interaction, "Reindex", self.bot.worker.reindex)

    @app_commands.command(description="Add one article from a web page or a file (server managers only)")
    @app_commands.describe(url="The article's web address", file="An article file: .html, .md or .txt")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.checks.has_permissions(manage_guild=True)
    async def ingest(
        self,
        interaction: discord.Interaction,
        url: str | None = None,
        file: discord.Attachment | None = None,
    ) -> None:
        """What a server adds is its own: seen there, and nowhere else (``index.Scope``)."""
        worker, limit = self.bot.worker, self.bot.settings.fetch_max_bytes
        server = server_of(interaction)
        if (url is None) == (file is None):
            await refuse(interaction, "Give either a url or a file to ingest.")
        elif file is not None and file.size > limit:
            await refuse(interaction, f"{file.filename} is larger than {limit // 1_000_000} MB.")
        elif file is not None:
            await interaction.response.defer(thinking=True)
            data = await file.read()
            write = functools.partial(worker.ingest_upload, file.filename, data, server)
            await self._write(interaction, f"Ingest of {file.filename}", write)
        else:
            write = functools.partial(worker.ingest_urls, [url], server)
            await self._write(interaction, f"Ingest of {url}", write)

    async def _write(self, interaction: discord.Interaction, title: str, write: Write) -> None:
        """Run ``write`` showing its progress in the response, then its report; raises Busy when
        another write is running."""
        if not interaction.response.is_done():
            await interaction.response.defer(thinking=True)

        async def show(embed: discord.Embed) -> None:
            await interaction.edit_original_response(embed=embed, allowed_mentions=NO_PINGS)

        async with LiveProgress(f"{title}…", show) as progress:
            report = await write(progress)
        result = embeds.report(f"{title}: done", report)
        try:
            await show(result)
        except discord.HTTPException:  # the interaction expired (15 min): post the report instead
            channel = interaction.channel
            if not isinstance(channel, discord.abc.Messageable):
                raise
            await channel.send(embed=result, allowed_mentions=NO_PINGS)


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Admin(bot))
