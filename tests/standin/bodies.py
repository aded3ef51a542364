"""Request bodies (JSON, or multipart with ``payload_json`` and ``files[n]``) and Discord-style answers."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from .models import File

_FILE_FIELD = re.compile(r"^files\[(\d+)\]$")


@dataclass
class Body:
    json: Any = None
    files: dict[int, File] = field(default_factory=dict)  # by the n of their ``files[n]`` field


BODY = web.RequestKey("body", Body)
ARRIVED = web.RequestKey("arrived", float)  # time.monotonic() when the request reached the stand-in


async def read_body(request: web.Request) -> Body:
    """Reads the body once: discord.py sends JSON, or multipart whenever files are attached."""
    if request.content_type == "multipart/form-data":
        body = Body()
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            data = await part.read()
            if part.name == "payload_json":
                body.json = json.loads(data)
            elif match := _FILE_FIELD.match(part.name):
                content_type = part.headers.get("Content-Type", "application/octet-stream")
                body.files[int(match[1])] = File(part.filename or "file", bytes(data), content_type)
        return body
    raw = await request.read()
    if raw and request.content_type == "application/json":
        return Body(json=json.loads(raw))
    return Body()


def json_response(data: Any, status: int = 200) -> web.Response:
    """JSON with the bare ``application/json`` type: discord.py compares the header exactly."""
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def error(status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> web.Response:
    data: dict[str, Any] = {"message": message, "code": code}
    if errors is not None:
        data["errors"] = errors
    return json_response(data, status)


def no_content() -> web.Response:
    return web.Response(status=204)
