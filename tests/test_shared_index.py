"""Several processes over one PostgreSQL database and one segments folder (NEWSBOT_SEGMENTS_DIR),
each with a data folder of its own, as on several machines: what one publishes, the others serve
after their next poll; a generation replaced lately stays for them, and one removed under a slow
reader is replaced by the newest."""

import json
import os
import queue
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import databases
import pytest

from bot.generations import POLL_SECONDS
from index import Engine, IndexFilesMissing, Settings
from index.search import snapshot

ARTICLES = {
    "pool.md": (
        "Wrenhaven opens its tidal pool",
        "The harbour town of Wrenhaven opened its tidal swimming pool on Saturday. "
        "The pool is 42 metres long and fills twice a day as the tide comes over its sea wall.",
    ),
    "observatory.md": (
        "Halvard Hill gets a telescope",
        "The observatory on Halvard Hill unveiled its new telescope on Monday. "
        "Its mirror is 1.2 metres wide and was ground over three winters in the town's old mill.",
    ),
    "ferry.md": (
        "The Varn ferry returns",
        "The Varn ferry sails again from Tuesday after a winter in dry dock. "
        "A crossing takes forty minutes and a return ticket costs six crowns.",
    ),
    "bridge.md": (
        "Corran bridge reopens",
        "The stone bridge at Corran reopened on Friday after repairs to two of its arches. "
        "Lorries heavier than twelve tonnes must still take the ring road.",
    ),
    "market.md": (
        "Fellmoor market moves",
        "Fellmoor's Saturday market moves to the old cattle yard from next month. "
        "The council says the yard holds eighty stalls, twice as many as the square.",
    ),
}
MIRROR_QUESTION = "How wide is the mirror of the Halvard Hill telescope?"
POOL_QUESTION = "How long is the tidal pool at Wrenhaven?"

# a serving process: polls the generation row as the bot's watcher does, and asks a question of
# each new generation it loads; one JSON line per generation
SERVE = textwrap.dedent(
    """
    import json, sys, time
    from bot.generations import POLL_SECONDS
    from index import Engine, Settings
    engine, served = Engine(Settings()), None
    while True:
        number = engine.load_newest()
        if number != served:
            served, at = number, time.time()
            quotes = [q.text for q in engine.ask(sys.argv[1]).quotes] if number else []
            print(json.dumps({"generation": number, "at": at, "quotes": quotes}), flush=True)
        time.sleep(POLL_SECONDS)
    """
)


def write(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    title, text = ARTICLES[name]
    front = f'---\ntitle: "{title}"\noutlet: "The Test Courier"\npublished: 2025-06-14\n---\n\n'
    (folder / name).write_text(front + text + "\n", encoding="utf-8")
    return folder / name


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[dict[str, object]]:
    """The settings every process shares: one fresh PostgreSQL database, one segments folder."""
    with databases.fresh_database() as url:
        yield {"database_url": url, "segments_dir": tmp_path / "segments"}


def engine(folder: Path, shared: dict[str, object]) -> Engine:
    return Engine(Settings(data_dir=folder, _env_file=None, **shared))


def quoted(answer) -> str:
    return " ".join(q.text for q in answer.quotes)


def test_a_publish_in_one_process_is_served_by_another_after_its_poll(tmp_path, shared):
    publisher = engine(tmp_path / "publisher", shared)
    publisher.ingest([write(tmp_path / "news", "pool.md")])
    env = {
        "NEWSBOT_DATA_DIR": str(tmp_path / "server"),
        "NEWSBOT_DATABASE_URL": str(shared["database_url"]),
        "NEWSBOT_SEGMENTS_DIR": str(shared["segments_dir"]),
    }
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, MIRROR_QUESTION],
        env={**os.environ, **env},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()
    try:
        first = json.loads(lines.get(timeout=120))
        assert first["generation"] == 1 and "1.2 metres" not in " ".join(first["quotes"])

        publisher.ingest([write(tmp_path / "news", "observatory.md")])
        published = time.time()
        seen = json.loads(lines.get(timeout=30))
        assert seen["generation"] == 2 and "1.2 metres" in " ".join(seen["quotes"])
        assert seen["at"] - published <= 2 * POLL_SECONDS  # the target: within 2 s
    finally:
        server.kill()
        server.wait()


def test_a_generation_replaced_lately_stays_for_other_processes_and_goes_after_the_grace(tmp_path, shared):
    publisher, reader = engine(tmp_path / "publisher", shared), engine(tmp_path / "reader", shared)
    news, root = tmp_path / "news", Path(str(shared["segments_dir"]))
    publisher.ingest([write(news, "pool.md")])
    assert "42 metres" in quoted(reader.ask(POOL_QUESTION))  # the reader serves generation 1
    for name in ("observatory.md", "ferry.md", "bridge.md"):
        publisher.ingest([write(news, name)])
    assert publisher.store.generation() == 4
    assert snapshot.load(root, 1).number == 1  # replaced a moment ago: still whole for the reader

    publisher.indexer.grace = 0  # as if ten minutes had passed
    publisher.ingest([write(news, "market.md")])
    assert sorted(p.name for p in root.iterdir()) == ["00000003", "00000004", "00000005", "segments"]
    with pytest.raises(IndexFilesMissing):
        snapshot.load(root, 1)
    assert "42 metres" in quoted(reader.ask(POOL_QUESTION))  # the reader moved on to generation 5


def test_a_reader_whose_generation_was_removed_serves_the_newest(tmp_path, shared, monkeypatch):
    publisher, reader = engine(tmp_path / "publisher", shared), engine(tmp_path / "reader", shared)
    news, root = tmp_path / "news", Path(str(shared["segments_dir"]))
    publisher.indexer.grace = 0
    for name in ("pool.md", "observatory.md", "ferry.md", "bridge.md"):
        publisher.ingest([write(news, name)])
    assert not (root / "00000001").exists()

    # a slow reader: it read the generation row when it named generation 1, and loads it only now
    newest = reader.store.generation
    stale = iter([1])
    monkeypatch.setattr(reader.store, "generation", lambda: next(stale, None) or newest())
    assert "1.2 metres" in quoted(reader.ask(MIRROR_QUESTION))
    assert reader.served.newest().number == 4

    # the newest generation's files are gone too (a segments folder not shared, say): a clear error
    late = engine(tmp_path / "late", shared)
    for entry in (root / "segments").iterdir():
        entry.rename(entry.with_name(entry.name + ".moved"))
    with pytest.raises(IndexFilesMissing, match=f"generation 4 are not in {root}"):
        late.ask(MIRROR_QUESTION)
