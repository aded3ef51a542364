"""Hybrid retrieval finds rare names and numbers, whatever the typography of the question."""

import faiss
import numpy as np
import pytest

from index import vectors
from index.lexical import Lexical, terms
from index.search import hybrid


def _texts(engine, question: str) -> list[str]:
    gen = engine.serving()
    hits = hybrid(gen, question, engine.embedder.encode_query(question), 5)
    return [p.text for p in engine.store.passages_by_ids(h.passage_id for h in hits).values()]


@pytest.mark.parametrize(("question", "word"), [("Pearl", "Pearl"), ("Markers", "Markers"), ("APEC", "APEC")])
def test_rare_words_are_found(shared_engine, question, word):
    assert any(word in text for text in _texts(shared_engine, f"What about {question}?"))


def test_typography_folds_to_ascii_for_matching():
    assert terms("Lee Jae‑myung’s “K‑pop”") == terms('Lee Jae-myung\'s "K-pop"')


def test_bm25_finds_text_written_with_non_breaking_hyphens():
    lexical = Lexical.build(np.array([7, 8]), ["Lee Jae‑myung played drums", "A budget was passed"])
    assert lexical.search("Jae-myung", 2)[0][0] == 7


def test_small_indexes_are_exact_and_large_ones_approximate(monkeypatch):
    rng = np.random.default_rng(0)
    matrix = rng.standard_normal((300, 16)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    ids = np.arange(1000, 1300)
    exact = vectors.build(ids, matrix)
    assert isinstance(faiss.downcast_index(exact.index), faiss.IndexFlatIP)
    monkeypatch.setattr(vectors, "EXACT_LIMIT", 100)
    approximate = vectors.build(ids, matrix)
    assert isinstance(faiss.downcast_index(approximate.index), faiss.IndexHNSWFlat)
    assert vectors.search(approximate, matrix[5], 1)[0][0] == 1005
