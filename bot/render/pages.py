"""Buttons that page through a list of embeds by editing the message they sit under."""

import contextlib

import discord

TIMEOUT = 600.0  # seconds after the last click when the buttons are switched off
NO_PINGS = discord.AllowedMentions.none()  # as bot.replies sends everything


class Pages(discord.ui.View):
    """Previous/next buttons over ``pages``; anyone in the channel may turn the page."""

    def __init__(self, pages: list[discord.Embed]) -> None:
        super().__init__(timeout=TIMEOUT)
        self.pages = pages
        self.number = 0
        self.message: discord.Message | discord.WebhookMessage | None = None
        self._switch_buttons()

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._turn(interaction, +1)

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.number = max(0, min(len(self.pages) - 1, self.number + step))
        self._switch_buttons()
        await interaction.response.edit_message(embed=self.pages[self.number], view=self)

    def _switch_buttons(self) -> None:
        self.previous.disabled = self.number == 0
        self.next.disabled = self.number == len(self.pages) - 1

    async def on_timeout(self) -> None:
        if self.message is not None:
            self.previous.disabled = self.next.disabled = True
            # the message may be gone or its interaction expired: then there is nothing to switch off
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)


async def show_pages(interaction: discord.Interaction, pages: list[discord.Embed]) -> None:
    """After a deferral: the first page as the response, with the buttons when there are more."""
    if len(pages) == 1:
        await interaction.edit_original_response(embed=pages[0], allowed_mentions=NO_PINGS)
        return
    view = Pages(pages)
    view.message = await interaction.edit_original_response(
        embed=pages[0], view=view, allowed_mentions=NO_PINGS
    )
