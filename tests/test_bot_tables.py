"""The stories followed in Discord, kept in the bot's tables on each backend: per server, per
member or channel, across connections."""

from datetime import UTC, datetime

from bot.follows import FollowTable
from index import Followed
from index.store import Store

SENT = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_follows_are_kept_per_server_across_connections(store_target):
    follows = FollowTable(Store(store_target).database.beside("bot"))
    follows.add(1, 11, 0, Followed("Bridge closes", (3, 4)))  # a member's, by DM
    follows.add(2, 0, 22, Followed("Ferry fares rise", (5,)))  # a channel's
    [member] = follows.of(1, 11, 0)
    follows.update(member.id, Followed("Bridge reopens", (3, 4, 6)), SENT)
    reopened = FollowTable(Store(store_target).database.beside("bot"))
    kept = [(f.guild_id, f.followed, f.last_sent) for f in reopened.all()]
    assert kept == [
        (1, Followed("Bridge reopens", (3, 4, 6)), SENT),
        (2, Followed("Ferry fares rise", (5,)), None),
    ]
    assert reopened.of(2, 0, 22)[0].followed.title == "Ferry fares rise" and reopened.of(2, 11, 0) == []
    reopened.remove(member.id)
    assert [f.guild_id for f in reopened.all()] == [2]
