"""The index files of one published generation: FAISS vectors and BM25, in their own folder.

A generation is written into a temporary folder, flushed to disk and renamed into place before
the SQLite transaction that names it commits; so whatever is killed, the generation that
``meta.generation`` names is always complete, and a half-written one is only a stray folder that
the next publish removes.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from . import vectors
from .lexical import Lexical

VECTORS_FILE = "vectors.faiss"
LEXICAL_DIR = "bm25"


@dataclass
class Generation:
    number: int
    vectors: faiss.Index
    lexical: Lexical


def folder(root: Path, number: int) -> Path:
    return root / f"{number:08d}"


def write(root: Path, number: int, ids: np.ndarray, matrix: np.ndarray, documents: list[str]) -> Path:
    """Build and durably write generation ``number``; returns its folder."""
    final = folder(root, number)
    staging = final.with_name(final.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(final, ignore_errors=True)  # left by a publish that never committed
    (staging / LEXICAL_DIR).mkdir(parents=True)
    vectors.save(vectors.build(ids, matrix), staging / VECTORS_FILE)
    Lexical.build(ids, documents).save(staging / LEXICAL_DIR)
    _fsync_tree(staging)
    staging.rename(final)
    _fsync(root)
    return final


def load(root: Path, number: int) -> Generation:
    where = folder(root, number)
    return Generation(number, vectors.load(where / VECTORS_FILE), Lexical.load(where / LEXICAL_DIR))


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
