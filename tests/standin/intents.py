"""Gateway intents, and what a session receives of an event given the intents it identified with."""

from __future__ import annotations

from typing import Any

GUILDS, GUILD_MEMBERS, GUILD_PRESENCES = 1 << 0, 1 << 1, 1 << 8
GUILD_MESSAGES, DIRECT_MESSAGES, MESSAGE_CONTENT = 1 << 9, 1 << 12, 1 << 15
PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT
# the application flags of an unverified app with these privileged intents switched on in the portal
LIMITED_FLAGS = {GUILD_PRESENCES: 1 << 13, GUILD_MEMBERS: 1 << 15, MESSAGE_CONTENT: 1 << 19}
_CONTENT = {"content": "", "embeds": [], "attachments": [], "components": []}


def gate(intents: int, event: str, data: dict[str, Any], bot_id: str) -> dict[str, Any] | None:
    """The event as the session gets it: unchanged, withheld (None), or stripped of message content.

    Guild messages need GUILD_MESSAGES and DM messages DIRECT_MESSAGES. Without MESSAGE_CONTENT a
    guild message arrives with empty content, embeds, attachments and components, unless the bot
    wrote it or is mentioned in it; DMs always carry their content.
    """
    if not event.startswith("MESSAGE_"):
        return data
    in_guild = "guild_id" in data
    if not intents & (GUILD_MESSAGES if in_guild else DIRECT_MESSAGES):
        return None
    author = data.get("author", {}).get("id")
    mentioned = any(user["id"] == bot_id for user in data.get("mentions", []))
    if not in_guild or intents & MESSAGE_CONTENT or author == bot_id or mentioned or "content" not in data:
        return data
    return {**{key: value for key, value in data.items() if key != "poll"}, **_CONTENT}
