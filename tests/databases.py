"""The two backends the store's tests run on: SQLite files, and a fresh PostgreSQL database per
test in the server that ``scripts/postgres.sh`` starts (``NEWSBOT_TEST_DATABASE_URL``). Without
one the PostgreSQL runs are left out, saying so, except under CI (``NEWSBOT_REQUIRE_POSTGRES=1``)."""

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import psycopg
import pytest

from index.store import postgres

SERVER_URL = os.environ.get("NEWSBOT_TEST_DATABASE_URL")
REQUIRED = os.environ.get("NEWSBOT_REQUIRE_POSTGRES") == "1"
NO_SERVER = (
    "postgresql: no server (NEWSBOT_TEST_DATABASE_URL is unset; scripts/test.sh starts one): "
    "the PostgreSQL runs are left out"
)
BACKENDS = ["sqlite", "postgresql"]
_NAMES = itertools.count()


def header() -> str:
    """The line the test run starts with about PostgreSQL."""
    return f"postgresql: {SERVER_URL}" if SERVER_URL else NO_SERVER


def on_postgresql(item: pytest.Item) -> bool:
    """Whether ``item`` is a test's run on PostgreSQL."""
    callspec = getattr(item, "callspec", None)
    return callspec is not None and "postgresql" in callspec.params.values()


def skip_without_server() -> str:
    """The server's URL; skips the test without one (fails it under CI)."""
    if SERVER_URL:
        return SERVER_URL
    if REQUIRED:
        pytest.fail("NEWSBOT_REQUIRE_POSTGRES=1 but NEWSBOT_TEST_DATABASE_URL is unset")
    pytest.skip(NO_SERVER)


@contextmanager
def database_url(backend: str) -> Iterator[str | None]:
    """What ``NEWSBOT_DATABASE_URL`` is on ``backend``: None (SQLite), or a fresh database's URL."""
    if backend == "sqlite":
        yield None
    else:
        with fresh_database() as url:
            yield url


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty database, dropped afterwards with every pool opened meanwhile."""
    server = skip_without_server()
    name = f"newsbot_test_{os.getpid()}_{next(_NAMES)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    pools = []

    def connect(url: str) -> postgres.ConnectionPool:
        pools.append(pool := opened(url))
        return pool

    opened = postgres.connect
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(postgres, "connect", connect)
            yield urlsplit(server)._replace(path=f"/{name}").geturl()
    finally:
        for pool in pools:
            pool.close()
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
