"""Publishing is atomic: whatever stops a reindex, the index that was serving keeps serving.

A reindex reads and embeds first, then publishes a new generation (index files in their own
folder, named by one SQLite transaction). These tests kill real reindex runs with SIGKILL at
several points, make the publish itself fail, and run a reader beside a writer.
"""

import json
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from index.engine import Engine
from index.search.lexical import LexicalSegment
from index.settings import Settings
from index.store import Transaction

# a small corpus: three short local news stories, and one that arrives later ----------------------
POOL = "wrenhaven-pool.md"
CIDER = "fellmoor-cider.md"
TRAIN = "corran-night-train.txt"
OBSERVATORY = "halvard-observatory.md"
ARTICLES = {
    POOL: (
        '---\ntitle: "Wrenhaven opens its tidal swimming pool"\noutlet: "The Test Courier"\n'
        "published: 2025-06-14\n---\n\n"
        "The harbour town of Wrenhaven opened its tidal swimming pool on Saturday after two summers "
        "of building work.\n\n"
        "The pool is 42 metres long and fills twice a day as the tide comes over its sea wall.\n\n"
        "Swimming is free before nine in the morning; later in the day a ticket costs three pounds.\n\n"
        "The town council said lifeguards will be on duty every weekend until the end of September.\n"
    ),
    CIDER: (
        '---\ntitle: "Fellmoor cooperative has its best apple harvest in a decade"\n'
        'outlet: "The Test Courier"\npublished: 2025-10-20\n---\n\n'
        "The Fellmoor apple cooperative pressed 18,000 litres of cider this autumn, its largest "
        "harvest in a decade.\n\n"
        "Members credited a mild spring and the new hand-operated press bought with a village grant.\n\n"
        "The cooperative sells its cider at the Saturday market and gives a share of the profits to "
        "the village school.\n"
    ),
    TRAIN: (
        "Night train returns between Corran and Ardlow\n\n"
        "The night train between Corran and Ardlow returned to the timetable on Sunday after a pause "
        "of three years.\n\n"
        "It leaves Corran at 22:40 and reaches Ardlow at 06:15, with sleeping cabins for up to sixty "
        "passengers.\n\n"
        "Rail staff said bookings for the first month had already filled most of the cabins.\n"
    ),
    OBSERVATORY: (
        '---\ntitle: "Halvard Hill observatory reopens with a new telescope"\n'
        'outlet: "The Test Courier"\npublished: 2025-11-02\n---\n\n'
        "The Halvard Hill observatory opened its doors to the public on Friday after its old "
        "telescope was replaced.\n\n"
        "The new telescope has a mirror 1.2 metres wide and can be booked by schools on weekday "
        "nights.\n\n"
        "Volunteers from the astronomy club will guide visitors on the first Saturday of every month.\n"
    ),
}
POOL_QUESTION = "How long is the tidal pool at Wrenhaven?"
TRAIN_QUESTION = "When does the night train leave Corran?"
OBSERVATORY_QUESTION = "How wide is the mirror of the Halvard Hill telescope?"


def write_articles(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
    return folder


def lengthen_the_pool(folder: Path) -> None:
    """An edit to one paragraph of the pool story."""
    path = folder / POOL
    path.write_text(path.read_text(encoding="utf-8").replace("42 metres", "48 metres"), encoding="utf-8")


def engine_at(data_dir: Path, **settings) -> Engine:
    return Engine(Settings(data_dir=data_dir, _env_file=None, **settings))


def quoted(answer) -> str:
    return " | ".join(quote.text for quote in answer.quotes)


def generation_folders(data_dir: Path) -> set[str]:
    return {entry.name for entry in (data_dir / "generations").iterdir()}


def integrity(data_dir: Path) -> str:
    with closing(sqlite3.connect(data_dir / "newsbot.db")) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


# a corpus big enough that a reindex spends seconds embedding -------------------------------------
TOWNS = ["Amberley Cross", "Brindle Hollow", "Cobbet Reach", "Dunmore Vale", "Eskholm", "Fairlight Quay"]
PROJECTS = [
    "repairs to the footbridge over the mill race",
    "a new wing for the lending library",
    "moving the winter market indoors",
    "a cycle path along the old railway line",
    "restoring the bandstand in the park",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TOWN_ARTICLES = 20
FARE_QUESTION = "How much does a crossing on the Lake Tamsin ferry cost?"


def town_article(i: int, verb: str, fare: str) -> str:
    """Article ``i`` of the big corpus; every paragraph has the council's ``verb`` in it."""
    town, project = TOWNS[i % len(TOWNS)], PROJECTS[i % len(PROJECTS)]
    paragraphs = [
        f"{town} held public meeting number {p + 1} about {project} on {WEEKDAYS[p % 5]}. The council "
        f"{verb} that {12 + 7 * i + p} volunteers had offered to help and that the work should take "
        f"about {3 + (i + p) % 9} weeks. Organisers counted {40 + 13 * p + i} households on the "
        "petition by the end of the evening."
        for p in range(8)
    ]
    if i == 0:
        paragraphs.insert(
            1,
            f"A single crossing on the Lake Tamsin ferry now costs {fare} silver crowns, the harbour "
            "office announced.",
        )
    front = (
        f'---\ntitle: "{town} weighs {project} (report {i + 1})"\noutlet: "The Test Courier"\n'
        f"published: 2025-02-{i + 1:02d}\n---\n\n"
    )
    return front + "\n\n".join(paragraphs) + "\n"


def write_town_articles(folder: Path, verb: str, fare: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(TOWN_ARTICLES):
        (folder / f"town-{i:02d}.md").write_text(town_article(i, verb, fare), encoding="utf-8")


# `newsbot reindex|ingest …` that SIGKILLs itself at a chosen point of the publish
KILL_ITSELF = """
import os, signal, sys
from index.search import dense, snapshot
from index.cli import main
from index.store import Transaction

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

if sys.argv[1] == "half-written":  # the new segment's vectors file is written, its BM25 files are not
    save = dense.save
    def save_then_die(index, path):
        save(index, path)
        die()
    dense.save = save_then_die
elif sys.argv[1] == "segment-written":  # the segment is in place, the generation folder is not
    snapshot.fsync_tree = die
elif sys.argv[1] == "before-commit":  # the generation folder is in place, the transaction naming it is open
    Transaction.purge = die
sys.exit(main(sys.argv[2:]))
"""
KILL_POINTS = {
    "half-written": "with the new segment half written",
    "segment-written": "with the new segment written and the generation not",
    "before-commit": "just before the publish committed",
}


def killed_publish(
    newsbot_command, data_dir: Path, point: str, *command: str, settings: dict[str, str] | None = None
) -> None:
    """Run ``newsbot command`` until it kills itself at ``point``; check what it left on disk."""
    argv = [sys.executable, "-c", KILL_ITSELF]
    run = newsbot_command.start(data_dir, point, *command, settings=settings, argv=argv)
    _, printed = run.communicate(timeout=240)
    assert run.returncode == -signal.SIGKILL, printed.decode(errors="replace")
    number = f"{engine_at(data_dir).store.generation() + 1:08d}"
    generations = data_dir / "generations"
    if point == "half-written":
        assert (generations / "segments" / f"{number}.tmp" / "vectors.faiss").is_file()
    elif point == "segment-written":
        assert (generations / "segments" / number).is_dir() and (generations / f"{number}.tmp").is_dir()
    else:
        assert (generations / number / "generation.json").is_file()


def segment_folders(data_dir: Path) -> set[str]:
    return {entry.name for entry in (data_dir / "generations" / "segments").iterdir()}


def kill_when(process: subprocess.Popen, pattern: bytes, timeout: float = 240) -> bytes:
    """Read the process's stderr until ``pattern`` shows, then SIGKILL it; returns what it printed."""
    seen = b""
    deadline = time.monotonic() + timeout
    fd = process.stderr.fileno()
    while not re.search(pattern, seen):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(fd, 65536) if ready else b""
        if not chunk:
            break
        seen += chunk
    process.kill()
    process.wait(timeout=60)
    process.stderr.close()
    return seen


# (a) atomic publish ----------------------------------------------------------------------------------


def test_a_reindex_killed_at_any_point_leaves_the_previous_index_serving(tmp_path, newsbot_command):
    news, data_dir = tmp_path / "news", tmp_path / "data"
    write_town_articles(news, verb="said", fare="four")
    engine = engine_at(data_dir)
    first = engine.ingest([news])
    assert not first.failed and first.generation == 1
    assert "four silver crowns" in quoted(engine.ask(FARE_QUESTION))
    sources_before = newsbot_command.run(data_dir, "sources")
    assert sources_before.returncode == 0
    assert len(sources_before.stdout.strip().splitlines()) == 1 + TOWN_ARTICLES

    write_town_articles(news, verb="confirmed", fare="nine")  # every paragraph of every article changes

    def previous_index_serves(after: str) -> None:
        asked = newsbot_command.run(data_dir, "ask", "--json", FARE_QUESTION)
        assert asked.returncode == 0, f"after a kill {after}: {asked.stderr}"
        answer = json.loads(asked.stdout)
        quotes = " | ".join(quote["text"] for quote in answer["quotes"])
        assert "four silver crowns" in quotes, f"after a kill {after}"
        assert "nine" not in quotes
        listed = newsbot_command.run(data_dir, "sources")
        assert listed.stdout == sources_before.stdout, f"after a kill {after}"
        assert integrity(data_dir) == "ok"

    # 1. while embedding: the real command, killed once it shows embedding progress
    reindex = newsbot_command.start(data_dir, "reindex", settings={"NEWSBOT_BATCH_SIZE": "4"})
    printed = kill_when(reindex, rb"embedding")
    assert reindex.returncode == -signal.SIGKILL, printed.decode(errors="replace")
    assert b"embedding" in printed
    previous_index_serves("while embedding")

    # 2-4. inside the publish: a segment half written, a segment but no generation, no commit
    for point, after in KILL_POINTS.items():
        killed_publish(newsbot_command, data_dir, point, "reindex")
        previous_index_serves(after)

    # a reindex that runs to the end publishes the edit, reusing what the killed runs embedded
    report = engine.reindex()
    assert report.generation == 2
    assert len(report.updated) == TOWN_ARTICLES and not report.failed
    assert report.embedded == 0 and report.reused == first.embedded
    quotes = quoted(engine.ask(FARE_QUESTION))  # the engine that served generation 1 moves on
    assert "nine silver crowns" in quotes and "four" not in quotes
    assert generation_folders(data_dir) == {"00000001", "00000002", "segments"}
    assert segment_folders(data_dir) == {"00000001", "00000002"}
    assert integrity(data_dir) == "ok"


def test_an_ingest_killed_inside_its_publish_leaves_the_previous_index_serving(tmp_path, newsbot_command):
    """A feed poll or ingest adds a segment to the served ones; killed, it leaves them as they were."""
    news, data_dir = write_articles(tmp_path / "news", POOL, CIDER, TRAIN), tmp_path / "data"
    engine = engine_at(data_dir)
    engine.ingest([news])
    write_articles(news, OBSERVATORY)
    for point, after in KILL_POINTS.items():
        killed_publish(newsbot_command, data_dir, point, "ingest", str(news / OBSERVATORY))
        asked = engine_at(data_dir)
        assert not asked.ask(OBSERVATORY_QUESTION).answered, f"after a kill {after}"
        assert "42 metres" in quoted(asked.ask(POOL_QUESTION)), f"after a kill {after}"
        assert integrity(data_dir) == "ok"

    report = engine.ingest([news / OBSERVATORY])
    assert report.generation == 2 and report.added == [str((news / OBSERVATORY).resolve())]
    assert "1.2 metres" in quoted(engine.ask(OBSERVATORY_QUESTION))
    assert "42 metres" in quoted(engine.ask(POOL_QUESTION))
    assert generation_folders(data_dir) == {"00000001", "00000002", "segments"}
    assert segment_folders(data_dir) <= {"00000001", "00000002"}


def test_a_publish_that_fails_part_way_keeps_the_previous_generation_and_is_cleaned_up(tmp_path, monkeypatch):
    news, data_dir = write_articles(tmp_path / "news", POOL, CIDER, TRAIN), tmp_path / "data"
    engine = engine_at(data_dir)
    engine.ingest([news])
    assert "42 metres" in quoted(engine.ask(POOL_QUESTION))
    lengthen_the_pool(news)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    # the new vectors file is written, then writing the BM25 files fails
    monkeypatch.setattr(LexicalSegment, "save", disk_full)
    with pytest.raises(OSError, match="No space left"):
        engine.reindex()
    monkeypatch.undo()
    assert (data_dir / "generations" / "segments" / "00000002.tmp" / "vectors.faiss").is_file()
    assert engine.store.generation() == 1
    assert "42 metres" in quoted(engine.ask(POOL_QUESTION))
    assert "42 metres" in quoted(engine_at(data_dir).ask(POOL_QUESTION))

    # the new folder is complete and in place, then the transaction that would name it fails
    monkeypatch.setattr(Transaction, "purge", disk_full)
    with pytest.raises(OSError, match="No space left"):
        engine.reindex()
    monkeypatch.undo()
    assert generation_folders(data_dir) == {"00000001", "00000002", "segments"}  # no staging folder
    assert engine.store.generation() == 1
    assert "42 metres" in quoted(engine.ask(POOL_QUESTION))
    assert "42 metres" in quoted(engine_at(data_dir).ask(POOL_QUESTION))
    assert integrity(data_dir) == "ok"

    report = engine.reindex()
    assert report.generation == 2 and report.updated == [str((news / POOL).resolve())]
    assert "48 metres" in quoted(engine.ask(POOL_QUESTION))
    assert "48 metres" in quoted(engine_at(data_dir).ask(POOL_QUESTION))
    assert generation_folders(data_dir) == {"00000001", "00000002", "segments"}


# (b) reindex follows the files -------------------------------------------------------------------


def test_reindex_drops_the_article_whose_file_was_deleted(tmp_path):
    news, data_dir = write_articles(tmp_path / "news", POOL, CIDER, TRAIN), tmp_path / "data"
    engine = engine_at(data_dir)
    engine.ingest([news])
    assert "22:40" in quoted(engine.ask(TRAIN_QUESTION))

    (news / TRAIN).unlink()
    report = engine.reindex()

    assert report.removed == [str((news / TRAIN).resolve())]
    assert report.failed == []
    assert report.generation == 2 and report.embedded == 0
    assert sorted(a.title for a in engine.sources()) == [
        "Fellmoor cooperative has its best apple harvest in a decade",
        "Wrenhaven opens its tidal swimming pool",
    ]
    assert not engine.ask(TRAIN_QUESTION).answered
    assert "42 metres" in quoted(engine.ask(POOL_QUESTION))


def test_a_file_broken_since_ingest_is_reported_and_keeps_its_passages(tmp_path):
    news, data_dir = write_articles(tmp_path / "news", POOL, CIDER, TRAIN), tmp_path / "data"
    engine = engine_at(data_dir)
    engine.ingest([news])

    (news / TRAIN).write_bytes(b"\x00\x01\x02 not text any more")
    report = engine.reindex()

    assert [error.source for error in report.failed] == [str((news / TRAIN).resolve())]
    assert report.removed == []
    assert "22:40" in quoted(engine.ask(TRAIN_QUESTION))


def test_reindex_embeds_only_the_changed_paragraph_and_nothing_when_nothing_changed(tmp_path):
    news, data_dir = write_articles(tmp_path / "news", POOL, CIDER, TRAIN), tmp_path / "data"
    engine = engine_at(data_dir)
    first = engine.ingest([news])
    assert first.embedded == 10  # one passage per paragraph: 4 + 3 + 3

    lengthen_the_pool(news)
    edited = engine.reindex()
    assert edited.updated == [str((news / POOL).resolve())]
    assert len(edited.unchanged) == 2
    assert (edited.embedded, edited.reused) == (1, 3)  # the pool story's other paragraphs are cached
    assert edited.generation == 2
    assert "48 metres" in quoted(engine.ask(POOL_QUESTION))
    folders = generation_folders(data_dir)

    again = engine.reindex()
    assert again.embedded == 0 and not again.updated and not again.added
    assert len(again.unchanged) == 3
    assert again.generation == 2 and engine.store.generation() == 2
    assert generation_folders(data_dir) == folders


# (c) a reader beside a writer --------------------------------------------------------------------


def test_a_serving_engine_answers_while_another_publishes_then_serves_the_new_generation(tmp_path):
    news, data_dir = write_articles(tmp_path / "news", POOL, CIDER), tmp_path / "data"
    writer = engine_at(data_dir)
    writer.ingest([news])
    reader = engine_at(data_dir)
    assert "42 metres" in quoted(reader.ask(POOL_QUESTION))
    assert not reader.ask(OBSERVATORY_QUESTION).answered

    write_articles(news, OBSERVATORY)
    publishing, resume = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def pause_inside_the_publish(stage: str, done: int, total: int) -> None:
        if stage == "index" and done == 0:  # the publish transaction is open
            publishing.set()
            assert resume.wait(60)

    def ingest() -> None:
        try:
            writer.ingest([news / OBSERVATORY], pause_inside_the_publish)
        except BaseException as error:
            failures.append(error)
            publishing.set()

    thread = threading.Thread(target=ingest)
    thread.start()
    try:
        assert publishing.wait(120)
        during = reader.ask(OBSERVATORY_QUESTION), reader.ask(POOL_QUESTION)
    finally:
        resume.set()
        thread.join(120)
    assert not failures

    assert not during[0].answered  # the new article is not published yet
    assert "42 metres" in quoted(during[1])
    after = reader.ask(OBSERVATORY_QUESTION)
    assert "1.2 metres" in quoted(after)
    assert [s.title for s in after.sources] == ["Halvard Hill observatory reopens with a new telescope"]
    assert "42 metres" in quoted(reader.ask(POOL_QUESTION))
