"""A segment: the search files of consecutive passages (FAISS index, BM25 term counts, dates),
written once into a folder of its own and listed by every generation that still uses it.

A segment is written into a temporary folder, flushed to disk and renamed into place, so a
segment folder is always whole; one that no committed generation lists is left by a publish
that never committed, and the next publish removes it (``snapshot.remove_stale``).
"""

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from . import dense
from .lexical import LexicalSegment, SegmentBuilder

VECTORS_FILE = "vectors.faiss"
LEXICAL_DIR = "bm25"
DAYS_FILE = "days.npy"
SPILL_FILE = "vectors.spill"  # float32 vectors of an approximate index while it is built
UNDATED = -1  # the day of a passage whose article gives no date


@dataclass(frozen=True)
class Chunk:
    """Consecutive passages (ids ascending): their vectors, BM25 texts and days."""

    ids: np.ndarray
    matrix: np.ndarray  # unit vectors, one row per id
    documents: list[str]
    days: np.ndarray


@dataclass(frozen=True)
class Segment:
    name: str
    dense: faiss.Index
    lexical: LexicalSegment
    days: np.ndarray  # per passage, in the order of ``ids``: its article's date.toordinal()

    @property
    def ids(self) -> np.ndarray:
        return self.lexical.ids


def write(final: Path, count: int, dim: int, chunks: Iterable[Chunk], trained: faiss.Index | None) -> None:
    """Build and durably write the segment of ``count`` passages from ``chunks`` at ``final``.
    Only one chunk's vectors are held at a time besides the index; an approximate index reuses
    the cells of ``trained`` (see ``dense.emptied``) when given."""
    staging = final.with_name(final.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(final, ignore_errors=True)  # left by a publish that never committed
    staging.mkdir(parents=True)
    builder = dense.Builder(count, dim, staging / SPILL_FILE, trained)
    terms = SegmentBuilder()
    ids, days = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int32)]
    for chunk in chunks:
        builder.add(chunk.ids, chunk.matrix)
        terms.add(chunk.documents)
        ids.append(chunk.ids.astype(np.int64))
        days.append(chunk.days.astype(np.int32))
    dense.save(builder.finish(), staging / VECTORS_FILE)
    terms.finish(np.concatenate(ids)).save(staging / LEXICAL_DIR)
    np.save(staging / DAYS_FILE, np.concatenate(days))
    fsync_tree(staging)
    staging.rename(final)
    fsync(final.parent)


def load(folder: Path) -> Segment:
    lexical = LexicalSegment.load(folder / LEXICAL_DIR)
    return Segment(folder.name, dense.load(folder / VECTORS_FILE), lexical, np.load(folder / DAYS_FILE))


def written_ids(folder: Path) -> np.ndarray:
    """The ids of the passages the segment at ``folder`` was written with, read from disk as needed."""
    return LexicalSegment.ids_at(folder / LEXICAL_DIR)


def fsync_tree(top: Path) -> None:
    for path in sorted(top.rglob("*")):
        if path.is_file():
            fsync(path)
    for path in sorted(p for p in top.rglob("*") if p.is_dir()):
        fsync(path)
    fsync(top)


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
