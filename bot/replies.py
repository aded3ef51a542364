"""Sending what the renderers made: to an interaction or as replies to a message, never pinging."""

import contextlib

import discord

from .render.embeds import Messages, problem

NO_PINGS = discord.AllowedMentions.none()


async def respond(
    interaction: discord.Interaction, messages: Messages, view: discord.ui.View | None = None
) -> list[int]:
    """After a deferral: the first message (with ``view``'s buttons) replaces the "thinking…"
    response, the rest follow it."""
    buttons = {"view": view} if view is not None else {}
    first = await interaction.edit_original_response(embeds=messages[0], allowed_mentions=NO_PINGS, **buttons)
    sent = [first.id]
    for embeds in messages[1:]:
        message = await interaction.followup.send(embeds=embeds, allowed_mentions=NO_PINGS, wait=True)
        sent.append(message.id)
    return sent


async def reply(
    message: discord.Message, messages: Messages, view: discord.ui.View | None = None
) -> list[int]:
    """The first message (with ``view``'s buttons) as a reply to ``message`` (without pinging its
    author), the rest after it."""
    sent = []
    for number, embeds in enumerate(messages):
        first = {"reference": message, **({"view": view} if view is not None else {})} if number == 0 else {}
        answer = await message.channel.send(embeds=embeds, allowed_mentions=NO_PINGS, **first)
        sent.append(answer.id)
    return sent


async def reply_text(message: discord.Message, text: str) -> None:
    await message.channel.send(problem(text), reference=message, allowed_mentions=NO_PINGS)


async def refuse(interaction: discord.Interaction, text: str) -> None:
    """``text`` shown only to the user; a public "thinking…" response is removed first."""
    content = problem(text)
    if not interaction.response.is_done():
        await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NO_PINGS)
        return
    with contextlib.suppress(discord.HTTPException):  # already gone: the follow-up is enough
        await interaction.delete_original_response()
    await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_PINGS)
