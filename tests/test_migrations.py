"""Schema versions: a store records the version of each part of its tables, brings an older one up
to date when it opens, all in one transaction, and refuses one newer than itself; on SQLite and
PostgreSQL alike. A wrong NEWSBOT_DATABASE_URL is one plain line from the command line, and a
server gone while running is the engine's error."""

import sqlite3
import threading
from contextlib import closing
from urllib.parse import urlsplit

import psycopg
import pytest
from databases import SERVER_URL, fresh_database

from index import Followed
from index.cli.following import FollowBook
from index.errors import StoreError
from index.feeds.store import FeedStore
from index.store import Migration, Store, migrate
from index.store.migrations import create_tables, version


def test_a_new_store_is_at_the_latest_version_of_each_part(store_target):
    store = Store(store_target)
    FeedStore(store)
    assert version(store.database, "store") == 2 and version(store.database, "feeds") == 1
    assert version(store.questions.database, "questions") == 1
    store.close()


def test_reopening_a_store_keeps_what_it_holds(store_target):
    store = Store(store_target)
    assert store.owners.hide_outlet(77, "The Ashby Courier")
    store.close()
    reopened = Store(store_target)
    assert reopened.owners.hidden_outlets(77) == ["The Ashby Courier"]
    assert not reopened.owners.hide_outlet(77, "the ashby courier")  # hidden already, any case
    reopened.close()


def test_a_generations_publish_time_keeps_its_fraction_of_a_second(store_target):
    store = Store(store_target)
    published = 1_765_000_000.125  # a float4 column would round it by up to a minute
    with store.write() as tx:
        tx.publish_generation(1, published - 60)
        tx.publish_generation(2, published)
    assert store.replaced() == {1: published}
    store.close()


def test_only_the_migrations_past_the_recorded_version_run(store_target):
    store = Store(store_target)
    ran: list[int] = []
    first = Migration(1, lambda database, tx: ran.append(1))
    second = Migration(2, lambda database, tx: ran.append(2))
    migrate(store.database, "trial", [first])
    migrate(store.database, "trial", [first, second])
    migrate(store.database, "trial", [first, second])
    assert ran == [1, 2] and version(store.database, "trial") == 2
    store.close()


def test_a_failing_migration_leaves_nothing_of_its_transaction(store_target):
    store = Store(store_target)

    def broken(database, tx) -> None:
        raise RuntimeError("the disk is full")

    tables = Migration(
        1, create_tables("CREATE TABLE trial_rows (id INTEGER PRIMARY KEY AUTOINCREMENT, at BLOB)")
    )
    with pytest.raises(RuntimeError):
        migrate(store.database, "trial", [tables, Migration(2, broken)])
    assert "trial_rows" not in store.database.tables() and version(store.database, "trial") == 0
    store.close()


def test_a_store_newer_than_this_newsbot_is_refused(store_target):
    store = Store(store_target)
    with store.write() as tx:
        tx.execute("UPDATE schema_versions SET version = 99 WHERE part = 'store'")
    store.close()
    with pytest.raises(StoreError, match="version 99, newer than this newsbot's"):
        Store(store_target)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (
            "mysql://newsbot@localhost/news",
            "newsbot: bad setting: database_url: Value error, give a postgresql://",
        ),
        ("postgresql://newsbot@/news?host=/nowhere", "newsbot: cannot reach the database postgresql://"),
    ],
)
def test_a_database_url_that_cannot_be_used_is_one_line(newsbot_command, tmp_path, url, said):
    done = newsbot_command.run(tmp_path, "sources", settings={"NEWSBOT_DATABASE_URL": url})
    assert done.returncode in (1, 2) and done.stderr.startswith(said)
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_the_command_lines_follows_from_before_versions_are_kept(tmp_path):
    with closing(sqlite3.connect(tmp_path / "follows.db")) as db, db:  # as an older newsbot left it
        db.execute(
            "CREATE TABLE follows (id INTEGER PRIMARY KEY, server INTEGER NOT NULL, title TEXT NOT NULL, "
            "articles TEXT NOT NULL)"
        )
        db.execute("INSERT INTO follows VALUES (4, 77, 'Kelvin Street bridge closes', '[3, 4]')")
    book = FollowBook(Store(tmp_path / "newsbot.db").database.beside("follows"))
    closes = Followed("Kelvin Street bridge closes", (3, 4))
    assert [(f.id, f.followed) for f in book.all(77)] == [(4, closes)]
    book.put(77, Followed("Kelvin Street bridge reopens", (3, 4, 5)))
    assert [f.id for f in book.all(77)] == [4, 5]


def test_a_database_gone_while_running_is_the_engines_error():
    with fresh_database() as url:
        store = Store(url)
        with psycopg.connect(SERVER_URL, autocommit=True) as admin:  # the server restarted, say
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (urlsplit(url).path.lstrip("/"),),
            )
        with pytest.raises(StoreError, match="failed: terminating connection"):
            store.articles()


def test_opening_a_store_never_waits_for_a_publish_in_progress(store_target):
    store = Store(store_target)
    FeedStore(store)
    opened: list[object] = []

    def reopen() -> None:
        opened.append(FeedStore(Store(store_target)).feeds())

    with store.write() as tx:  # as a long publish holds the write lock
        tx.set_meta("busy", "yes")
        other = threading.Thread(target=reopen, daemon=True)
        other.start()
        other.join(timeout=30)
        assert opened == [[]]
    store.close()
