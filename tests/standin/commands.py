"""Application commands as Discord keeps them: bulk overwrite per scope, ids kept across overwrites."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .limits import FormErrors
from .payloads import ADMINISTRATOR

_NAME = re.compile(r"^[-_\w]{1,32}$")
SUBCOMMAND, GROUP = 1, 2
GUILD_CONTEXT, BOT_DM_CONTEXT = 0, 1


class CommandStore:
    """Commands by scope: ``None`` for global, a guild id for guild commands."""

    def __init__(self, new_id: Callable[[], str], application_id: str) -> None:
        self._new_id = new_id
        self._application_id = application_id
        self._scopes: dict[str | None, list[dict[str, Any]]] = {}

    def overwrite(self, guild_id: str | None, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``PUT .../commands``: replaces the scope, keeping the id of a command whose name and type stay."""
        old = {(c["name"], c["type"]): c["id"] for c in self._scopes.get(guild_id, [])}
        stored = []
        for command in commands:
            kind = command.get("type", 1)
            permissions = command.get("default_member_permissions")
            entry = {
                "id": old.get((command["name"], kind)) or self._new_id(),
                "application_id": self._application_id,
                "version": self._new_id(),
                "type": kind,
                "name": command["name"],
                "name_localizations": None,
                "description": command.get("description", ""),
                "description_localizations": None,
                "default_member_permissions": None if permissions is None else str(permissions),
                "nsfw": bool(command.get("nsfw")),
                "contexts": command.get("contexts"),
                "integration_types": command.get("integration_types") or [0],
            }
            if command.get("options"):
                entry["options"] = command["options"]
            if guild_id is None:
                entry["dm_permission"] = command.get("dm_permission", True)
            else:
                entry["guild_id"] = guild_id
            stored.append(entry)
        self._scopes[guild_id] = stored
        return stored

    def synced(self, guild_id: str | None) -> bool:
        return guild_id in self._scopes

    def get(self, guild_id: str | None) -> list[dict[str, Any]]:
        return list(self._scopes.get(guild_id, []))

    def find(self, name: str, guild_id: str | None) -> dict[str, Any] | None:
        """The chat-input command a user typing ``/name`` gets: the guild's own first, then global."""
        scopes = [guild_id, None] if guild_id else [None]
        for scope in scopes:
            for command in self._scopes.get(scope, []):
                if command["name"] == name and command["type"] == 1:
                    return command
        return None


def available(command: dict[str, Any], permissions: int, *, in_guild: bool) -> bool:
    """Whether Discord offers the command to a user with ``permissions`` in a guild or in the bot's DM."""
    contexts = command.get("contexts")
    if in_guild:
        if contexts is not None and GUILD_CONTEXT not in contexts:
            return False
        required = command.get("default_member_permissions")
        if required is None or permissions & ADMINISTRATOR:
            return True
        return int(required) != 0 and permissions & int(required) == int(required)
    if command.get("guild_id") or command.get("dm_permission") is False:
        return False
    return contexts is None or BOT_DM_CONTEXT in contexts


def check_commands(commands: list[dict[str, Any]]) -> FormErrors:
    """The checks Discord runs on a bulk overwrite that a client library might not."""
    errors = FormErrors()
    seen: set[tuple[str, int]] = set()
    for i, command in enumerate(commands):
        kind = command.get("type", 1)
        if (command.get("name"), kind) in seen:
            errors.add(
                (i, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"
            )
        seen.add((command.get("name"), kind))
        if kind == 1:
            _check_named(errors, (i,), command)
            _check_options(errors, (i, "options"), command.get("options") or [])
    return errors


def _check_named(errors: FormErrors, path: tuple[str | int, ...], item: dict[str, Any]) -> None:
    name = item.get("name") or ""
    if not _NAME.match(name) or name != name.lower():
        errors.add((*path, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    description = item.get("description") or ""
    if not 1 <= len(description) <= 100:
        errors.add((*path, "description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")


def _check_options(errors: FormErrors, path: tuple[str | int, ...], options: list[dict[str, Any]]) -> None:
    errors.max_length(path, options, 25)
    optional_seen = False
    for i, option in enumerate(options):
        _check_named(errors, (*path, i), option)
        errors.max_length((*path, i, "choices"), option.get("choices") or [], 25)
        if option.get("type") in (SUBCOMMAND, GROUP):
            _check_options(errors, (*path, i, "options"), option.get("options") or [])
        elif option.get("required"):
            if optional_seen:
                errors.add(
                    (*path, i, "required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            optional_seen = True
