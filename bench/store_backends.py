"""The store's typical reads on each backend, through its own thin layer (sqlite3; psycopg 3 and its
pool) and the same statements through SQLAlchemy Core, to choose between the two.

    .venv/bin/python bench/store_backends.py [--articles 2000] [--repeat 300] [--postgres URL]

A store of ``--articles`` articles of five passages each, a tenth of them one server's own, is
filled through ``Store.write``. Two reads are timed (medians of ``--repeat``): ``articles`` as a
server sees them (the sources list and every autocomplete), and ``passages_by_ids`` of eight
passages (what each answer reads); first the ``Store`` method, rows made into objects, then the
very statement it ran (captured from ``Database.rows``) alone, through the store's own layer and
through SQLAlchemy Core's ``Connection.execute(text(...))`` on an engine of its own over the same
database. PostgreSQL runs with ``--postgres`` (an empty database: its
tables are made and filled here) or ``NEWSBOT_TEST_DATABASE_URL``; SQLAlchemy needs the
``compare`` extra.
"""

import argparse
import os
import random
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import table

from index.read import Document, PassageDraft
from index.store import Scope, Store

SERVER = 1001


def fill(store: Store, articles: int) -> None:
    with store.write() as tx:
        for number in range(articles):
            doc = Document(source=f"article-{number}", content_hash=str(number), title=f"Article {number}")
            article = tx.put_article(doc)
            drafts = [PassageDraft(p, None, f"passage {p} of {number}.", ((0, 10),)) for p in range(5)]
            tx.replace_passages(article, drafts, [f"{number}-{p}" for p in range(5)], 1)
            store.owners.add(tx, [article], SERVER if number % 10 == 0 else 0)
        tx.set_meta("generation", "1")


def timed(call: Callable[[], object], repeat: int) -> float:
    """The median milliseconds of ``call``."""
    spent = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return sorted(spent)[len(spent) // 2]


def captured(store: Store, read: Callable[[], object]) -> tuple[str, tuple]:
    """The statement (and its values) ``read`` runs through the store's database."""
    seen: list[tuple[str, tuple]] = []
    rows = store.database.rows
    store.database.rows = lambda sql, parameters=(): (
        seen.append((sql, tuple(parameters)))
        or rows(  # type: ignore[method-assign]
            sql, parameters
        )
    )
    read()
    del store.database.rows
    return seen[0]


def alchemy(url: str) -> Callable[[str, tuple], object] | None:
    """A replay of a statement through SQLAlchemy Core (None without the compare extra)."""
    try:
        from sqlalchemy import create_engine, text
    except ImportError:
        return None
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))

    def run(sql: str, values: tuple) -> object:
        numbered = iter(range(len(values)))
        bound = re.sub(r"\?", lambda _: f":v{next(numbered)}", sql)
        with engine.connect() as conn:
            return conn.execute(text(bound), {f"v{i}": v for i, v in enumerate(values)}).fetchall()

    return run


def measure(name: str, store: Store, url: str, args: argparse.Namespace) -> list[list[object]]:
    fill(store, args.articles)
    ids = [row[0] for row in store.rows("SELECT id FROM passages")]
    random.seed(7)
    reads = {
        "articles (server's scope)": lambda: store.articles(Scope(SERVER)),
        "passages_by_ids (8)": lambda: store.passages_by_ids(random.sample(ids, 8)),
    }
    replay = alchemy(url)
    out = []
    for label, read in reads.items():
        sql, values = captured(store, read)
        own = timed(lambda sql=sql, values=values: store.rows(sql, values), args.repeat)
        other = "—"
        if replay is not None:
            other = f"{timed(lambda sql=sql, values=values: replay(sql, values), args.repeat):.3f}"
        out.append([name, label, f"{timed(read, args.repeat):.3f}", f"{own:.3f}", other])
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--postgres", default=os.environ.get("NEWSBOT_TEST_DATABASE_URL"))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "newsbot.db"
        rows += measure("SQLite", Store(path), f"sqlite:///{path}", args)
    if args.postgres:
        rows += measure("PostgreSQL", Store(args.postgres), args.postgres, args)
    headers = ["backend", "read", "Store method ms", "its SQL, own layer ms", "its SQL, SQLAlchemy Core ms"]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
