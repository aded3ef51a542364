"""Passage vectors: exact search while the index is small, an inverted file with one byte per
dimension above ``EXACT_LIMIT``, built chunk by chunk, filtered by passage id."""

import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest

from index.engine import Engine
from index.search import dense
from index.settings import Settings
from index.store import SHARED


def _unit_rows(count: int, dim: int, seed: int) -> np.ndarray:
    matrix = np.random.default_rng(seed).standard_normal((count, dim)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _index(ids: np.ndarray, matrix: np.ndarray, scratch: Path, chunk: int = 1000) -> faiss.Index:
    builder = dense.Builder(len(ids), matrix.shape[1], scratch / "spill")
    for start in range(0, len(ids), chunk):
        builder.add(ids[start : start + chunk], matrix[start : start + chunk])
    return builder.finish()


def test_small_indexes_are_exact_and_large_ones_quantised(monkeypatch, tmp_path):
    matrix, ids = _unit_rows(300, 16, 0), np.arange(1000, 1300)
    exact = _index(ids, matrix, tmp_path)
    assert isinstance(faiss.downcast_index(exact.index), faiss.IndexFlatIP)
    monkeypatch.setattr(dense, "EXACT_LIMIT", 100)
    approximate = _index(ids, matrix, tmp_path, chunk=70)
    assert isinstance(approximate, faiss.IndexIVFScalarQuantizer)
    assert approximate.ntotal == 300 and not (tmp_path / "spill").exists()
    assert dense.search(approximate, matrix[5], 1)[0][0] == 1005


def test_an_approximate_index_finds_what_exact_search_finds(monkeypatch, tmp_path):
    matrix, ids = _unit_rows(4000, 32, 2), np.arange(4000) * 3
    exact = _index(ids, matrix, tmp_path)
    monkeypatch.setattr(dense, "EXACT_LIMIT", 1000)
    approximate = _index(ids, matrix, tmp_path, chunk=900)
    for query in _unit_rows(20, 32, 3):
        truth = {pid for pid, _ in dense.search(exact, query, 10)}
        found = {pid for pid, _ in dense.search(approximate, query, 10)}
        assert len(truth & found) >= 8


def test_only_allowed_passages_are_searched_in_exact_and_approximate_indexes(monkeypatch, tmp_path):
    matrix, ids = _unit_rows(300, 16, 1), np.arange(1000, 1300)
    allowed = ids[ids % 2 == 0]
    for limit in (dense.EXACT_LIMIT, 100):
        monkeypatch.setattr(dense, "EXACT_LIMIT", limit)
        index = _index(ids, matrix, tmp_path)
        assert dense.search(index, matrix[1], 1)[0][0] == 1001
        found = [pid for pid, _ in dense.search(index, matrix[1], 20, dense.Allowed.of(allowed))]
        assert len(found) == 20 and all(pid % 2 == 0 for pid in found)


def test_a_narrow_filter_still_finds_its_passages_in_an_approximate_index(monkeypatch, tmp_path):
    """A question about one week of a long archive: the few allowed passages are all found."""
    matrix, ids = _unit_rows(5000, 16, 4), np.arange(5000)
    monkeypatch.setattr(dense, "EXACT_LIMIT", 1000)
    index = _index(ids, matrix, tmp_path)
    allowed = ids[4950:]
    found = [pid for pid, _ in dense.search(index, matrix[0], 50, dense.Allowed.of(allowed))]
    assert sorted(found) == list(allowed)


def test_an_emptied_index_keeps_its_cells_for_the_next_publish(monkeypatch, tmp_path):
    monkeypatch.setattr(dense, "EXACT_LIMIT", 1000)
    matrix, ids = _unit_rows(4000, 32, 5), np.arange(4000)
    dense.save(_index(ids, matrix, tmp_path), tmp_path / "old.faiss")
    emptied = dense.emptied(tmp_path / "old.faiss", 4100, 32)
    assert emptied is not None and emptied.ntotal == 0 and emptied.is_trained
    builder = dense.Builder(4100, 32, tmp_path / "spill", emptied)
    builder.add(np.arange(4100), np.vstack([matrix, _unit_rows(100, 32, 6)]))
    assert not (tmp_path / "spill").exists()  # nothing to train, so nothing spilled
    assert dense.search(builder.finish(), matrix[7], 1)[0][0] == 7
    # four times the passages need other cells, and an exact index none
    assert dense.emptied(tmp_path / "old.faiss", 16_000, 32) is None
    assert dense.emptied(tmp_path / "old.faiss", 900, 32) is None


@pytest.fixture
def small_limit_engine(monkeypatch, tmp_path, sample_news) -> Engine:
    """The sample news in an engine that goes approximate above 40 passages."""
    monkeypatch.setattr(dense, "EXACT_LIMIT", 40)
    news = tmp_path / "news"
    shutil.copytree(sample_news, news)
    engine = Engine(Settings(data_dir=tmp_path / "data", _env_file=None))
    engine.ingest([news])
    return engine


def test_a_large_index_answers_from_the_approximate_index(small_limit_engine):
    served = small_limit_engine.serving(SHARED).segments[0].dense
    assert isinstance(served, faiss.IndexIVFScalarQuantizer)
    answer = small_limit_engine.ask("How much did the Notre-Dame restoration cost?")
    assert answer.answered and "million" in " ".join(q.text for q in answer.quotes)


def _cells(engine: Engine) -> np.ndarray:
    ivf = faiss.extract_index_ivf(engine.serving(SHARED).segments[0].dense)
    return ivf.quantizer.reconstruct_n(0, ivf.nlist)


def test_a_publish_keeps_the_cells_and_reindex_trains_new_ones(small_limit_engine, tmp_path):
    before = _cells(small_limit_engine)
    extra = tmp_path / "news" / "ferry.md"
    extra.write_text("---\ntitle: Ferry fares\n---\nFerry fares on the Varn line rise in March.\n")
    small_limit_engine.ingest([extra])
    assert np.array_equal(_cells(small_limit_engine), before)
    published = small_limit_engine.store.generation()
    small_limit_engine.reindex()  # nothing changed, but the cells are trained on every passage now
    assert small_limit_engine.store.generation() == published + 1
    assert not np.array_equal(_cells(small_limit_engine), before)
    answer = small_limit_engine.ask("When do Varn ferry fares rise?")
    assert "March" in " ".join(q.text for q in answer.quotes)
