"""A snapshot: the search files of one published generation (FAISS index, BM25, passage dates) in
a folder of their own.

A generation is written into a temporary folder, flushed to disk and renamed into place before
the SQLite transaction that names it commits; so whatever is killed, the generation that
``meta.generation`` names is always complete, and a half-written one is only a stray folder that
the next publish removes.
"""

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from . import dense
from .lexical import Lexical, Tokens

VECTORS_FILE = "vectors.faiss"
LEXICAL_DIR = "bm25"
DAYS_FILE = "days.npy"
SPILL_FILE = "vectors.spill"  # float32 vectors of an approximate index while it is built
UNDATED = -1  # the day of a passage whose article gives no date


@dataclass
class Snapshot:
    """What one generation's questions are searched in; ``number`` is the generation's."""

    number: int
    dense: faiss.Index
    lexical: Lexical
    days: np.ndarray  # per passage, in the order of ``lexical.ids``: its article's date.toordinal()

    def days_of(self, passage_ids: list[int]) -> np.ndarray:
        """The days of passages of this generation (its ids are ascending: the index is built in id order)."""
        return self.days[np.searchsorted(self.lexical.ids, passage_ids)]


def folder(root: Path, number: int) -> Path:
    return root / f"{number:08d}"


@dataclass(frozen=True)
class Chunk:
    """Consecutive passages of a generation (ids ascending): their vectors, BM25 texts and days."""

    ids: np.ndarray
    matrix: np.ndarray  # unit vectors, one row per id
    documents: list[str]
    days: np.ndarray


def write(
    root: Path, number: int, count: int, dim: int, chunks: Iterable[Chunk], retrain: bool = False
) -> Path:
    """Build and durably write generation ``number`` of ``count`` passages from ``chunks``;
    returns its folder. Only one chunk's vectors are held at a time besides the index. An
    approximate index keeps the previous generation's cells unless ``retrain``."""
    final = folder(root, number)
    staging = final.with_name(final.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(final, ignore_errors=True)  # left by a publish that never committed
    (staging / LEXICAL_DIR).mkdir(parents=True)
    previous = None if retrain else dense.emptied(folder(root, number - 1) / VECTORS_FILE, count, dim)
    builder = dense.Builder(count, dim, staging / SPILL_FILE, previous)
    tokens = Tokens()
    ids, days = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int32)]
    for chunk in chunks:
        builder.add(chunk.ids, chunk.matrix)
        tokens.add(chunk.documents)
        ids.append(chunk.ids.astype(np.int64))
        days.append(chunk.days.astype(np.int32))
    dense.save(builder.finish(), staging / VECTORS_FILE)
    tokens.index(np.concatenate(ids)).save(staging / LEXICAL_DIR)
    np.save(staging / DAYS_FILE, np.concatenate(days))
    _fsync_tree(staging)
    staging.rename(final)
    _fsync(root)
    return final


def load(root: Path, number: int) -> Snapshot:
    where = folder(root, number)
    lexical = Lexical.load(where / LEXICAL_DIR)
    dated = where / DAYS_FILE
    # a generation published before passages carried dates reads as undated until the next publish
    days = np.load(dated) if dated.exists() else np.full(len(lexical.ids), UNDATED, dtype=np.int32)
    return Snapshot(number, dense.load(where / VECTORS_FILE), lexical, days)


def remove_stale(root: Path, keep: set[int]) -> None:
    """Delete generation folders other than ``keep`` (and any unfinished staging folder)."""
    if not root.is_dir():
        return
    for entry in root.iterdir():
        name = entry.name.removesuffix(".tmp")
        if not name.isdigit() or entry.name.endswith(".tmp") or int(name) not in keep:
            shutil.rmtree(entry, ignore_errors=True)


def _fsync_tree(top: Path) -> None:
    for path in sorted(top.rglob("*")):
        if path.is_file():
            _fsync(path)
    for path in sorted(p for p in top.rglob("*") if p.is_dir()):
        _fsync(path)
    _fsync(top)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
