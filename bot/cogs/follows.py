"""``/follow`` and ``/unfollow``: a story's new facts, by DM to a member or in a channel a manager
chooses, as they are published (``bot.follows`` sends them); the recent stories autocompleted as
``/timeline`` offers them, and the stories followed for ``/unfollow``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ..options import StoryOption
from ..render import embeds
from ..render.layout import CHOICE_NAME, CHOICES
from ..render.text import shorten
from ..replies import NO_PINGS, respond
from ..scopes import scope_of, server_of
from .timeline import story_choices

if TYPE_CHECKING:
    from ..client import NewsBot
    from ..follows import Follow

MAX_FOLLOW_CHARS = 200  # a follow chosen by its number, or typed title words


class Follows(commands.Cog):
    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(description="Get a story's new facts as they are published, by DM or in a channel")
    @app_commands.describe(
        story="Pick a recent story, or give a topic, an article's title words or its #id",
        channel="Post them in this channel rather than by DM (server managers)",
    )
    @app_commands.guild_only()
    async def follow(
        self, interaction: discord.Interaction, story: StoryOption, channel: discord.TextChannel | None = None
    ) -> None:
        guild = server_of(interaction)
        if channel is not None and not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        await interaction.response.defer(ephemeral=True, thinking=True)
        update = await self.bot.worker.follow(story, scope_of(guild))
        user, channel_id = (0, channel.id) if channel else (interaction.user.id, 0)
        ids = set(update.followed.articles)
        if any(ids & set(f.followed.articles) for f in self.bot.follows.of(guild, user, channel_id)):
            await interaction.followup.send(
                f"{update.story} is already followed.", ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        self.bot.follows.add(guild, user, channel_id, update.followed)
        self.bot.follow_checker.published()
        await respond(interaction, embeds.follow_update(update, first=True))

    @app_commands.command(description="Stop getting a story's new facts")
    @app_commands.describe(
        story="The story followed", channel="Stop posting them in this channel (server managers)"
    )
    @app_commands.guild_only()
    async def unfollow(
        self,
        interaction: discord.Interaction,
        story: app_commands.Range[str, 1, MAX_FOLLOW_CHARS],
        channel: discord.TextChannel | None = None,
    ) -> None:
        if channel is not None and not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        found = _matching(self._followed(interaction, channel), story)
        if found:
            self.bot.follows.remove(found[0].id)
        said = (
            f"No longer following: {found[0].followed.title}" if found else "No such story is followed here."
        )
        await interaction.response.send_message(said, ephemeral=True, allowed_mentions=NO_PINGS)

    @follow.autocomplete("story")
    async def _stories(self, interaction: discord.Interaction, typed: str) -> list[app_commands.Choice[str]]:
        return await story_choices(self.bot, interaction, typed)

    @unfollow.autocomplete("story")
    async def _followed_choices(
        self, interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        channel = getattr(interaction.namespace, "channel", None)
        found = (
            _matching(self._followed(interaction, channel), typed)
            if typed
            else self._followed(interaction, channel)
        )
        return [
            app_commands.Choice(name=shorten(f.followed.title, CHOICE_NAME), value=f"#{f.id}")
            for f in found[:CHOICES]
        ]

    def _followed(self, interaction: discord.Interaction, channel: object | None) -> list[Follow]:
        guild = interaction.guild_id or 0
        if channel is not None:
            return self.bot.follows.of(guild, 0, int(getattr(channel, "id", 0)))
        return self.bot.follows.of(guild, interaction.user.id, 0)


def _matching(follows: list[Follow], typed: str) -> list[Follow]:
    """The follows chosen by ``#id`` (as autocomplete gives them), or whose title holds every word typed."""
    typed = typed.strip()
    if typed.startswith("#") and typed[1:].isascii() and typed[1:].isdigit():
        return [f for f in follows if f.id == int(typed[1:])]
    words = typed.casefold().split()
    return [f for f in follows if words and all(w in f.followed.title.casefold() for w in words)]


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Follows(bot))
