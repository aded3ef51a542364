"""One writer among the processes that share a store: the writer lock, held by one process at a
time, taken over soon after its holder dies; and publishes that take turns, saying whose they
wait for. Each test runs on SQLite and on PostgreSQL; the other processes are real ones."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_faults import (
    CIDER,
    KILL_POINTS,
    OBSERVATORY,
    OBSERVATORY_QUESTION,
    POOL,
    POOL_QUESTION,
    TRAIN,
    engine_at,
    killed_publish,
    quoted,
    write_articles,
)

from index.store import RETRY, process_name
from index.store.databases import open_database

ROOT = Path(__file__).resolve().parent.parent
HELD = 5.0  # seconds another process holds a write in the publish test
# a process that opens the store at argv[2] and, as argv[1] says, holds the writer lock once it can
# get it (``become_writer``: tried every RETRY seconds), or holds a write for argv[3] seconds; it
# says when it holds
HOLDER = """
import sys, time
from pathlib import Path
from index.store import become_writer
from index.store.databases import open_database
what, target = sys.argv[1], sys.argv[2]
database = open_database(target if target.startswith("postgresql") else Path(target))
if what == "lock":
    lock = database.writer_lock()
    become_writer(lock, lambda holder: None)
    print("holding", flush=True)
    time.sleep(600)
with database.write() as tx:
    print("holding", flush=True)
    time.sleep(float(sys.argv[3]))
    tx.execute("CREATE TABLE written_by_the_other (n INTEGER)")
print("committed", flush=True)
"""


def start_holder(target: Path | str, *args: object) -> subprocess.Popen[str]:
    """A process holding the lock or a write (``HOLDER``), running this checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-c", HOLDER, *map(str, args[:1]), str(target), *map(str, args[1:])]
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)


def wait_for_line(process: subprocess.Popen[str], line: str, timeout: float = 60) -> float:
    """Wait until ``process`` prints a line with ``line`` in it (on stdout, else on stderr); when
    it did (``time.monotonic``)."""
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    try:
        for printed in process.stdout or process.stderr:  # type: ignore[union-attr]
            if line in printed:
                return time.monotonic()
    finally:
        timer.cancel()
    raise AssertionError(f"the process ended without saying {line!r}")


def other_name(process: subprocess.Popen[str]) -> str:
    return f"newsbot {socket.gethostname()}:{process.pid}"


def test_only_one_holder_of_the_writer_lock_at_a_time_and_the_others_know_who(store_target):
    database, other = open_database(store_target), open_database(store_target)
    first, second = database.writer_lock(), other.writer_lock()
    assert first.try_acquire() and first.still_held()
    assert not second.try_acquire() and not second.still_held()
    assert second.holder() == process_name()
    for _ in range(20):  # a lock let go is free at once for the next process to try
        first.release()
        assert not first.still_held()
        assert second.try_acquire() and not first.try_acquire()
        first, second = second, first
    first.release()
    database.close()
    other.close()


def test_a_process_takes_the_writer_lock_within_the_retry_period_after_its_holder_is_killed(
    store_target, capsys
):
    holder = start_holder(store_target, "lock")
    wait_for_line(holder, "holding")
    waiting = start_holder(store_target, "lock")
    lock = open_database(store_target).writer_lock()
    assert not lock.try_acquire()
    assert lock.holder() == other_name(holder)

    time.sleep(RETRY / 2)  # the waiting process is between two tries
    killed = time.monotonic()
    holder.send_signal(signal.SIGKILL)
    took_over = wait_for_line(waiting, "holding", timeout=RETRY * 3) - killed
    assert took_over <= RETRY + 1
    assert lock.holder() == other_name(waiting)
    with capsys.disabled():
        print(f"\ntakeover after SIGKILL of the writer: {took_over:.2f} s (tries every {RETRY:.0f} s)")
    waiting.kill()
    holder.wait()
    waiting.wait()


def test_two_publishes_never_overlap_and_the_waiting_one_says_whose_it_waits_for(tmp_path, backend):
    news, data_dir = write_articles(tmp_path / "news", POOL, CIDER), tmp_path / "data"
    engine = engine_at(data_dir)
    engine.ingest([news / POOL])
    other = start_holder(backend or data_dir / "newsbot.db", "write", HELD)
    other_began = wait_for_line(other, "holding")
    stages: dict[str, float] = {}
    record = lambda stage, done, total: stages.setdefault(stage, time.monotonic())  # noqa: E731
    report = engine.ingest([news / CIDER], progress=record)
    assert other.wait(timeout=60) == 0
    assert report.generation == 2 and len(report.added) == 1
    assert stages["index"] - other_began >= HELD - 0.5  # this publish began when the other's ended
    if backend:  # PostgreSQL can tell who holds the write; SQLite waits without saying
        assert f"waiting for {other_name(other)}'s publish" in stages


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_writer_killed_inside_its_publish_leaves_the_last_generation_serving(
    tmp_path, backend, newsbot_command, point
):
    news, data_dir = write_articles(tmp_path / "news", POOL, CIDER, TRAIN), tmp_path / "data"
    engine = engine_at(data_dir)
    engine.ingest([news])
    write_articles(news, OBSERVATORY)
    settings = {"PYTHONPATH": str(ROOT), **({"NEWSBOT_DATABASE_URL": backend} if backend else {})}
    killed_publish(newsbot_command, data_dir, point, "ingest", str(news / OBSERVATORY), settings=settings)
    serving = engine_at(data_dir)
    assert serving.store.generation() == 1
    assert not serving.ask(OBSERVATORY_QUESTION).answered
    assert "42 metres" in quoted(serving.ask(POOL_QUESTION))

    report = engine_at(data_dir).ingest([news / OBSERVATORY])  # the next writer's publish
    assert report.generation == 2 and not report.failed
    assert "1.2 metres" in quoted(engine_at(data_dir).ask(OBSERVATORY_QUESTION))


def test_newsbot_watch_beside_the_writer_says_who_it_is_and_polls_once_it_is_gone(
    tmp_path, backend, newsbot_command
):
    data_dir = tmp_path / "data"
    engine_at(data_dir)  # the store, made
    holder = start_holder(backend or data_dir / "newsbot.db", "lock")
    wait_for_line(holder, "holding")
    settings = {"PYTHONPATH": str(ROOT), **({"NEWSBOT_DATABASE_URL": backend} if backend else {})}
    env = newsbot_command.env(data_dir, settings)
    argv = [*newsbot_command.argv, "watch"]
    watching = subprocess.Popen(argv, env=env, cwd=newsbot_command.workdir, stderr=subprocess.PIPE, text=True)
    wait_for_line(watching, f"{other_name(holder)} is the writer and polls the feeds")
    holder.kill()
    wait_for_line(watching, "polling the feeds every 15 minutes", timeout=RETRY * 3)
    watching.kill()
    holder.wait()
    watching.wait()
