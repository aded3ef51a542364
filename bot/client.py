"""The bot: the engine, the worker that runs it off the event loop, one cog per feature, and the
background polling of the watched feeds. One process runs every Discord shard, or those given
(``shards``); with PostgreSQL, several processes share the servers and each serves the generation
any of them published (``generations``)."""

import logging
import sys
from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands

from index import Engine

from .briefings import Briefer
from .cogs import EXTENSIONS
from .deliveries import Deliveries
from .election import Election
from .failures import describe
from .follows import FollowChecker, FollowTable
from .generations import GenerationWatcher
from .polling import Poller
from .replies import NO_PINGS, refuse
from .schedules import Schedules
from .worker import Worker

log = logging.getLogger(__name__)


class NewsBot(commands.AutoShardedBot):
    """Slash commands and mentions over one engine; needs no privileged intent. Runs the shards
    ``shard_ids`` of ``shard_count`` (``shards.check``), or every shard Discord recommends."""

    def __init__(
        self, engine: Engine, shard_ids: Sequence[int] | None = None, shard_count: int | None = None
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=NO_PINGS,
            help_command=None,
            shard_ids=list(shard_ids) if shard_ids is not None else None,
            shard_count=shard_count,
        )
        self.settings = engine.settings
        self.worker = Worker(engine)
        self.generations = GenerationWatcher(self.worker)
        self.poller = Poller(self.worker, engine.settings)
        tables = engine.store.database.beside("bot")  # the bot's own: <data dir>/bot.db with SQLite
        self.schedules = Schedules(tables)
        self.deliveries = Deliveries(tables, self.send_embeds, self.send_dm)
        self.briefer = Briefer(self.worker, self.schedules, self.deliveries.send)
        self.follows = FollowTable(tables)
        self.follow_checker = FollowChecker(self.worker, self.follows, self.deliveries.send)
        self.worker.after_write.append(self.follow_checker.published)
        # the writer's alone; what the last writer left unsent goes first
        duties = (self.deliveries, self.poller, self.briefer, self.follow_checker)
        self.election = Election(engine.store.database.writer_lock(), duties)

    @property
    def engine(self) -> Engine:
        """The engine itself, to look at; cogs and the poller call it through ``worker``."""
        return self.worker.engine

    async def setup_hook(self) -> None:
        await self.worker.warm_up()
        if self.settings.database_url:  # other processes may publish: serve what they do
            self.generations.start()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.tree.on_error = self.on_app_command_error
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """To the configured servers (available at once), or globally when none is configured."""
        if not self.settings.discord_guilds:
            synced = await self.tree.sync()
            log.info("synced %d commands globally", len(synced))
            return
        for guild_id in self.settings.discord_guilds:
            guild = discord.Object(guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d commands to server %d", len(synced), guild_id)
            except discord.HTTPException as error:
                log.error("could not sync commands to server %d (is the bot in it?): %s", guild_id, error)

    async def on_ready(self) -> None:
        """Says so on stderr, so whoever ran `newsbot run` knows the bot is up; once this process is
        the writer (``bot.election``: at once with SQLite), polls feeds and posts briefings (one
        missed while the bot was down goes out now). The poller ends at once when no feed is
        watched; /feeds add starts it again."""
        print(f"newsbot: online as {self.user} in {len(self.guilds)} servers", file=sys.stderr, flush=True)
        await self.election.start()

    async def send_embeds(self, channel_id: int, message: list[discord.Embed], nonce: str) -> None:
        """One message of ``message``'s embeds to a channel, pinging no one (a posted briefing),
        with a nonce Discord enforces (``bot.deliveries``)."""
        channel = self.get_channel(channel_id) or await self.fetch_channel(channel_id)
        await channel.send(embeds=message, allowed_mentions=NO_PINGS, nonce=nonce)  # type: ignore[union-attr]

    async def send_dm(self, user_id: int, message: list[discord.Embed], nonce: str) -> None:
        """One message of ``message``'s embeds to a user by DM, pinging no one (a follow's update),
        with a nonce Discord enforces (``bot.deliveries``)."""
        channel = await self.create_dm(discord.Object(user_id))
        await channel.send(embeds=message, allowed_mentions=NO_PINGS, nonce=nonce)

    async def on_message(self, message: discord.Message) -> None:
        """Mentions and DMs are questions (see cogs.asking); there are no prefix commands."""

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        try:
            await refuse(interaction, describe(error))
        except discord.HTTPException:
            log.exception("could not tell the user about an error")

    async def close(self) -> None:
        await self.election.stop()
        await self.generations.stop()
        await super().close()
        self.worker.close()
