"""The onnx-int8 encoder: vectors close to torch's, kept apart from them, exported once, and clear
errors for what it cannot run."""

import sys

import numpy as np
import pytest
from sentence_transformers import SentenceTransformer
from sentence_transformers.sentence_transformer.modules import Pooling

from index.embed import Embedder, make_embedder
from index.embed import onnx as onnx_encoder
from index.embed.onnx import OnnxEmbedder
from index.engine import Engine
from index.errors import IndexNotReady, ModelError
from index.settings import DEFAULT_MODEL, Settings
from index.text import sentence_spans

PASSAGES = [
    "The orchestra played its final concert of the season on Friday. "
    "Tickets sold out within an hour. "
    "The city council approved a new budget for road repairs.",
    "Floods closed the coastal highway for a second day. Engineers expect it to reopen on Monday.",
    "Shares in the carmaker fell 4 percent after it cut its sales forecast.",
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx-data")


@pytest.fixture(scope="module")
def int8(data_dir) -> OnnxEmbedder:
    """Exported into the data folder the engines of ``test_switching_…`` use, so they reuse it."""
    embedder = make_embedder(Settings(data_dir=data_dir, encoder="onnx-int8", _env_file=None))
    assert isinstance(embedder, OnnxEmbedder)
    return embedder


@pytest.fixture(scope="module")
def fp32() -> Embedder:
    return Embedder(DEFAULT_MODEL)


def test_int8_vectors_are_close_to_fp32(int8, fp32):
    spans = [sentence_spans(p) for p in PASSAGES]
    pairs = zip(int8.encode_passages(PASSAGES, spans), fp32.encode_passages(PASSAGES, spans), strict=True)
    for quantised, full in pairs:
        assert float(quantised.passage @ full.passage) > 0.97
        sentences = quantised.sentences.astype(np.float32) * full.sentences.astype(np.float32)
        assert sentences.sum(axis=1).min() > 0.95
    question = "What did the council decide about the roads?"
    assert float(int8.encode_query(question) @ fp32.encode_query(question)) > 0.97
    assert (int8.dim, int8.max_tokens, int8.count_tokens(question)) == (
        fp32.dim,
        fp32.max_tokens,
        fp32.count_tokens(question),
    )


def test_int8_sentence_vectors_point_at_their_own_sentence(int8):
    spans = sentence_spans(PASSAGES[0])
    [vectors] = int8.encode_passages([PASSAGES[0]], [spans])
    alone = np.stack([int8.encode_query(PASSAGES[0][s:e]) for s, e in spans])
    assert list((vectors.sentences.astype(np.float32) @ alone.T).argmax(axis=1)) == [0, 1, 2]
    question = int8.encode_query("What did the council decide about the roads?")
    assert int(np.argmax(vectors.sentences.astype(np.float32) @ question)) == 2


def test_the_export_is_written_once_and_reused(int8, data_dir, monkeypatch):
    int8.encode_query("warm up")  # exported by now
    [exported] = (data_dir / "models").rglob("*.onnx")
    assert exported.name == "model-int8.onnx"
    assert not list((data_dir / "models").rglob(".export-*")), "the scratch folder is removed"

    def no_second_export(*args):
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_encoder, "export", no_second_export)
    again = OnnxEmbedder(DEFAULT_MODEL, 32, data_dir / "models")
    assert float(again.encode_query("Floods") @ int8.encode_query("Floods")) > 0.9999


def test_switching_the_encoder_embeds_again_and_keeps_caches_apart(int8, data_dir, sample_news):
    assert int8.model_name == f"{DEFAULT_MODEL}#onnx-int8"
    torch_engine = Engine(Settings(data_dir=data_dir, _env_file=None))
    assert type(torch_engine.embedder) is Embedder
    passages = torch_engine.ingest([sample_news]).embedded
    assert passages > 0

    onnx_engine = Engine(Settings(data_dir=data_dir, encoder="onnx-int8", _env_file=None))
    with pytest.raises(IndexNotReady, match="#onnx-int8") as refused:
        onnx_engine.ask("When did Notre-Dame reopen?")
    assert refused.value.remedy == "reindex"
    assert onnx_engine.reindex().embedded == passages  # nothing taken from the torch vectors
    assert onnx_engine.ask("When did Notre-Dame reopen?").answered

    report = torch_engine.reindex()  # back to torch: its own vectors are still cached
    assert (report.embedded, report.reused) == (0, passages)
    assert torch_engine.ask("When did Notre-Dame reopen?").answered


def test_a_model_with_another_pooling_is_refused(fp32, tmp_path):
    cls = SentenceTransformer(modules=[fp32.model[0], Pooling(fp32.dim, pooling_mode="cls")], device="cpu")
    cls.save(str(tmp_path / "cls-model"))
    with pytest.raises(ModelError, match=r"Transformer \+ Pooling \(cls\).*NEWSBOT_ENCODER=torch"):
        OnnxEmbedder(str(tmp_path / "cls-model"), 32, tmp_path / "models").encode_query("hello")
    assert not (tmp_path / "models").exists()


def test_without_onnxruntime_the_error_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` raises ImportError
    with pytest.raises(ModelError, match=r"needs onnxruntime: pip install -e '\.\[onnx\]'"):
        OnnxEmbedder(DEFAULT_MODEL, 32, tmp_path).encode_query("hello")
