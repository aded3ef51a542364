"""The stand-in's aiohttp application: gateway, REST and interaction routes behind one middleware."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from . import interactions, rest
from .bodies import ARRIVED, BODY, error, read_body
from .gateway import Gateway
from .models import RestRequest
from .state import World

API = "/api/v10"
_TOKENLESS = (f"{API}/webhooks/", f"{API}/interactions/")  # authorised by the token in the path
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def build_app(world: World, gateway: Gateway, deadline: float) -> web.Application:
    app = web.Application(middlewares=[_middleware(world)], client_max_size=32 * 1024 * 1024)
    app.router.add_route("GET", "/gateway", gateway.handle)
    rest.add_routes(app, world, gateway, API)
    interactions.add_routes(app, world, API, deadline)
    app.on_shutdown.append(gateway.close_all)
    return app


def _middleware(world: World) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """Reads the body once, records API requests, checks the bot token, answers 404/405 as Discord."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        request[ARRIVED] = time.monotonic()
        body = request[BODY] = await read_body(request)
        if request.path.startswith(API):
            path, files = request.path[len(API) :], tuple(file.filename for file in body.files.values())
            with world.changing():
                world.requests.append(
                    RestRequest(request.method, path, dict(request.query), body.json, files, request[ARRIVED])
                )
            authorised = request.headers.get("Authorization") == f"Bot {world.token}"
            if not authorised and not request.path.startswith(_TOKENLESS):
                return error(401, 0, "401: Unauthorized")
        try:
            return await handler(request)
        except web.HTTPNotFound:
            return error(404, 0, "404: Not Found")
        except web.HTTPMethodNotAllowed:
            return error(405, 0, "405: Method Not Allowed")

    return middleware
