"""The Discord stand-in (tests/standin) against a tiny, unmodified discord.py bot defined here."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Coroutine
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from standin import BotThread, CommandUnavailable, DiscordStandIn
from standin.limits import check_message, pings

HEARTBEAT = 0.5
ARTICLES = ["climate summit", "climate bill", "election results"]


class VoteView(discord.ui.View):
    @discord.ui.button(label="Up", custom_id="vote:up")
    async def up(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"Voted by {interaction.user.name}", view=None)


class TinyBot(commands.Bot):
    def __init__(self, guild_id: int) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=0.1,
        )
        self.guild = discord.Object(guild_id)
        self.seen: dict[int, str] = {}  # message id -> content, as the bot received it
        self.add_commands()

    async def setup_hook(self) -> None:
        await self.tree.sync()
        await self.tree.sync(guild=self.guild)

    async def on_message(self, message: discord.Message) -> None:
        if message.author == self.user:
            return
        self.seen[message.id] = message.content
        if message.guild is None or self.user in message.mentions:
            await message.reply(f"you said: {message.content}")

    def add_commands(self) -> None:
        tree, guild = self.tree, self.guild

        @tree.command(description="Ask about the news")
        async def ask(interaction: discord.Interaction, question: str) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0.05)
            await interaction.followup.send(f"answer: {question}")

        @tree.command(description="Vote on it", guild=guild)
        async def vote(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Vote?", view=VoteView())

        @tree.command(description="Summarise an article", guild=guild)
        async def summary(interaction: discord.Interaction, article: str) -> None:
            await interaction.response.send_message(f"summary of {article}")

        @summary.autocomplete("article")
        async def article_choices(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=a, value=a) for a in ARTICLES if current in a]

        @tree.command(description="Read a file", guild=guild)
        async def inspect(interaction: discord.Interaction, file: discord.Attachment) -> None:
            data = await file.read()
            echo = await file.to_file()  # sent back as multipart: payload_json + files[0]
            await interaction.response.send_message(
                f"{file.filename}: {data.decode()}", file=echo, ephemeral=True
            )

        @tree.command(description="Too slow to answer", guild=guild)
        async def slow(interaction: discord.Interaction) -> None:
            await asyncio.sleep(3.2)
            await interaction.response.send_message("late")

        @tree.command(description="Admins only", guild=guild)
        @app_commands.default_permissions(manage_guild=True)
        async def reindex(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("reindexing", ephemeral=True)


@pytest.fixture(scope="module")
def standin():
    with DiscordStandIn(heartbeat_interval=HEARTBEAT) as standin, standin.patched():
        yield standin


@pytest.fixture(scope="module")
def bot(standin: DiscordStandIn):
    bot = TinyBot(int(standin.guild_id))
    with BotThread(bot, standin.token):
        standin.wait_ready()
        standin.wait_commands(standin.guild_id, names=("vote", "summary", "inspect", "slow", "reindex"))
        yield bot


def on_bot(bot: TinyBot, coro: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run_coroutine_threadsafe(coro, bot.loop).result(5)


def eventually(predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)
    return result


def test_login_identify_and_ready(standin: DiscordStandIn, bot: TinyBot) -> None:
    assert standin.intents == discord.Intents.default().value
    assert not standin.intents & (1 << 15)  # no MESSAGE_CONTENT
    assert [(r.method, r.path) for r in standin.requests[:2]] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
    ]
    eventually(bot.is_ready)
    guild = bot.get_guild(int(standin.guild_id))
    assert guild is not None and guild.get_thread(int(standin.thread_id)) is not None
    assert guild.get_role(int(standin.admin_role_id)).permissions.manage_guild
    assert (
        guild.me is not None and guild.get_member(int(standin.member.id)) is None
    )  # no GUILD_MEMBERS intent


def test_bad_token_raises_login_failure(standin: DiscordStandIn) -> None:
    async def start() -> None:
        async with TinyBot(int(standin.guild_id)) as other:
            await other.start("not-the-token")

    with pytest.raises(discord.LoginFailure):
        asyncio.run(start())


def test_commands_are_synced_as_discord_stores_them(standin: DiscordStandIn, bot: TinyBot) -> None:
    (ask,) = standin.commands()
    assert ask["name"] == "ask" and ask["options"][0]["name"] == "question"
    guild_commands = {c["name"]: c for c in standin.commands(standin.guild_id)}
    assert guild_commands["reindex"]["default_member_permissions"] == str(1 << 5)
    assert all(c["guild_id"] == standin.guild_id for c in guild_commands.values())
    with pytest.raises(CommandUnavailable):
        standin.slash("reindex", user=standin.member)
    assert standin.slash("reindex", user=standin.admin).wait_done().messages[0].ephemeral


def test_slash_defer_then_follow_up(standin: DiscordStandIn, bot: TinyBot) -> None:
    interaction = standin.slash("ask", {"question": "who won?"}).wait_done()
    assert interaction.accepted.type == 5 and interaction.ack_delay < 1
    (answer,) = interaction.messages  # the first follow-up replaces the "thinking…" message
    assert answer.content == "answer: who won?" and answer.flags == 0 and len(answer.revisions) == 2
    assert answer.allowed_mentions == {"parse": []} and not answer.pings


def test_slash_in_dm(standin: DiscordStandIn, bot: TinyBot) -> None:
    interaction = standin.slash("ask", {"question": "dm?"}, guild=False).wait_done()
    assert interaction.messages[0].channel_id == standin.dm_channel_id(standin.member)
    with pytest.raises(CommandUnavailable):
        standin.slash("vote", guild=False)


def test_late_callback_is_refused(standin: DiscordStandIn, bot: TinyBot) -> None:
    interaction = standin.slash("slow")
    callback = interaction.wait_ack(timeout=6)
    assert (callback.status, callback.code) == (404, 10062) and callback.delay > 3
    assert interaction.expired and not interaction.messages


def test_second_callback_is_refused(standin: DiscordStandIn, bot: TinyBot) -> None:
    interaction = standin.slash("summary", {"article": "election results"}).wait_done()
    again = urllib.request.Request(
        f"{standin.api_base}/interactions/{interaction.id}/{interaction.token}/callback",
        data=json.dumps({"type": 4, "data": {"content": "again"}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(again, timeout=5)
    assert refused.value.code == 400 and json.load(refused.value)["code"] == 40060
    assert [cb.status for cb in interaction.callbacks] == [200, 400]


def test_autocomplete_then_command(standin: DiscordStandIn, bot: TinyBot) -> None:
    choices = standin.autocomplete("summary", "article", "climate")
    assert [c["name"] for c in choices] == ["climate summit", "climate bill"]
    interaction = standin.slash("summary", {"article": choices[1]["value"]}).wait_done()
    assert interaction.messages[0].content == "summary of climate bill"


def test_attachment_option_is_served(standin: DiscordStandIn, bot: TinyBot) -> None:
    file = standin.add_attachment("notes.txt", b"hello file", "text/plain")
    (answer,) = standin.slash("inspect", {"file": file}).wait_done().messages
    assert answer.content == "notes.txt: hello file" and answer.ephemeral
    (echo,) = answer.attachments
    assert (
        echo["filename"] == "notes.txt"
        and urllib.request.urlopen(echo["url"], timeout=5).read() == b"hello file"
    )


def test_button_click_updates_the_message(standin: DiscordStandIn, bot: TinyBot) -> None:
    (message,) = standin.slash("vote").wait_done().messages
    assert message.components[0]["components"][0]["custom_id"] == "vote:up"
    click = standin.click(message, "vote:up", user=standin.admin).wait_done()
    assert click.accepted.type == 7
    assert message.content == "Voted by ada" and message.components == [] and len(message.revisions) == 2


def test_mention_gets_a_reply_that_pings_nobody(standin: DiscordStandIn, bot: TinyBot) -> None:
    asked = standin.send_message("hello bot", mention_bot=True)
    (reply,) = standin.wait_bot_messages(standin.channel_id, after=asked)
    assert reply.reference_id == asked.id and "hello bot" in reply.content
    assert reply.allowed_mentions == {"parse": []} and not reply.pings  # replied_user is false unless sent


def test_dm_carries_content(standin: DiscordStandIn, bot: TinyBot) -> None:
    asked = standin.dm("a private question")
    (reply,) = standin.wait_bot_messages(asked.channel_id, after=asked)
    assert reply.content == "you said: a private question"


def test_guild_message_without_mention_has_no_content(standin: DiscordStandIn, bot: TinyBot) -> None:
    said = standin.send_message("just chatting")
    assert eventually(lambda: int(said.id) in bot.seen) and bot.seen[int(said.id)] == ""


def test_a_repeated_nonce_is_answered_with_the_message_already_posted(
    standin: DiscordStandIn, bot: TinyBot
) -> None:
    channel = bot.get_channel(int(standin.channel_id))
    before = len(standin.bot_messages(standin.channel_id))
    first = on_bot(bot, channel.send("once", nonce="briefing-1"))  # discord.py enforces a nonce given
    again = on_bot(bot, channel.send("once more", nonce="briefing-1"))
    other = on_bot(bot, channel.send("once", nonce="briefing-2"))
    assert again.id == first.id and again.content == "once" and other.id != first.id
    assert [m.id for m in standin.bot_messages(standin.channel_id)[before:]] == [str(first.id), str(other.id)]
    eventually(lambda: any(m.id == other.id for m in bot.cached_messages))  # events come in order
    assert [m.id for m in bot.cached_messages].count(first.id) == 1  # one MESSAGE_CREATE
    with pytest.raises(discord.HTTPException) as refused:
        on_bot(bot, channel.send("too long a nonce", nonce="n" * 26))
    assert refused.value.code == 50035 and "nonce" in standin.rejections[-1].errors


def test_over_long_message_is_refused(standin: DiscordStandIn, bot: TinyBot) -> None:
    channel = bot.get_channel(int(standin.channel_id))
    with pytest.raises(discord.HTTPException) as refused:
        on_bot(bot, channel.send("x" * 2001))
    assert refused.value.status == 400 and refused.value.code == 50035
    assert "content" in standin.rejections[-1].errors


def test_limits_and_pings() -> None:
    embed = {"title": "t" * 257, "fields": [{"name": "n", "value": ""}] * 26}
    row = {"type": 1, "components": [{"type": 2, "style": 1, "label": "l" * 81, "custom_id": "c" * 101}] * 6}
    errors = check_message({"embeds": [embed], "components": [row] * 6}).tree
    assert {"0"} <= errors["embeds"].keys() and {"title", "fields"} <= errors["embeds"]["0"].keys()
    assert {"_errors", "0"} <= errors["components"].keys()
    assert {"label", "custom_id"} <= errors["components"]["0"]["components"]["0"].keys()
    assert pings("@everyone <@1> <@&2>", None, "3") == {"@everyone", "<@1>", "<@&2>", "<@3>"}
    assert pings("@everyone <@1> <@&2>", {"parse": []}, "3") == frozenset()
    assert pings("<@1> <@4>", {"parse": [], "users": ["4"]}, None) == {"<@4>"}


def test_resume_after_reconnect(standin: DiscordStandIn, bot: TinyBot) -> None:
    standin.reconnect()
    eventually(lambda: standin.resumes >= 1)
    assert (
        standin.slash("ask", {"question": "still there?"}).wait_done().messages[0].content.endswith("there?")
    )


def test_heartbeats_are_never_late(standin: DiscordStandIn, bot: TinyBot) -> None:
    gaps = eventually(lambda: standin.heartbeat_gaps[2:] and standin.heartbeat_gaps)
    assert all(HEARTBEAT - 0.05 <= gap <= HEARTBEAT + 0.25 for gap in gaps), gaps


def test_a_second_guild_has_its_own_channel_roles_and_members(standin: DiscordStandIn, bot: TinyBot) -> None:
    other = standin.add_guild("Second News", admin="bea", member="kim")
    guild = eventually(lambda: bot.get_guild(int(other.id)))  # GUILD_CREATE of a guild joined live
    assert guild.name == "Second News" and guild.get_channel(int(other.channel_id)) is not None
    assert guild.get_role(int(other.admin_role_id)).permissions.manage_guild
    assert guild.me is not None
    with pytest.raises(CommandUnavailable):  # the first guild's member is not in the second
        standin.slash("ask", {"question": "who?"}, user=standin.member, channel_id=other.channel_id)
    asked = standin.slash("ask", {"question": "who?"}, user=other.member, channel_id=other.channel_id)
    assert asked.payload["guild_id"] == other.id
    assert asked.wait_done().messages[0].channel_id == other.channel_id
    with pytest.raises(CommandUnavailable):  # its commands were synced to the first guild only
        standin.slash("reindex", user=other.admin, channel_id=other.channel_id)
    message = standin.send_message("hello there", other.member, other.channel_id, mention_bot=True)
    [reply] = standin.wait_bot_messages(other.channel_id, after=message)
    assert reply.payload["message_reference"] == {
        "type": 0,
        "message_id": message.id,
        "channel_id": other.channel_id,
        "guild_id": other.id,
    }
