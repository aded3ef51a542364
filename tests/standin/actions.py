"""What a user does in the Discord client, turned into what Discord sends the bot for it.

Like the client, these refuse what a user could not do: a command that is not synced or not offered
to that user there, an unknown or missing required option, a choice not on the list, a button that
is not on the message or is disabled.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Mapping
from typing import Any

from . import messages, payloads
from .commands import GROUP, SUBCOMMAND, available
from .guilds import Guild
from .models import Message, User
from .state import World

COMMAND, COMPONENT, AUTOCOMPLETE = 2, 3, 4
USER_OPTION, CHANNEL_OPTION, MENTIONABLE_OPTION, ATTACHMENT_OPTION = 6, 7, 9, 11
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class CommandUnavailable(LookupError):
    """Discord would not offer this command to this user here (not synced, permissions, context)."""


def command(
    world: World,
    path: str,
    values: Mapping[str, Any],
    *,
    user: User,
    guild: bool,
    channel_id: str,
    focused: str | None = None,
) -> dict[str, Any]:
    """INTERACTION_CREATE data for ``/path`` (``"group sub"`` for subcommands), or its autocomplete."""
    root, *subs = path.split()
    server = world.guild_of(channel_id) if guild else None
    if guild and (server is None or user.id not in server.members):
        raise CommandUnavailable(f"{user.username} is not a member of the guild of channel {channel_id}")
    found = world.commands.find(root, server.id if server else None)
    opened = server is not None and root in server.opened_commands
    permissions = server.permissions(user) if server else 0
    if found is None or not (opened or available(found, permissions, in_guild=guild)):
        where = f"in {server.name}" if server else "in a DM"
        raise CommandUnavailable(f"/{root} is not offered to {user.username} {where}")
    data: dict[str, Any] = {"id": found["id"], "name": root, "type": 1}
    if found.get("guild_id"):
        data["guild_id"] = found["guild_id"]
    container, schema = data, found.get("options") or []
    for sub in subs:
        option = _schema(schema, sub, path)
        nested: dict[str, Any] = {"name": sub, "type": option["type"]}
        container["options"] = [nested]
        container, schema = nested, option.get("options") or []
    if any(option["type"] in (SUBCOMMAND, GROUP) for option in schema):
        raise ValueError(f"/{path} needs a subcommand")
    resolved: dict[str, dict[str, Any]] = {}
    container["options"] = [
        _value(world, server, _schema(schema, name, path), value, resolved, user, focused=name == focused)
        for name, value in values.items()
    ]
    if focused is None:
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in values]
        if missing:
            raise ValueError(f"/{path} requires {missing}")
    elif not _schema(schema, focused, path).get("autocomplete"):
        raise ValueError(f"option {focused!r} of /{path} has no autocomplete")
    if resolved:
        data["resolved"] = resolved
    kind = COMMAND if focused is None else AUTOCOMPLETE
    return envelope(world, kind, data, user=user, guild=guild, channel_id=channel_id)


def click(
    world: World, message: Message, custom_id: str, *, user: User, values: list[str] | None
) -> dict[str, Any]:
    """INTERACTION_CREATE data for a click on a button (or a pick in a select menu) of ``message``."""
    component = _component(message.components, custom_id)
    if component is None:
        raise ValueError(f"message {message.id} has no component {custom_id!r}")
    if component.get("disabled"):
        raise ValueError(f"component {custom_id!r} of message {message.id} is disabled")
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
    if values is not None:
        data["values"] = values
    guild = world.in_guild(message.channel_id)
    payload = envelope(world, COMPONENT, data, user=user, guild=guild, channel_id=message.channel_id)
    payload["message"] = copy.deepcopy(message.payload)
    return payload


def envelope(
    world: World, kind: int, data: dict[str, Any], *, user: User, guild: bool, channel_id: str
) -> dict[str, Any]:
    """The fields every interaction carries; in a DM the channel is the user's DM with the bot."""
    channel = world.channels[channel_id] if guild else world.open_dm(user)
    server = world.guild_of(channel["id"])
    payload: dict[str, Any] = {
        "id": world.new_id(),
        "application_id": world.application_id,
        "type": kind,
        "token": f"aW50ZXJhY3Rpb246{secrets.token_urlsafe(48)}",
        "version": 1,
        "data": data,
        "channel_id": channel["id"],
        "app_permissions": str(
            server.permissions(world.bot_user) if server else payloads.EVERYONE_PERMISSIONS
        ),
        "locale": "en-US",
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "authorizing_integration_owners": {"0": server.id if server else "0"},
        "context": 0 if server else 1,
    }
    if server:
        permissions = str(server.permissions(user))
        payload["channel"] = {**channel, "permissions": permissions}
        payload["guild_id"] = server.id
        payload["guild"] = {"id": server.id, "locale": "en-US", "features": []}
        payload["guild_locale"] = "en-US"
        payload["member"] = {**payloads.member(server, user), "permissions": permissions}
    else:
        payload["channel"] = channel
        payload["user"] = payloads.user(user)
    return payload


def user_message(
    world: World,
    content: str,
    *,
    author: User,
    channel_id: str,
    mention_bot: bool,
    reply_to: Message | None,
    reply_ping: bool,
    attachments: list[dict[str, Any]],
) -> Message:
    """A message typed by ``author``: MESSAGE_CREATE with ``mentions`` parsed as Discord parses them."""
    if channel_id not in world.channels:
        raise ValueError(f"unknown channel {channel_id}")
    bot = world.bot_user
    if mention_bot and not re.search(rf"<@!?{bot.id}>", content):
        content = f"{bot.mention} {content}"
    data: dict[str, Any] = {"content": content}
    if reply_to is not None and not reply_ping:
        data["allowed_mentions"] = {"parse": ["users", "roles", "everyone"], "replied_user": False}
    return messages.create(
        world,
        channel_id=channel_id,
        author=author,
        data=data,
        attachments=attachments,
        message_type=19 if reply_to else 0,
        reference=reply_to,
    )


def _schema(options: list[dict[str, Any]], name: str, path: str) -> dict[str, Any]:
    option = next((o for o in options if o["name"] == name), None)
    if option is None:
        raise ValueError(f"/{path} has no option {name!r}")
    return option


def _value(
    world: World,
    server: Guild | None,
    option: dict[str, Any],
    value: Any,
    resolved: dict[str, dict[str, Any]],
    user: User,
    *,
    focused: bool,
) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": option["name"], "type": option["type"]}
    if focused:  # autocomplete sends what has been typed so far, as typed
        return {**entry, "value": str(value), "focused": True}
    if option["type"] == ATTACHMENT_OPTION:
        resolved.setdefault("attachments", {})[value["id"]] = value
        value = value["id"]
    elif option["type"] in (USER_OPTION, MENTIONABLE_OPTION) and isinstance(value, User):
        resolved.setdefault("users", {})[value.id] = payloads.user(value)
        if server is not None and value.id in server.members:
            member = payloads.member(server, value, with_user=False)
            resolved.setdefault("members", {})[value.id] = {
                **member,
                "permissions": str(server.permissions(value)),
            }
        value = value.id
    elif option["type"] == CHANNEL_OPTION:  # a channel id: Discord resolves it with the user's permissions
        channel = world.channels[value]
        allowed = option.get("channel_types")
        if allowed is not None and channel["type"] not in allowed:
            raise ValueError(f"channel {value} is not of the types option {option['name']!r} takes")
        resolved.setdefault("channels", {})[value] = {
            **channel,
            "permissions": str(server.permissions(user) if server else payloads.EVERYONE_PERMISSIONS),
        }
    choices = option.get("choices")
    if choices and value not in [choice["value"] for choice in choices]:
        raise ValueError(f"{value!r} is not a choice of option {option['name']!r}")
    return {**entry, "value": value}


def _component(components: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
    for component in components:
        if component.get("custom_id") == custom_id:
            return component
        found = _component(component.get("components") or [], custom_id)
        if found is not None:
            return found
    return None
