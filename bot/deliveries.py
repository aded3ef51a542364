"""Sending what the writer claimed (``bot.claims``) exactly once, even across a takeover.

Each message of a claim is sent with a Discord nonce made from the claim's key and the message's
place in it, and Discord is asked to enforce it: a message sent again with the same nonce, to the
same channel, within a few minutes, is answered with the one already posted rather than posted
twice. The claim is marked delivered once all its messages went out. A writer killed before that
leaves it undelivered; the task here, which only the writer runs (``bot.election``), sends again,
as soon as this process becomes the writer and every ``RESEND_EVERY`` seconds after, every claim
left undelivered and made within ``RESEND_WITHIN``: what reached Discord is not posted twice, what
did not is posted now. An older one is given up, with a line in the log: posted at most once.
"""

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import discord

from index import Database

from . import claims
from .background import Background

log = logging.getLogger(__name__)

# Discord looks for a message with the same nonce in "the past few minutes", no more said: a claim
# sent again within two minutes of being claimed (the writer having died, another taken over within
# ``index.RETRY`` seconds, or a dead machine's lock freed within ``index.store.postgres_writer``'s
# keepalives) still meets the message it may have posted; one sent later might post it twice.
RESEND_WITHIN = timedelta(minutes=2)
RESEND_EVERY = 30.0  # seconds between two looks for undelivered claims: a few within the window

# sends one message of embeds, without pings, with a nonce Discord enforces: to a channel (its id)
# or by DM (the user's id); discord.HTTPException if it cannot
Send = Callable[[int, list[discord.Embed], str], Awaitable[None]]
Deliver = Callable[[claims.Outgoing], Awaitable[None]]  # ``Deliveries.send``


def payload(messages: list[list[discord.Embed]]) -> str:
    """``messages`` as ``claims.Outgoing`` keeps them."""
    return json.dumps([[embed.to_dict() for embed in message] for message in messages])


def nonce(key: str, index: int) -> str:
    """The nonce of the ``index``-th message of the claim ``key``: the same in every process, and
    within Discord's 25 characters."""
    return hashlib.blake2b(f"{key} {index}".encode(), digest_size=12).hexdigest()


class Deliveries(Background):
    NAME = "newsbot-deliveries"

    def __init__(self, database: Database, to_channel: Send, to_user: Send) -> None:
        super().__init__()
        claims.prepare(database)
        self.database = database
        self.to_channel, self.to_user = to_channel, to_user
        self._sending: set[str] = set()  # the keys being sent here now, not to be sent again meanwhile

    async def send(self, outgoing: claims.Outgoing) -> None:
        """Send what this process claimed, or sends again, and mark it delivered. Discord refusing
        it (a channel gone, DMs closed) is logged and marked too: it would refuse it again. Any
        other failure leaves it undelivered, for the next look to send again."""
        if outgoing.key in self._sending:
            return
        self._sending.add(outgoing.key)
        try:
            send = self.to_user if outgoing.dm else self.to_channel
            try:
                for index, message in enumerate(json.loads(outgoing.messages)):
                    embeds = [discord.Embed.from_dict(embed) for embed in message]
                    await send(outgoing.recipient, embeds, nonce(outgoing.key, index))
            except discord.HTTPException as error:
                log.warning("could not send the %s: %s", outgoing.key, error)
            claims.delivered(self.database, outgoing.key, datetime.now(UTC))
        finally:
            self._sending.discard(outgoing.key)

    async def resend(self) -> None:
        """Send again the claims a writer made lately and did not mark delivered; give up older ones."""
        for outgoing, claimed in claims.undelivered(self.database):
            if outgoing.key in self._sending:
                continue
            now = datetime.now(UTC)
            if now - claimed <= RESEND_WITHIN:
                log.info("sending the %s again: its writer did not say it was sent", outgoing.key)
                await self.send(outgoing)
            else:
                log.warning(
                    "not sending the %s: claimed at %s and never said sent, it might be posted twice",
                    outgoing.key,
                    claimed.isoformat(),
                )
                claims.delivered(self.database, outgoing.key, now)

    async def _run(self) -> None:
        while True:
            try:
                await self.resend()
            except Exception:  # the store, a bug: the next look may well work
                log.exception("sending the undelivered claims again failed; looking again soon")
            await asyncio.sleep(RESEND_EVERY)
