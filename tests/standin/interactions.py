"""Answering interactions: the callback, held to Discord's deadline, then the webhook routes of its token."""

from __future__ import annotations

import json
import time
from typing import Any

from aiohttp import web

from . import limits, messages
from .bodies import ARRIVED, BODY, error, json_response, no_content
from .models import EPHEMERAL, LOADING, Callback, Interaction, Message
from .state import World

MESSAGE, DEFERRED, DEFERRED_UPDATE, UPDATE, AUTOCOMPLETE, MODAL = 4, 5, 6, 7, 8, 9
# the callback types Discord accepts for each interaction type (command, component, autocomplete, modal)
ALLOWED = {
    2: {MESSAGE, DEFERRED, MODAL},
    3: {MESSAGE, DEFERRED, DEFERRED_UPDATE, UPDATE, MODAL},
    4: {AUTOCOMPLETE},
}
CHAT_INPUT_COMMAND = 20  # the message type of interaction responses


def add_routes(app: web.Application, world: World, api: str, deadline: float) -> None:
    routes = InteractionRoutes(world, deadline)
    app.router.add_route("POST", f"{api}/interactions/{{interaction}}/{{token}}/callback", routes.callback)
    app.router.add_route("POST", f"{api}/webhooks/{{app}}/{{token}}", routes.followup)
    for method in ("GET", "PATCH", "DELETE"):
        app.router.add_route(
            method, f"{api}/webhooks/{{app}}/{{token}}/messages/{{message}}", routes.webhook_message
        )


class InteractionRoutes:
    def __init__(self, world: World, deadline: float) -> None:
        self.world = world
        self.deadline = deadline

    async def callback(self, request: web.Request) -> web.Response:
        world = self.world
        interaction = world.interactions.get(request.match_info["interaction"])
        if interaction is None or interaction.token != request.match_info["token"]:
            return error(404, 10062, "Unknown interaction")
        payload = request[BODY].json or {}
        kind, data = payload.get("type"), payload.get("data")
        delay = request[ARRIVED] - interaction.dispatched_at
        response = self._refusal(request, interaction, kind, data, delay)
        if response is None:
            response = self._accept(request, interaction, kind, data)
        code = json.loads(response.body).get("code") if response.status >= 400 else None  # type: ignore[arg-type]
        with world.changing():
            interaction.callbacks.append(Callback(kind, data, delay, response.status, code))
            interaction.last_activity = time.monotonic()
        return response

    def _refusal(
        self,
        request: web.Request,
        interaction: Interaction,
        kind: int,
        data: dict[str, Any] | None,
        delay: float,
    ) -> web.Response | None:
        if delay > self.deadline:
            return error(404, 10062, "Unknown interaction")
        if interaction.accepted is not None:
            return error(400, 40060, "Interaction has already been acknowledged.")
        if kind not in ALLOWED.get(interaction.type, set()):
            invalid = {
                "type": {"_errors": [{"code": "INTERACTION_RESPONSE_TYPE_INVALID", "message": "Invalid"}]}
            }
            return messages.refuse(self.world, request, 50035, "Invalid Form Body", invalid)
        if kind == AUTOCOMPLETE and (errors := limits.check_choices(data)):
            return messages.refuse(self.world, request, 50035, "Invalid Form Body", errors.tree)
        if kind in (MESSAGE, UPDATE):
            return messages.check(self.world, request, data or {}, creating=kind == MESSAGE, prefix=("data",))
        return None

    def _accept(
        self, request: web.Request, interaction: Interaction, kind: int, data: dict[str, Any] | None
    ) -> web.Response:
        world, data = self.world, data or {}
        original: Message | None = None
        if kind in (MESSAGE, DEFERRED):
            if kind == DEFERRED:
                data = {"content": "", "flags": LOADING | ((data.get("flags") or 0) & EPHEMERAL)}
            original = self._post(request, interaction, data)
        elif kind in (DEFERRED_UPDATE, UPDATE):
            original = world.messages[interaction.payload["message"]["id"]]
            if kind == UPDATE:
                messages.edit(world, original, data, request[BODY])
        with world.changing():
            interaction.original = original
            if original is not None:
                interaction.messages.append(original)
            if kind == AUTOCOMPLETE:
                interaction.choices = data.get("choices") or []
        if request.query.get("with_response") not in ("1", "true", "True"):
            return no_content()
        answer: dict[str, Any] = {"interaction": {"id": interaction.id, "type": interaction.type}}
        if original is not None and kind != DEFERRED_UPDATE:
            answer["interaction"].update(
                response_message_id=original.id,
                response_message_loading=kind == DEFERRED,
                response_message_ephemeral=original.ephemeral,
            )
            answer["resource"] = {"type": kind, "message": original.payload}
        return json_response(answer)

    async def followup(self, request: web.Request) -> web.Response:
        world = self.world
        interaction = self._find(request)
        if interaction is None:
            return error(404, 10015, "Unknown Webhook")
        data = request[BODY].json or {}
        refusal = messages.check(world, request, data, creating=True)
        if refusal is not None:
            return refusal
        original = interaction.original
        if original is not None and original.flags & LOADING and original.deleted_at is None:
            # the first follow-up after a deferral replaces the "thinking…" message, keeping its flags;
            # once that message is deleted, a follow-up is a new message with flags of its own
            messages.edit(world, original, data, request[BODY])
            message = original
        else:
            message = self._post(request, interaction, data)
            with world.changing():
                interaction.messages.append(message)
        self._touch(interaction)
        wait = request.query.get("wait") in ("1", "true", "True")
        return json_response(message.payload) if wait else no_content()

    async def webhook_message(self, request: web.Request) -> web.Response:
        world = self.world
        interaction = self._find(request)
        if interaction is None:
            return error(404, 10015, "Unknown Webhook")
        wanted = request.match_info["message"]
        target = interaction.original if wanted == "@original" else None
        target = target or next((m for m in interaction.messages if m.id == wanted), None)
        if target is None or target.deleted_at is not None:
            return error(404, 10008, "Unknown Message")
        response = messages.answer(world, request, target)
        if request.method != "GET":
            self._touch(interaction)
        return response

    def _find(self, request: web.Request) -> Interaction | None:
        """The acknowledged interaction whose token is in the path: only those have a webhook."""
        if request.match_info["app"] != self.world.application_id:
            return None
        token = request.match_info["token"]
        found = next((i for i in self.world.interactions.values() if i.token == token), None)
        return found if found is not None and found.accepted is not None else None

    def _touch(self, interaction: Interaction) -> None:
        with self.world.changing():
            interaction.updates += 1
            interaction.last_activity = time.monotonic()

    def _post(self, request: web.Request, interaction: Interaction, data: dict[str, Any]) -> Message:
        world, source = self.world, interaction.payload
        user = source["member"]["user"] if "member" in source else source["user"]
        metadata: dict[str, Any] = {
            "id": interaction.id,
            "type": interaction.type,
            "user": user,
            "authorizing_integration_owners": source["authorizing_integration_owners"],
        }
        if interaction.type == 2:
            metadata.update(name=source["data"]["name"], command_type=1)
        elif interaction.type == 3:
            metadata["interacted_message_id"] = source["message"]["id"]
        ephemeral = bool((data.get("flags") or 0) & EPHEMERAL)
        return messages.create(
            world,
            channel_id=source["channel_id"],
            author=world.bot_user,
            data=data,
            attachments=messages.upload(world, data, request[BODY], ephemeral=ephemeral),
            message_type=CHAT_INPUT_COMMAND,
            interaction=interaction,
            extra={
                "interaction_metadata": metadata,
                "webhook_id": world.application_id,
                "application_id": world.application_id,
            },
        )
