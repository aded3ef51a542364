"""The Discord shards one bot process runs (``newsbot run --shards 0-3,8 --shard-count 8``).

Discord sends each server's events to one shard of the bot, ``(server id >> 22) % shard count``,
and DMs to shard 0; several processes, each running some shards over one database, share the
servers. The values typed are parsed here, at the edge; nothing here imports discord.
"""

import re

from index import InputError, shown

MAX_SHARDS = 65_536  # a shard count past what any bot needs, which keeps every list typed small
_ID = re.compile(r"[0-9]{1,5}")
_FORMAT = "shard ids are numbers and ranges, comma-separated, such as 0-3,8"


def shard_ids(typed: str) -> tuple[int, ...]:
    """The shard ids ``typed`` lists, ascending and each once: "0-3,8" is (0, 1, 2, 3, 8).
    InputError unless it is ids and ranges (low-high) from 0 to ``MAX_SHARDS`` - 1."""
    ids: set[int] = set()
    for part in typed.split(","):
        low, _, high = part.strip().partition("-")
        first, last = _shard(low, typed), _shard(high if high else low, typed)
        if first > last:
            raise InputError(f"{shown(typed)}: the range {first}-{last} runs backwards; write {last}-{first}")
        ids.update(range(first, last + 1))
    return tuple(sorted(ids))


def shard_count(typed: str) -> int:
    """The number of shards the bot is split into, 1 to ``MAX_SHARDS``; InputError otherwise."""
    text = typed.strip()
    count = int(text) if _ID.fullmatch(text) else 0
    if not 1 <= count <= MAX_SHARDS:
        raise InputError(f"{shown(typed)} is not a shard count: give a whole number from 1 to {MAX_SHARDS:,}")
    return count


def check(ids: tuple[int, ...] | None, count: int | None) -> None:
    """Refuse ids without a count (discord.py needs both) and ids the count has no shard for."""
    if ids is None:
        return
    if count is None:
        raise InputError("--shards needs --shard-count: the number of shards the bot is split into")
    if ids[-1] >= count:
        raise InputError(
            f"shard {ids[-1]} is not below --shard-count {count}: shards are numbered 0 to {count - 1}"
        )


def format_ids(ids: tuple[int, ...]) -> str:
    """``ids`` as ``shard_ids`` reads them, runs of consecutive ids written as ranges."""
    runs: list[list[int]] = []
    for shard in ids:
        if runs and shard == runs[-1][1] + 1:
            runs[-1][1] = shard
        else:
            runs.append([shard, shard])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _shard(text: str, typed: str) -> int:
    text = text.strip()
    shard = int(text) if _ID.fullmatch(text) else MAX_SHARDS
    if shard >= MAX_SHARDS:
        raise InputError(f"{shown(typed)} is not a list of shards: {_FORMAT}, from 0 to {MAX_SHARDS - 1:,}")
    return shard
