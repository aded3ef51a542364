"""Discord's documented payload limits, refused the way the API refuses them, and who a message pings.

Limits: https://discord.com/developers/docs/resources/message#create-message and the embed,
component and autocomplete pages. A refusal is HTTP 400 with code 50035 and an ``errors`` tree that
mirrors the JSON path of each offending value, each leaf holding ``{"_errors": [{code, message}]}``.
"""

from __future__ import annotations

import re
from typing import Any

COMPONENTS_V2 = 1 << 15
SELECT_TYPES = {3, 5, 6, 7, 8}
LINK_STYLE, PREMIUM_STYLE = 5, 6

_MENTION = re.compile(r"<@!?(\d+)>|<@&(\d+)>|@(everyone|here)")


class FormErrors:
    """The nested ``errors`` object of a 50035 "Invalid Form Body" answer."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.tree)

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        node = self.tree
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_length(self, path: tuple[str | int, ...], value: Any, limit: int) -> None:
        if isinstance(value, str | list) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def required(self, path: tuple[str | int, ...], value: Any) -> None:
        if value in (None, "", []):
            self.add(path, "BASE_TYPE_REQUIRED", "This field is required")


def check_message(data: dict[str, Any], prefix: tuple[str | int, ...] = ()) -> FormErrors:
    """Errors in a message body (channel message, interaction response data or webhook message)."""
    errors = FormErrors()
    errors.max_length((*prefix, "content"), data.get("content") or "", 2000)
    errors.max_length((*prefix, "nonce"), data.get("nonce"), 25)
    embeds = data.get("embeds") or []
    errors.max_length((*prefix, "embeds"), embeds, 10)
    total = sum(_check_embed(errors, (*prefix, "embeds", i), embed) for i, embed in enumerate(embeds))
    if total > 6000:
        errors.add((*prefix, "embeds"), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
    if not (data.get("flags") or 0) & COMPONENTS_V2:
        _check_rows(errors, (*prefix, "components"), data.get("components") or [])
    return errors


def is_empty(data: dict[str, Any], attachments: int) -> bool:
    """Discord refuses (code 50006) a new message with nothing to show."""
    keys = ("content", "embeds", "components", "sticker_ids", "poll")
    return not attachments and not any(data.get(key) for key in keys)


def check_choices(data: dict[str, Any] | None) -> FormErrors:
    """Errors in an autocomplete result (interaction callback type 8)."""
    errors = FormErrors()
    choices = (data or {}).get("choices") or []
    errors.max_length(("data", "choices"), choices, 25)
    for i, choice in enumerate(choices):
        path = ("data", "choices", i)
        errors.required((*path, "name"), choice.get("name"))
        errors.max_length((*path, "name"), choice.get("name"), 100)
        errors.max_length((*path, "value"), choice.get("value"), 100)
    return errors


def _check_embed(errors: FormErrors, path: tuple[str | int, ...], embed: dict[str, Any]) -> int:
    """Checks one embed and returns its text length, which counts towards the 6000 of a message."""
    title, description = embed.get("title") or "", embed.get("description") or ""
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    errors.max_length((*path, "title"), title, 256)
    errors.max_length((*path, "description"), description, 4096)
    errors.max_length((*path, "footer", "text"), footer, 2048)
    errors.max_length((*path, "author", "name"), author, 256)
    fields = embed.get("fields") or []
    errors.max_length((*path, "fields"), fields, 25)
    size = len(title) + len(description) + len(footer) + len(author)
    for i, field in enumerate(fields):
        name, value = field.get("name") or "", field.get("value") or ""
        errors.required((*path, "fields", i, "name"), name)
        errors.required((*path, "fields", i, "value"), value)
        errors.max_length((*path, "fields", i, "name"), name, 256)
        errors.max_length((*path, "fields", i, "value"), value, 1024)
        size += len(name) + len(value)
    return size


def _check_rows(errors: FormErrors, path: tuple[str | int, ...], rows: list[dict[str, Any]]) -> None:
    errors.max_length(path, rows, 5)
    for i, row in enumerate(rows):
        if row.get("type") != 1:
            errors.add((*path, i, "type"), "BASE_TYPE_CHOICES", "Value must be one of (1,).")
            continue
        children = row.get("components") or []
        errors.required((*path, i, "components"), children)
        errors.max_length((*path, i, "components"), children, 5)
        if len(children) > 1 and any(child.get("type") in SELECT_TYPES for child in children):
            errors.add(
                (*path, i, "components"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            )
        for j, child in enumerate(children):
            _check_component(errors, (*path, i, "components", j), child)


def _check_component(errors: FormErrors, path: tuple[str | int, ...], component: dict[str, Any]) -> None:
    errors.max_length((*path, "custom_id"), component.get("custom_id"), 100)
    if component.get("type") == 2:
        errors.max_length((*path, "label"), component.get("label"), 80)
        style = component.get("style")
        if style == LINK_STYLE:
            errors.required((*path, "url"), component.get("url"))
        elif style != PREMIUM_STYLE:
            errors.required((*path, "custom_id"), component.get("custom_id"))
        if style != PREMIUM_STYLE and not component.get("label") and not component.get("emoji"):
            errors.required((*path, "label"), component.get("label"))
    elif component.get("type") in SELECT_TYPES:
        errors.required((*path, "custom_id"), component.get("custom_id"))
        errors.max_length((*path, "placeholder"), component.get("placeholder"), 150)
        options = component.get("options") or []
        errors.max_length((*path, "options"), options, 25)
        for k, option in enumerate(options):
            errors.max_length((*path, "options", k, "label"), option.get("label"), 100)
            errors.max_length((*path, "options", k, "value"), option.get("value"), 100)


def pings(
    content: str, allowed_mentions: dict[str, Any] | None, replied_user_id: str | None
) -> frozenset[str]:
    """Who a message would notify: ``"@everyone"``, ``"@here"``, ``"<@id>"`` and ``"<@&id>"`` entries.

    Without ``allowed_mentions`` Discord parses every mention in the content and pings the author of
    a replied-to message; with it, only what ``parse``, ``users``, ``roles`` and ``replied_user`` allow.
    """
    every = allowed_mentions is None
    allowed = allowed_mentions or {}
    parse = set(allowed.get("parse") or [])
    users = {str(user) for user in allowed.get("users") or []}
    roles = {str(role) for role in allowed.get("roles") or []}
    found: set[str] = set()
    for match in _MENTION.finditer(content or ""):
        user, role, everyone = match.groups()
        if user and (every or "users" in parse or user in users):
            found.add(f"<@{user}>")
        elif role and (every or "roles" in parse or role in roles):
            found.add(f"<@&{role}>")
        elif everyone and (every or "everyone" in parse):
            found.add(f"@{everyone}")
    if replied_user_id and (every or allowed.get("replied_user")):
        found.add(f"<@{replied_user_id}>")
    return frozenset(found)
