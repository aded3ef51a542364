"""FAISS index of passage vectors, keyed by passage id; exact below a size, HNSW above it.

Exact inner-product search costs time in proportion to the number of passages: measured here
(2 cores, 384 dimensions) about 9 ms per query at 100k passages, so about 18 ms at 200k — a
third of the 60 ms an answer may take. Above ``EXACT_LIMIT`` an HNSW graph answers in about a
millisecond with recall@10 of 0.97 against exact search (bench/ask_latency.py measures both).
"""

from pathlib import Path

import faiss
import numpy as np

# FAISS and torch each bring an OpenMP runtime; their thread pools slow each other down when a
# search follows a query encoding (p50 of an ask at 100k passages 29.7 ms, 17.5 ms with one FAISS
# thread: bench/ask_latency.py). One query at a time gains nothing from more threads anyway.
faiss.omp_set_num_threads(1)

EXACT_LIMIT = 200_000
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def build(ids: np.ndarray, vectors: np.ndarray) -> faiss.Index:
    """An index over unit ``vectors`` (float32, one row per id) searched by inner product."""
    dim = vectors.shape[1]
    if len(ids) <= EXACT_LIMIT:
        inner: faiss.Index = faiss.IndexFlatIP(dim)
    else:
        inner = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        inner.hnsw.efSearch = HNSW_EF_SEARCH
    index = faiss.IndexIDMap2(inner)
    index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
    return index


def save(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))


def search(
    index: faiss.Index, query: np.ndarray, k: int, allowed: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """(passage id, cosine) of the ``k`` nearest passages, best first; only ``allowed`` ids if given."""
    if index.ntotal == 0:
        return []
    params = None
    if allowed is not None:  # HNSW takes only its own parameter type, which must repeat efSearch
        selector = faiss.IDSelectorBatch(allowed.astype(np.int64))
        if isinstance(faiss.downcast_index(index.index), faiss.IndexHNSW):
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=HNSW_EF_SEARCH)
        else:
            params = faiss.SearchParameters(sel=selector)
    scores, ids = index.search(query.reshape(1, -1).astype(np.float32), min(k, index.ntotal), params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
