"""``newsbot run``: start the bot with the token from the environment or ``.env``."""

from collections.abc import Sequence

import aiohttp
import discord

from index import Engine

from .client import NewsBot
from .errors import BotError


def run(engine: Engine, shard_ids: Sequence[int] | None = None, shard_count: int | None = None) -> None:
    """Run the bot over ``engine`` until it is stopped (Ctrl+C), as the shards given (``shards``;
    None: every shard); raises BotError when it cannot start."""
    token = engine.settings.discord_token
    secret = token.get_secret_value().strip() if token else ""
    if not secret:
        raise BotError("DISCORD_TOKEN is not set: put the bot's token in .env (see .env.example)")
    try:
        NewsBot(engine, shard_ids, shard_count).run(secret, log_handler=None)
    except discord.LoginFailure:
        raise BotError(
            "Discord refused the token in DISCORD_TOKEN: copy it again from the developer portal"
        ) from None
    except discord.PrivilegedIntentsRequired as error:
        raise BotError(f"Discord refused an intent: {error}") from None
    except aiohttp.ClientConnectionError as error:
        raise BotError(f"cannot reach Discord: {error}") from None
