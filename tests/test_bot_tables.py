"""The stories followed in Discord, kept in the bot's tables on each backend: per server, per
member or channel, across connections; and the claims of what the writer sends."""

from datetime import UTC, datetime, timedelta

from bot import claims
from bot.follows import FollowTable
from index import Followed
from index.store import Migration, Store, migrate
from index.store.migrations import create_tables, version

SENT = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
UPDATE = '[[{"title": "New on: Bridge reopens"}]]'  # one message of one embed


def outgoing(key: str) -> claims.Outgoing:
    return claims.Outgoing(key, 11, True, UPDATE)


def test_follows_are_kept_per_server_across_connections(store_target):
    follows = FollowTable(Store(store_target).database.beside("bot"))
    follows.add(1, 11, 0, Followed("Bridge closes", (3, 4)))  # a member's, by DM
    follows.add(2, 0, 22, Followed("Ferry fares rise", (5,)))  # a channel's
    [member] = follows.of(1, 11, 0)
    assert follows.claim(member, Followed("Bridge reopens", (3, 4, 6)), SENT, UPDATE)
    reopened = FollowTable(Store(store_target).database.beside("bot"))
    kept = [(f.guild_id, f.followed, f.last_sent) for f in reopened.all()]
    assert kept == [
        (1, Followed("Bridge reopens", (3, 4, 6)), SENT),
        (2, Followed("Ferry fares rise", (5,)), None),
    ]
    assert reopened.of(2, 0, 22)[0].followed.title == "Ferry fares rise" and reopened.of(2, 11, 0) == []
    reopened.remove(member.id)
    assert [f.guild_id for f in reopened.all()] == [2]


def test_a_follows_update_is_claimed_once_across_processes_and_the_next_one_again(store_target):
    """Two writers (one taking over from another that has not noticed) look at the same follow:
    the first claims its update, the other sends nothing; the update after it can be claimed."""
    first = FollowTable(Store(store_target).database.beside("bot"))
    second = FollowTable(Store(store_target).database.beside("bot"))
    first.add(1, 11, 0, Followed("Bridge closes", (3,)))
    [seen_by_first], [seen_by_second] = first.all(), second.all()
    assert first.claim(seen_by_first, Followed("Bridge closes", (3, 4)), SENT, UPDATE)
    later = SENT + timedelta(seconds=1)
    assert not second.claim(seen_by_second, Followed("Bridge closes", (3, 4)), later, UPDATE)
    [now] = second.all()
    assert now.last_sent == SENT and now.followed.articles == (3, 4)
    assert second.claim(now, Followed("Bridge reopens", (3, 4, 5)), SENT + timedelta(hours=1), UPDATE)


def test_claims_older_than_a_week_are_removed_as_new_ones_are_made(store_target):
    database = Store(store_target).database.beside("bot")
    FollowTable(database)
    with database.write() as tx:
        assert claims.claim(tx, outgoing("briefing 1 old"), SENT)
        assert not claims.claim(tx, outgoing("briefing 1 old"), SENT + timedelta(days=6))
    with database.write() as tx:
        assert claims.claim(tx, outgoing("briefing 1 new"), SENT + claims.KEPT + timedelta(seconds=1))
    assert [key for (key,) in database.rows("SELECT key FROM sent ORDER BY key")] == ["briefing 1 new"]


def test_a_claim_keeps_its_messages_until_it_is_delivered(store_target):
    database = Store(store_target).database.beside("bot")
    claims.prepare(database)
    with database.write() as tx:
        assert claims.claim(tx, outgoing("follow 1 after none"), SENT)
    assert claims.undelivered(database) == [(outgoing("follow 1 after none"), SENT)]
    claims.delivered(database, "follow 1 after none", SENT + timedelta(seconds=2))
    assert claims.undelivered(database) == []
    kept = database.rows("SELECT recipient, messages, delivered FROM sent")
    assert kept == [(0, "[]", "2026-03-10T09:00:02+00:00")]  # what and to whom are forgotten


def test_the_claims_of_the_first_version_are_kept_and_counted_as_delivered(store_target):
    """The ``sent`` table as newsbot made it before claims kept their messages: its rows stay, and
    none is sent again (nothing is known of what they sent)."""
    database = Store(store_target).database.beside("bot")
    first = create_tables("CREATE TABLE IF NOT EXISTS sent (key TEXT PRIMARY KEY, claimed TEXT NOT NULL)")
    migrate(database, "sent", [Migration(1, first)])
    stamp = "2026-03-10T09:00:00+00:00"
    with database.write() as tx:
        tx.execute("INSERT INTO sent (key, claimed) VALUES (?, ?)", ("briefing 1 old", stamp))
    FollowTable(database)
    assert version(database, "sent") == 2
    assert database.rows("SELECT key, claimed, delivered FROM sent") == [("briefing 1 old", stamp, stamp)]
    assert claims.undelivered(database) == []
    with database.write() as tx:
        assert not claims.claim(tx, outgoing("briefing 1 old"), SENT + timedelta(minutes=1))
        assert claims.claim(tx, outgoing("briefing 1 new"), SENT + timedelta(minutes=1))
