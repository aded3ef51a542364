"""Posting, editing and deleting messages, shared by channel routes, interaction responses and webhooks."""

from __future__ import annotations

import copy
import re
import time
from typing import Any

from aiohttp import web

from . import limits, payloads
from .bodies import BODY, Body, error, json_response, no_content
from .models import EPHEMERAL, LOADING, Interaction, Message, Rejection, Revision, User
from .state import World

SUPPRESS_EMBEDS = 1 << 2
# how long a nonce Discord enforces is remembered: "the past few minutes", its manual says
NONCE_WINDOW = 180.0  # seconds
_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def refuse(
    world: World, request: web.Request, code: int, message: str, errors: dict[str, Any] | None = None
) -> web.Response:
    """A 400 for the body of ``request``, recorded in ``world.rejections``."""
    body: Body = request[BODY]
    with world.changing():
        world.rejections.append(Rejection(request.method, request.path, code, errors, body.json))
    return error(400, code, message, errors)


def check(
    world: World, request: web.Request, data: dict[str, Any], *, creating: bool, prefix: tuple[str, ...] = ()
) -> web.Response | None:
    """The refusal Discord would answer this message body with, or None when it is acceptable."""
    errors = limits.check_message(data, prefix)
    if errors:
        return refuse(world, request, 50035, "Invalid Form Body", errors.tree)
    files = request[BODY].files
    if creating and limits.is_empty(data, len(files) + len(data.get("attachments") or [])):
        return refuse(world, request, 50006, "Cannot send an empty message")
    return None


def upload(
    world: World, data: dict[str, Any], body: Body, *, ephemeral: bool = False
) -> list[dict[str, Any]]:
    """Attachment objects for the files of a multipart body, with the descriptions ``data`` gives them."""
    described = {str(a.get("id")): a.get("description") for a in data.get("attachments") or []}
    return [
        world.store_file(file, description=described.get(str(index)), ephemeral=ephemeral)
        for index, file in sorted(body.files.items())
    ]


def repeated(world: World, channel_id: str, author: User, data: dict[str, Any]) -> Message | None:
    """The message ``author`` posted in ``channel_id`` within ``NONCE_WINDOW`` with the nonce of
    ``data``, when ``data`` asks for it to be enforced: Discord answers with it, posting nothing."""
    nonce = data.get("nonce")
    if nonce is None or not data.get("enforce_nonce"):
        return None
    since = time.monotonic() - NONCE_WINDOW
    for message in reversed(world.messages.values()):
        if message.created_at < since:
            return None
        if (message.channel_id, message.author_id, message.payload.get("nonce")) == (
            channel_id,
            author.id,
            str(nonce),
        ):
            return message
    return None


def create(
    world: World,
    *,
    channel_id: str,
    author: User,
    data: dict[str, Any],
    attachments: list[dict[str, Any]],
    message_type: int = 0,
    reference: Message | None = None,
    interaction: Interaction | None = None,
    extra: dict[str, Any] | None = None,
) -> Message:
    """Stores a new message and, unless ephemeral, dispatches MESSAGE_CREATE as Discord would."""
    allowed = data.get("allowed_mentions")
    reply_ping = reference is not None and (allowed is None or bool(allowed.get("replied_user")))
    payload = _message_object(
        world,
        channel_id=channel_id,
        author=author,
        data=data,
        attachments=attachments,
        message_type=message_type,
        reference=reference.payload if reference else None,
        reply_ping=reply_ping,
    )
    payload.update(extra or {})
    message = Message([Revision(time.monotonic(), payload, allowed)], interaction.id if interaction else None)
    payload["mention_everyone"] = bool({"@everyone", "@here"} & message.pings)
    world.add_message(message)
    if not message.ephemeral:
        world.dispatch("MESSAGE_CREATE", for_gateway(world, payload))
    return message


def edit(world: World, message: Message, data: dict[str, Any], body: Body) -> None:
    """Applies an edit: given fields replace the old ones, the loading state of a deferral ends."""
    payload = dict(message.payload)
    for key, empty in (("content", ""), ("components", [])):
        if key in data:
            payload[key] = data[key] if data[key] is not None else empty
    if "embeds" in data:
        payload["embeds"] = _embeds(data["embeds"])
    flags = message.flags & ~LOADING
    if "flags" in data:
        flags = (flags & ~SUPPRESS_EMBEDS) | ((data["flags"] or 0) & SUPPRESS_EMBEDS)
    payload["flags"] = flags
    kept = {str(a.get("id")) for a in data.get("attachments") or []}
    old = [a for a in message.attachments if "attachments" not in data or a["id"] in kept]
    payload["attachments"] = old + upload(world, data, body, ephemeral=bool(flags & EPHEMERAL))
    if not message.flags & LOADING:
        payload["edited_timestamp"] = payloads.now_iso()
    world.revise(message, payload, data.get("allowed_mentions", message.allowed_mentions))
    if not message.ephemeral:
        world.dispatch("MESSAGE_UPDATE", for_gateway(world, payload))


def delete(world: World, message: Message) -> None:
    with world.changing():
        message.deleted_at = time.monotonic()
    if not message.ephemeral:
        data = {"id": message.id, "channel_id": message.channel_id}
        guild = world.guild_of(message.channel_id)
        if guild is not None:
            data["guild_id"] = guild.id
        world.dispatch("MESSAGE_DELETE", data)


def for_gateway(world: World, payload: dict[str, Any]) -> dict[str, Any]:
    """MESSAGE_CREATE/UPDATE data: guild messages also carry ``guild_id`` and the author's ``member``."""
    data = copy.deepcopy(payload)
    guild = world.guild_of(data["channel_id"])
    if guild is not None:
        data["guild_id"] = guild.id
        author = world.users.get(data["author"]["id"])
        if author is not None:
            data["member"] = payloads.member(guild, author, with_user=False)
    return data


def _message_object(
    world: World,
    *,
    channel_id: str,
    author: User,
    data: dict[str, Any],
    attachments: list[dict[str, Any]],
    message_type: int,
    reference: dict[str, Any] | None,
    reply_ping: bool,
) -> dict[str, Any]:
    """A message as REST returns it; ``mentions`` as Discord parses them, plus a pinged replied-to author."""
    content = data.get("content") or ""
    guild = world.guild_of(channel_id)
    roles = guild.roles if guild is not None else {}
    mentioned = dict.fromkeys(_USER_MENTION.findall(content))
    if reference and reply_ping:
        mentioned[reference["author"]["id"]] = None
    payload: dict[str, Any] = {
        "id": world.new_id(),
        "channel_id": channel_id,
        "author": payloads.user(author),
        "content": content,
        "timestamp": payloads.now_iso(),
        "edited_timestamp": None,
        "tts": bool(data.get("tts")),
        "mention_everyone": False,
        "mentions": [payloads.user(world.users[uid]) for uid in mentioned if uid in world.users],
        "mention_roles": [rid for rid in _ROLE_MENTION.findall(content) if rid in roles],
        "attachments": attachments,
        "embeds": _embeds(data.get("embeds")),
        "components": copy.deepcopy(data.get("components") or []),
        "pinned": False,
        "type": message_type,
        "flags": data.get("flags") or 0,
    }
    if data.get("nonce") is not None:
        payload["nonce"] = str(data["nonce"])
    if reference is not None:
        payload["message_reference"] = {
            "type": 0,
            "message_id": reference["id"],
            "channel_id": reference["channel_id"],
            **({"guild_id": guild.id} if guild is not None else {}),
        }
        payload["referenced_message"] = copy.deepcopy(reference)
    return payload


def _embeds(embeds: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [{"type": "rich", **copy.deepcopy(embed)} for embed in embeds or []]


def answer(world: World, request: web.Request, message: Message) -> web.Response:
    """GET, DELETE or PATCH (within Discord's limits) of an existing ``message``."""
    if request.method == "GET":
        return json_response(message.payload)
    if request.method == "DELETE":
        delete(world, message)
        return no_content()
    data = request[BODY].json or {}
    refusal = check(world, request, data, creating=False)
    if refusal is not None:
        return refusal
    edit(world, message, data, request[BODY])
    return json_response(message.payload)
