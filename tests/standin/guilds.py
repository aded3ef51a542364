"""A guild of the stand-in: roles, members and the roles each holds there, a text channel and a thread.

A user may be a member of several guilds with different roles in each; the bot is a member of every
guild, holding that guild's managed "newsbot" role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import payloads
from .models import User
from .payloads import ADMINISTRATOR, ALL_PERMISSIONS, EVERYONE_PERMISSIONS, MANAGE_GUILD


@dataclass(eq=False)
class Guild:
    id: str
    name: str
    created_at: str
    roles: dict[str, dict[str, Any]]  # the @everyone role's id is the guild's
    admin_role_id: str
    admin: User  # the owner, holding the "Admin" role (MANAGE_GUILD)
    member: User  # a plain member
    channel_id: str
    thread_id: str
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # user id -> role ids held here
    opened_commands: set[str] = field(default_factory=set)  # opened to everyone by the server's settings

    def permissions(self, user: User) -> int:
        """Guild-wide permissions from @everyone and the user's roles; administrators get all of them."""
        value = 0
        for role_id in (self.id, *self.members.get(user.id, ())):
            value |= int(self.roles[role_id]["permissions"])
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    def role_ids(self, user: User) -> tuple[str, ...]:
        return self.members.get(user.id, ())


def new_guild(
    new_id: Callable[[], str], name: str, bot: User, users: dict[str, User], *, admin: str, member: str
) -> tuple[Guild, list[dict[str, Any]]]:
    """A guild with @everyone, "Admin" held by a new user ``admin``, the bot's role, a plain ``member``,
    a text channel "news" and a thread under it; returns it and its two channel objects."""
    guild_id, admin_role_id, bot_role_id = new_id(), new_id(), new_id()
    owner, plain = User(new_id(), admin), User(new_id(), member)
    users.update({owner.id: owner, plain.id: plain})
    created_at = payloads.now_iso()
    channel_id, thread_id = new_id(), new_id()
    guild = Guild(
        id=guild_id,
        name=name,
        created_at=created_at,
        roles={
            guild_id: payloads.role(guild_id, "@everyone", EVERYONE_PERMISSIONS, 0),
            admin_role_id: payloads.role(admin_role_id, "Admin", EVERYONE_PERMISSIONS | MANAGE_GUILD, 1),
            bot_role_id: payloads.role(bot_role_id, "newsbot", EVERYONE_PERMISSIONS, 2, bot_id=bot.id),
        },
        admin_role_id=admin_role_id,
        admin=owner,
        member=plain,
        channel_id=channel_id,
        thread_id=thread_id,
        members={bot.id: (bot_role_id,), owner.id: (admin_role_id,), plain.id: ()},
    )
    channels = [
        payloads.text_channel(guild_id, channel_id, "news"),
        payloads.thread(guild, thread_id, channel_id, "news-thread"),
    ]
    return guild, channels
