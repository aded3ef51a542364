"""Which articles a reader in Discord sees: in a server, the shared articles and the server's own;
in a direct message, the shared ones only (``index.Scope``)."""

from index import SHARED, Scope


def scope_of(guild_id: int | None) -> Scope:
    """The scope of whatever is asked or shown in this server (None: a direct message)."""
    return Scope(guild_id) if guild_id else SHARED
