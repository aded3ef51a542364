"""Passages get a unit vector each, and every sentence a unit vector from the same forward pass."""

import time

import numpy as np
import pytest

from index.embed import Embedder
from index.errors import ModelError
from index.settings import DEFAULT_MODEL
from index.text import sentence_spans

PASSAGE = (
    "The orchestra played its final concert of the season on Friday. "
    "Tickets sold out within an hour. "
    "The city council approved a new budget for road repairs."
)


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder(DEFAULT_MODEL)


def test_each_sentence_gets_a_unit_vector(embedder):
    spans = sentence_spans(PASSAGE)
    [vectors] = embedder.encode_passages([PASSAGE], [spans])
    assert vectors.sentences.shape == (3, embedder.dim)
    assert np.allclose(np.linalg.norm(vectors.sentences.astype(np.float32), axis=1), 1, atol=1e-2)
    assert np.isclose(np.linalg.norm(vectors.passage), 1, atol=1e-5)


def test_sentence_vectors_point_at_their_own_sentence(embedder):
    spans = sentence_spans(PASSAGE)
    [vectors] = embedder.encode_passages([PASSAGE], [spans])
    alone = np.stack([embedder.encode_query(PASSAGE[s:e]) for s, e in spans])
    similarity = vectors.sentences.astype(np.float32) @ alone.T
    assert list(similarity.argmax(axis=1)) == [0, 1, 2]


def test_questions_match_the_sentence_that_answers_them(embedder):
    spans = sentence_spans(PASSAGE)
    [vectors] = embedder.encode_passages([PASSAGE], [spans])
    question = embedder.encode_query("What did the council decide about the roads?")
    assert int(np.argmax(vectors.sentences.astype(np.float32) @ question)) == 2


def test_typography_does_not_change_the_vector(embedder):
    curly = embedder.encode_query("Lee Jae‑myung’s “K‑pop” drums")
    plain = embedder.encode_query('Lee Jae-myung\'s "K-pop" drums')
    assert float(curly @ plain) > 0.999


def test_a_model_that_is_not_on_disk_fails_fast_with_a_clear_error():
    started = time.monotonic()
    with pytest.raises(ModelError, match="never downloads"):
        Embedder("someone/no-such-model").encode_query("hello")
    assert time.monotonic() - started < 30
