"""The daily briefing: ``/briefing set|off`` for server managers, ``/briefing now`` for anyone.

Discord hides commands from members by the top-level command only, so ``/briefing`` is listed for
everyone (``now`` is for them); ``set`` and ``off`` are refused server-side to members without
Manage Server. A schedule is the server's own (``bot.schedules``) and survives restarts; posting
it when due is ``bot.briefings``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from index import LAST_DAY

from ..options import TimeOption, TopicsOption, ZoneOption
from ..render import embeds
from ..replies import NO_PINGS, respond
from ..schedules import Schedule
from ..scopes import scope_of

if TYPE_CHECKING:
    from ..client import NewsBot


class Briefings(commands.Cog):
    briefing = app_commands.Group(
        name="briefing", description="The day's top stories across outlets, posted daily", guild_only=True
    )

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @briefing.command(name="set", description="Post the briefing to a channel every day (server managers)")
    @app_commands.describe(
        channel="Where to post it",
        time="When, as HH:MM (24-hour clock)",
        timezone="The time zone of that time, such as Europe/Paris (default UTC)",
        topics="Only stories on these topics, comma-separated",
        quiet_note='On a day with nothing new, post "nothing new" rather than nothing',
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def set_(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: TimeOption,
        timezone: ZoneOption = "UTC",
        topics: TopicsOption = (),
        quiet_note: bool = False,
    ) -> None:
        assert interaction.guild_id is not None  # guild_only
        made = Schedule(
            interaction.guild_id, channel.id, time, timezone, topics, quiet_note, datetime.now(UTC)
        )
        self.bot.schedules.put(made)
        self.bot.briefer.changed()
        about = f" on {', '.join(made.topics)}" if made.topics else ""
        when = f"every day at {made.time} ({made.timezone})"
        await interaction.response.send_message(
            f"The briefing{about} will be posted in {channel.mention} {when}.",
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @briefing.command(name="off", description="Stop posting the daily briefing (server managers)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def off(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        removed = self.bot.schedules.remove(interaction.guild_id)
        self.bot.briefer.changed()
        said = "The daily briefing is off." if removed else "No daily briefing was set."
        await interaction.response.send_message(said, ephemeral=True, allowed_mentions=NO_PINGS)

    @briefing.command(description="See today's briefing now (only you see it)")
    async def now(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        set_here = self.bot.schedules.get(interaction.guild_id or 0)
        topics = set_here.topics if set_here else ()
        made = await self.bot.worker.briefing(LAST_DAY, topics, scope_of(interaction.guild_id))
        await respond(interaction, embeds.briefing(made))


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Briefings(bot))
