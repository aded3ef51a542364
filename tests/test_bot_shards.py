"""Several bot processes, each running some of the Discord shards (``newsbot run --shards 0-3,8
--shard-count 8``): each gets the events of its shards' servers only, as Discord routes them
(the stand-in does the same), and shard values a user types are parsed with clear refusals."""

import asyncio
import json
import threading
import time
from collections.abc import Iterator

import aiohttp
import pytest
from hypothesis import given
from hypothesis import strategies as st
from standin import BotThread, DiscordStandIn
from standin.gateway import INVALID_SHARD, shard_of
from standin.guilds import Guild

from bot.client import NewsBot
from bot.shards import MAX_SHARDS, format_ids, shard_count, shard_ids
from index import Engine, InputError, Settings
from index.cli import main


def on_each_shard(standin: DiscordStandIn, count: int) -> list[Guild]:
    """A guild of ``standin`` on each of ``count`` shards, adding guilds until there is one."""
    found: dict[int, Guild] = {}
    for n in range(100):
        for guild in standin.guilds:
            found.setdefault(shard_of(guild.id, count), guild)
        if len(found) == count:
            return [found[shard] for shard in range(count)]
        time.sleep(0.002)  # a guild's id is the time it was made in milliseconds, shifted
        standin.add_guild(f"Guild {n}", admin=f"admin{n}", member=f"member{n}")
    raise AssertionError("no guild on every shard")


def wait_until(check, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def engine(tmp_path) -> Iterator[Engine]:
    yield Engine(Settings(data_dir=tmp_path / "data", _env_file=None))


def test_two_bots_on_different_shards_each_get_only_their_servers_messages(engine):
    with DiscordStandIn(heartbeat_interval=0.5) as standin, standin.patched():
        guilds = on_each_shard(standin, 2)
        bots = [NewsBot(engine, shard_ids=[shard], shard_count=2) for shard in (0, 1)]
        received: list[list[tuple[int | None, int]]] = [[], []]  # (guild id, message id)
        lock = threading.Lock()
        for bot, got in zip(bots, received, strict=True):

            async def record(message, got=got, bot=bot) -> None:
                if message.author != bot.user:  # not its own replies
                    with lock:
                        got.append((message.guild.id if message.guild else None, message.id))

            bot.add_listener(record, "on_message")
        with BotThread(bots[0], standin.token), BotThread(bots[1], standin.token):
            wait_until(lambda: all(bot.is_ready() for bot in bots))
            for bot, shard in zip(bots, (0, 1), strict=True):
                assert {g.id for g in bot.guilds} == {
                    int(g.id) for g in standin.guilds if shard_of(g.id, 2) == shard
                }
            sent = [standin.send_message("hello", channel_id=guild.channel_id) for guild in guilds]
            dm = standin.dm("hello by DM")
            wait_until(lambda: len(received[0]) >= 2 and len(received[1]) >= 1)
            time.sleep(0.5)  # time for a message to reach the wrong shard, if one would
    with lock:
        assert sorted(received[0], key=str) == sorted(
            [(int(guilds[0].id), int(sent[0].id)), (None, int(dm.id))], key=str
        )
        assert received[1] == [(int(guilds[1].id), int(sent[1].id))]


def test_a_bot_given_no_shards_runs_as_many_as_discord_recommends(engine):
    with DiscordStandIn(heartbeat_interval=0.5, shards=2) as standin, standin.patched():
        bot = NewsBot(engine)
        with BotThread(bot, standin.token):
            wait_until(bot.is_ready, timeout=90)
            assert bot.shard_count == 2 and sorted(bot.shards) == [0, 1]


def test_an_invalid_shard_is_refused_by_the_gateway():
    async def identify(shard: object) -> int | None:
        async with aiohttp.ClientSession() as session, session.ws_connect(standin.gateway_url) as ws:
            await ws.receive()  # HELLO
            await ws.send_str(
                json.dumps({"op": 2, "d": {"token": standin.token, "intents": 0, "shard": shard}})
            )
            await ws.receive()
            return ws.close_code

    with DiscordStandIn() as standin:
        for shard in ([2, 2], [-1, 2], [0, 0], [0], "0,1"):
            assert asyncio.run(identify(shard)) == INVALID_SHARD, shard


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--shards", "0-3"], "--shards needs --shard-count"),
        (["--shards", "0-3,8", "--shard-count", "8"], "shard 8 is not below --shard-count 8"),
        (["--shards", "3-1", "--shard-count", "8"], "the range 3-1 runs backwards; write 1-3"),
        (["--shards", "one", "--shard-count", "8"], "'one' is not a list of shards"),
        (["--shards", "65536", "--shard-count", "8"], "from 0 to 65,535"),
        (["--shard-count", "0"], "'0' is not a shard count: give a whole number from 1 to 65,536"),
        (["--shard-count", "70000"], "'70000' is not a shard count"),
    ],
)
def test_bad_shard_values_are_refused_with_a_clear_message(tmp_path, monkeypatch, capsys, options, said):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DISCORD_TOKEN", "unused")
    try:
        code = main(["run", *options])
    except SystemExit as exit:
        code = exit.code
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 2 and said in error, error


@given(st.sets(st.integers(0, MAX_SHARDS - 1), min_size=1, max_size=50))
def test_shard_ids_read_back_as_they_are_written(ids):
    written = format_ids(tuple(sorted(ids)))
    assert shard_ids(written) == tuple(sorted(ids))
    assert shard_ids(written.replace(",", " , ")) == tuple(sorted(ids))


@given(st.text(alphabet="0123456789-, x", max_size=20))
def test_shard_ids_typed_are_in_bounds_or_refused(typed):
    try:
        ids = shard_ids(typed)
    except InputError:
        return
    assert ids and list(ids) == sorted(set(ids)) and ids[0] >= 0 and ids[-1] < MAX_SHARDS


@given(st.integers(-5, MAX_SHARDS + 5))
def test_a_shard_count_is_taken_from_1_to_the_most(number):
    try:
        assert shard_count(str(number)) == number and 1 <= number <= MAX_SHARDS
    except InputError:
        assert not 1 <= number <= MAX_SHARDS
