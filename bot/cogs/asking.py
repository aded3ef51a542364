"""Asking: ``/ask``, a mention of the bot, a DM, and follow-ups by replying to an answer or in a thread."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from index import MAX_QUESTION_CHARS, Answer

from ..conversation import Conversations
from ..failures import describe
from ..options import OutletOption, PeriodOption
from ..render import embeds
from ..render.layout import name_choices
from ..replies import refuse, reply, reply_text, respond
from ..scopes import scope_of
from .feedback import votes

if TYPE_CHECKING:
    from ..client import NewsBot

HOW_TO_ASK = "Ask me about the news, for example: @newsbot what gifts were exchanged?"


class Asking(commands.Cog):
    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot
        self.conversations = Conversations()
        settings = bot.settings
        self.cooldowns = commands.CooldownMapping.from_cooldown(
            settings.ask_rate, settings.ask_per_seconds, lambda user: user.id
        )

    @app_commands.command(description="Ask the indexed news; the answer quotes its sources")
    @app_commands.describe(
        question="What you want to know, e.g. what gifts were exchanged?",
        outlet="Only from this outlet",
        since="Only from news published since: 24h, 7d or a date (YYYY-MM-DD)",
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        outlet: OutletOption | None = None,
        since: PeriodOption | None = None,
    ) -> None:
        if wait := self._cooldown(interaction.user):
            await refuse(interaction, wait)
            return
        await interaction.response.defer(thinking=True)
        channel = _conversation_channel(interaction.channel)
        earlier = self.conversations.in_channel(channel) if channel else []
        scope = replace(scope_of(interaction.guild_id), outlet=outlet)
        answer = await self.bot.worker.ask(question, earlier, scope, since)
        sent = await respond(interaction, embeds.answer(answer), await self._votes(scope.server, answer))
        self.conversations.remember([*earlier, question], sent, channel)

    @ask.autocomplete("outlet")
    async def _outlets(self, interaction: discord.Interaction, typed: str) -> list[app_commands.Choice[str]]:
        """The outlets this server sees, filtered by what was typed."""
        shown, _ = await self.bot.worker.outlets(scope_of(interaction.guild_id))
        return name_choices(shown, typed)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A DM, or a message mentioning the bot (a reply to its answer mentions it unless the
        user switched the reply ping off), is a question."""
        me = self.bot.user
        if message.author.bot or me is None:
            return
        if message.guild is not None and all(user.id != me.id for user in message.mentions):
            return
        question = " ".join(re.sub(rf"<@!?{me.id}>", " ", message.content).split())
        try:
            await self._answer(message, question)
        except Exception as error:  # the user hears back whatever happened; the log has the rest
            await reply_text(message, describe(error))

    async def _answer(self, message: discord.Message, question: str) -> None:
        if not question:
            await reply_text(message, HOW_TO_ASK)
            return
        if wait := self._cooldown(message.author):
            await reply_text(message, wait)
            return
        channel = _conversation_channel(message.channel)
        earlier = self._earlier(message, channel)
        async with message.channel.typing():
            scope = scope_of(message.guild.id if message.guild else None)
            answer = await self.bot.worker.ask(question, earlier, scope)
        sent = await reply(message, embeds.answer(answer), await self._votes(scope.server, answer))
        self.conversations.remember([*earlier, question], sent, channel)

    async def _votes(self, server: int, answer: Answer) -> discord.ui.View | None:
        """Keeps the question for /insights (unless storing is off) and gives the vote buttons of
        an answer that quotes the news."""
        kept = await self.bot.worker.record_question(server, answer.question, answer.answered)
        return votes(kept) if kept is not None and answer.answered else None

    def _earlier(self, message: discord.Message, channel: int | None) -> list[str]:
        """The conversation a message continues: the answer it replies to, else its thread or DM."""
        reference = message.reference
        if reference is not None and reference.message_id is not None:
            known = self.conversations.after_answer(reference.message_id)
            if known is not None:
                return known
            replied = reference.resolved
            if isinstance(replied, discord.Message) and replied.author == self.bot.user:
                question = embeds.question_of(replied)
                return [question] if question else []
        return self.conversations.in_channel(channel) if channel else []

    def _cooldown(self, user: discord.abc.User) -> str | None:
        """A friendly refusal when ``user`` asked too often, else None (and the question counts)."""
        bucket = self.cooldowns.get_bucket(user)
        retry = bucket.update_rate_limit() if bucket else None
        if retry is None:
            return None
        return f"You're asking faster than I can read: try again in {math.ceil(retry)} s."


def _conversation_channel(channel: object) -> int | None:
    """Threads and DMs hold one conversation each; a server channel holds many, so none is assumed."""
    if isinstance(channel, discord.Thread | discord.DMChannel):
        return channel.id
    return None


async def setup(bot: NewsBot) -> None:
    await bot.add_cog(Asking(bot))
