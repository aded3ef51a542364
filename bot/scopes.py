"""Which articles a reader in Discord sees: in a server, the shared articles and the server's own;
in a direct message, the shared ones only (``index.Scope``)."""

import discord

from index import SHARED, Scope


def scope_of(guild_id: int | None) -> Scope:
    """The scope of whatever is asked or shown in this server (None: a direct message)."""
    return Scope(guild_id) if guild_id else SHARED


def server_of(interaction: discord.Interaction) -> int:
    """The server a ``guild_only`` command was used in."""
    assert interaction.guild_id is not None  # Discord offers guild_only commands in servers only
    return interaction.guild_id
