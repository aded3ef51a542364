"""FAISS index of passage vectors, keyed by passage id: exact up to a size, IVF-SQ8 above it.

Exact inner-product search costs time in proportion to the passages and holds every vector as
float32: at a million passages about 110 ms a query and 1.5 GB. Above ``EXACT_LIMIT`` the index is
an inverted file (k-means cells, ``cells``) whose vectors are scalar-quantised to one byte per
dimension: a quarter of the memory, and a query scans the ``NPROBE`` cells nearest to it.
bench/scale.py measured the choice against exact search, HNSW over the same codes and other
probe counts (docs/how-it-works.md, "A million passages"); its table gives recall@10, latency,
build time and size.

The index is built chunk by chunk (``Builder``) so a publish never holds more than one chunk of
float32 vectors besides the index itself: an approximate index first spills the chunks to a
scratch file, trains its cells on a uniform sample, then adds the spilled vectors.
"""

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

# FAISS and torch each bring an OpenMP runtime; their thread pools slow each other down when a
# search follows a query encoding (p50 of an ask at 100k passages 29.7 ms, 17.5 ms with one FAISS
# thread: bench/ask_latency.py). One query at a time gains nothing from more threads anyway.
faiss.omp_set_num_threads(1)

EXACT_LIMIT = 200_000
NPROBE = 256  # cells scanned per query when every passage may be returned
TRAIN_PER_CELL = 40  # training vectors per cell (FAISS warns below 39)
_SEED = 1234


def cells(count: int) -> int:
    """Inverted-file cells for ``count`` vectors: about 4·√count, a power of two."""
    return 2 ** round(math.log2(4 * math.sqrt(max(count, 1))))


class Builder:
    """Collects ``count`` unit vectors of ``dim`` dimensions chunk by chunk (ids ascending) and
    builds their index. An inverted file reuses the cells of ``trained`` (an empty index, see
    ``emptied``) when given; otherwise it spills the chunks to ``scratch`` until it has trained."""

    def __init__(self, count: int, dim: int, scratch: Path, trained: faiss.Index | None = None) -> None:
        self.scratch = scratch
        self.spilled: list[np.ndarray] = []  # the ids of each spilled chunk
        self.sample: list[np.ndarray] = []
        self.seen = 0
        if count <= EXACT_LIMIT:
            self.index: faiss.Index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        elif trained is not None:
            self.index = trained
        else:
            self.index = faiss.index_factory(dim, f"IVF{cells(count)},SQ8", faiss.METRIC_INNER_PRODUCT)
            size = min(count, cells(count) * TRAIN_PER_CELL)
            self.sample_at = np.sort(np.random.default_rng(_SEED).choice(count, size, replace=False))

    def add(self, ids: np.ndarray, matrix: np.ndarray) -> None:
        matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        ids = ids.astype(np.int64)
        if self.index.is_trained:
            with _all_cores():
                self.index.add_with_ids(matrix, ids)
        else:
            first, last = np.searchsorted(self.sample_at, [self.seen, self.seen + len(ids)])
            self.sample.append(matrix[self.sample_at[first:last] - self.seen])
            with self.scratch.open("ab") as spill:
                spill.write(matrix.tobytes())
            self.spilled.append(ids)
        self.seen += len(ids)

    def finish(self) -> faiss.Index:
        if self.index.is_trained:
            return self.index
        with _all_cores():
            self.index.train(np.concatenate(self.sample))
            self.sample.clear()
            with self.scratch.open("rb") as spill:
                for ids in self.spilled:
                    chunk = np.frombuffer(spill.read(4 * self.index.d * len(ids)), dtype=np.float32)
                    self.index.add_with_ids(chunk.reshape(len(ids), self.index.d), ids)
        self.scratch.unlink()
        return self.index


@contextmanager
def _all_cores() -> Iterator[None]:
    """Training and adding use every core; OpenMP's setting is the calling thread's, so a search
    served by another thread meanwhile keeps its single thread."""
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(1)


def emptied(path: Path, count: int, dim: int) -> faiss.Index | None:
    """The index at ``path`` without its vectors, if it is the inverted file ``count`` vectors of
    ``dim`` dimensions would train: a publish that adds a few articles reuses its cells instead of
    training for minutes. ``reindex`` trains anew; so does crossing into another number of cells."""
    if count <= EXACT_LIMIT or not path.exists():
        return None
    index = load(path)
    ivf = faiss.try_extract_index_ivf(index)
    if ivf is None or ivf.nlist != cells(count) or index.d != dim:
        return None
    index.reset()
    return index


def save(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))


@dataclass(frozen=True)
class Allowed:
    """The passage ids a search keeps to, as the bitmap FAISS's selector reads; ``count`` of them
    are in the index searched (a period's ids span every segment, each searched with one bitmap)."""

    count: int
    bitmap: np.ndarray  # the selector reads it: kept alive with it
    selector: faiss.IDSelector

    @classmethod
    def of(cls, ids: np.ndarray) -> "Allowed":
        flags = np.zeros(int(ids.max(initial=0)) + 1, dtype=bool)
        flags[ids] = True
        bitmap = np.packbits(flags, bitorder="little")
        return cls(len(ids), bitmap, faiss.IDSelectorBitmap(len(bitmap), faiss.swig_ptr(bitmap)))


def search(
    index: faiss.Index, query: np.ndarray, k: int, allowed: Allowed | None = None
) -> list[tuple[int, float]]:
    """(passage id, cosine) of the ``k`` nearest passages, best first; only ``allowed`` ids if given."""
    if index.ntotal == 0 or (allowed is not None and allowed.count == 0):
        return []
    scores, ids = index.search(
        query.reshape(1, -1).astype(np.float32), min(k, index.ntotal), params=_parameters(index, allowed)
    )
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


def _parameters(index: faiss.Index, allowed: Allowed | None) -> faiss.SearchParameters | None:
    """Search parameters keeping to ``allowed`` ids; an inverted file scans more cells the fewer
    passages are allowed, so that it meets as many allowed ones as usual."""
    ivf = faiss.try_extract_index_ivf(index)
    if allowed is None:
        return None if ivf is None else faiss.SearchParametersIVF(nprobe=NPROBE)
    if ivf is None:
        return faiss.SearchParameters(sel=allowed.selector)
    share = allowed.count / max(index.ntotal, 1)
    nprobe = min(ivf.nlist, math.ceil(NPROBE / max(share, 1e-9)))
    return faiss.SearchParametersIVF(sel=allowed.selector, nprobe=nprobe)
