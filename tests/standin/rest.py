"""The REST API the bot calls: login, gateway discovery, application commands, channels, messages, DMs."""

from __future__ import annotations

from aiohttp import web

from . import messages, payloads
from .bodies import BODY, error, json_response, no_content
from .commands import check_commands
from .gateway import Gateway
from .state import World


def add_routes(app: web.Application, world: World, gateway: Gateway, api: str) -> None:
    rest = Rest(world, gateway)
    add = app.router.add_route
    add("GET", "/attachments/{attachment_id}/{filename}", rest.attachment)  # the "CDN"
    add("GET", f"{api}/users/@me", rest.me)
    add("GET", f"{api}/oauth2/applications/@me", rest.application)
    add("GET", f"{api}/gateway", rest.gateway_url)
    add("GET", f"{api}/gateway/bot", rest.gateway_url)
    for path in ("/applications/{app}/commands", "/applications/{app}/guilds/{guild}/commands"):
        add("GET", api + path, rest.commands)
        add("PUT", api + path, rest.commands)
    add("GET", f"{api}/channels/{{channel}}", rest.channel)
    add("GET", f"{api}/channels/{{channel}}/messages", rest.history)
    add("POST", f"{api}/channels/{{channel}}/messages", rest.post)
    for method in ("GET", "PATCH", "DELETE"):
        add(method, f"{api}/channels/{{channel}}/messages/{{message}}", rest.message)
    add("POST", f"{api}/channels/{{channel}}/typing", rest.typing)
    add("POST", f"{api}/users/@me/channels", rest.open_dm)


class Rest:
    def __init__(self, world: World, gateway: Gateway) -> None:
        self.world = world
        self.gateway = gateway

    async def attachment(self, request: web.Request) -> web.Response:
        file = self.world.files.get(request.match_info["attachment_id"])
        if file is None or file.filename != request.match_info["filename"]:
            return error(404, 0, "404: Not Found")
        return web.Response(body=file.data, headers={"Content-Type": file.content_type})

    async def me(self, request: web.Request) -> web.Response:
        bot = payloads.user(self.world.bot_user)
        return json_response({**bot, "verified": True, "mfa_enabled": False, "flags": 0, "locale": "en-US"})

    async def application(self, request: web.Request) -> web.Response:
        world = self.world
        return json_response(
            {
                "id": world.application_id,
                "name": world.bot_user.username,
                "icon": None,
                "description": "",
                "summary": "",
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": payloads.user(world.owner or world.bot_user),
                "team": None,
                "verify_key": "00" * 32,
                "flags": self.gateway.application_flags,
                "bot": payloads.user(world.bot_user),
                "interactions_endpoint_url": None,
                "redirect_uris": [],
                "tags": [],
            }
        )

    async def gateway_url(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1}
        if request.path.endswith("/bot"):
            shards = self.gateway.shards
            return json_response({"url": self.gateway.url, "shards": shards, "session_start_limit": limit})
        return json_response({"url": self.gateway.url})

    async def commands(self, request: web.Request) -> web.Response:
        world, guild_id = self.world, request.match_info.get("guild")
        if request.match_info["app"] != world.application_id:
            return error(404, 10002, "Unknown Application")
        if guild_id is not None and guild_id not in world.guilds:
            return error(404, 10004, "Unknown Guild")
        if request.method == "GET":
            return json_response(world.commands.get(guild_id))
        commands = request[BODY].json
        if not isinstance(commands, list):
            return messages.refuse(
                world, request, 50035, "Invalid Form Body", {"_errors": [{"code": "LIST_TYPE_CONVERT"}]}
            )
        errors = check_commands(commands)
        if errors:
            return messages.refuse(world, request, 50035, "Invalid Form Body", errors.tree)
        with world.changing():
            stored = world.commands.overwrite(guild_id, commands)
        return json_response(stored)

    async def channel(self, request: web.Request) -> web.Response:
        channel = self.world.channels.get(request.match_info["channel"])
        return json_response(channel) if channel else error(404, 10003, "Unknown Channel")

    async def history(self, request: web.Request) -> web.Response:
        world, channel_id = self.world, request.match_info["channel"]
        if channel_id not in world.channels:
            return error(404, 10003, "Unknown Channel")
        limit = min(int(request.query.get("limit", 50)), 100)
        before = int(request.query.get("before", 1 << 63))
        found = [
            m
            for m in world.messages.values()
            if world.visible_message(channel_id, m.id) and int(m.id) < before
        ]
        return json_response([m.payload for m in reversed(found[-limit:])])

    async def post(self, request: web.Request) -> web.Response:
        world, channel_id = self.world, request.match_info["channel"]
        if channel_id not in world.channels:
            return error(404, 10003, "Unknown Channel")
        data = request[BODY].json or {}
        refusal = messages.check(world, request, data, creating=True)
        if refusal is not None:
            return refusal
        reference = data.get("message_reference")
        replied = None
        if reference:
            replied = world.visible_message(
                str(reference.get("channel_id", channel_id)), str(reference["message_id"])
            )
            if replied is None and reference.get("fail_if_not_exists", True):
                unknown = {
                    "_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]
                }
                return messages.refuse(
                    world, request, 50035, "Invalid Form Body", {"message_reference": unknown}
                )
        already = messages.repeated(world, channel_id, world.bot_user, data)
        if already is not None:
            return json_response(already.payload)
        message = messages.create(
            world,
            channel_id=channel_id,
            author=world.bot_user,
            data=data,
            attachments=messages.upload(world, data, request[BODY]),
            message_type=19 if replied else 0,
            reference=replied,
        )
        return json_response(message.payload)

    async def message(self, request: web.Request) -> web.Response:
        world = self.world
        message = world.visible_message(request.match_info["channel"], request.match_info["message"])
        if message is None:
            return error(404, 10008, "Unknown Message")
        if message.author_id != world.bot_user.id and request.method != "GET":
            if request.method == "PATCH":
                return error(403, 50005, "Cannot edit a message authored by another user")
            return error(403, 50013, "Missing Permissions")
        return messages.answer(world, request, message)

    async def typing(self, request: web.Request) -> web.Response:
        if request.match_info["channel"] not in self.world.channels:
            return error(404, 10003, "Unknown Channel")
        return no_content()

    async def open_dm(self, request: web.Request) -> web.Response:
        user = self.world.users.get(str((request[BODY].json or {}).get("recipient_id")))
        if user is None or user.bot:
            return error(404, 10013, "Unknown User")
        return json_response(self.world.open_dm(user))
