"""A local Discord for tests: REST + gateway on 127.0.0.1 that the unmodified discord.py client talks to.

with DiscordStandIn(heartbeat_interval=0.5) as standin, standin.patched():
    with BotThread(bot, standin.token):
        standin.wait_ready()
        standin.wait_commands(standin.guild_id)
        done = standin.slash("ask", {"question": "…"}).wait_done()
"""

from .actions import CommandUnavailable
from .facade import DiscordStandIn
from .models import Callback, File, Interaction, Message, Rejection, RestRequest, Revision, User
from .runner import BotThread

__all__ = [
    "BotThread",
    "Callback",
    "CommandUnavailable",
    "DiscordStandIn",
    "File",
    "Interaction",
    "Message",
    "Rejection",
    "RestRequest",
    "Revision",
    "User",
]
