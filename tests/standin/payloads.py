"""Discord API v10 objects (users, members, roles, channels, the guild) spelled as the API spells them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .guilds import Guild
    from .models import User
    from .state import World

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ALL_PERMISSIONS = (1 << 51) - 1
# what a fresh guild's @everyone may do: view, talk, embed, attach, react, use commands, threads
EVERYONE_PERMISSIONS = sum(1 << bit for bit in (0, 6, 10, 11, 14, 15, 16, 18, 20, 21, 26, 31, 35, 38))
TEXT, DM, PUBLIC_THREAD = 0, 1, 11


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def user(u: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": u.id,
        "username": u.username,
        "discriminator": "0",
        "global_name": None if u.bot else u.username.title(),
        "avatar": None,
        "public_flags": 0,
    }
    if u.bot:
        data["bot"] = True
    return data


def member(guild: Guild, u: User, *, with_user: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "nick": None,
        "avatar": None,
        "roles": list(guild.role_ids(u)),
        "joined_at": guild.created_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }
    if with_user:
        data["user"] = user(u)
    return data


def role(
    role_id: str, name: str, permissions: int, position: int, bot_id: str | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": role_id,
        "name": name,
        "color": 0,
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": bot_id is not None,
        "mentionable": False,
        "flags": 0,
    }
    if bot_id is not None:
        data["tags"] = {"bot_id": bot_id}
    return data


def text_channel(guild_id: str, channel_id: str, name: str) -> dict[str, Any]:
    return {
        "id": channel_id,
        "type": TEXT,
        "guild_id": guild_id,
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def thread(guild: Guild, thread_id: str, parent_id: str, name: str) -> dict[str, Any]:
    return {
        "id": thread_id,
        "type": PUBLIC_THREAD,
        "guild_id": guild.id,
        "parent_id": parent_id,
        "owner_id": guild.admin.id,
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 2,
        "total_message_sent": 0,
        "flags": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": guild.created_at,
            "locked": False,
            "create_timestamp": guild.created_at,
        },
    }


def dm_channel(channel_id: str, recipient: User) -> dict[str, Any]:
    return {
        "id": channel_id,
        "type": DM,
        "last_message_id": None,
        "flags": 0,
        "recipients": [user(recipient)],
    }


def guild(world: World, g: Guild, *, all_members: bool) -> dict[str, Any]:
    """The GUILD_CREATE payload: roles, the text channel, its thread, and the members.

    Without the GUILD_MEMBERS intent Discord lists only the bot itself (and members in voice).
    """
    users = [world.users[user_id] for user_id in g.members]
    members = [member(g, u) for u in users if all_members or u.bot]
    own = [c for c in world.channels.values() if c.get("guild_id") == g.id]
    channels = [{k: v for k, v in c.items() if k != "guild_id"} for c in own if c["type"] != PUBLIC_THREAD]
    return {
        "id": g.id,
        "name": g.name,
        "icon": None,
        "owner_id": g.admin.id,
        "roles": list(g.roles.values()),
        "channels": channels,
        "threads": [c for c in own if c["type"] == PUBLIC_THREAD],
        "members": members,
        "member_count": len(users),
        "large": False,
        "unavailable": False,
        "joined_at": g.created_at,
        "features": [],
        "emojis": [],
        "stickers": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "preferred_locale": "en-US",
        "premium_tier": 0,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "system_channel_id": g.channel_id,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "afk_channel_id": None,
        "afk_timeout": 300,
    }
