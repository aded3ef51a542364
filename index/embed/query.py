"""Questions encoded without torch: the model's transformer as ONNX (full precision) run by
onnxruntime, and its own tokenizer (``tokenizers``), so a new process answers in about a second
instead of spending seven importing torch and sentence-transformers to encode one question.

The export is made where torch is loaded anyway (``onnx.export_questions``, at an ingest that
finds none, and at a reindex that finds it out of date or unusable) and kept in the data folder
beside a manifest naming the model it was made from. Its question vectors match torch's
(cosine at least ``AGREE``, checked when it is made), so an index built with torch serves
questions encoded without it. Nothing here imports torch; without an export, or without
onnxruntime, questions go to torch as before.
"""

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..text import fold
from .base import unit

log = logging.getLogger(__name__)

MANIFEST = "questions.json"
AGREE = 0.999  # least cosine between the export's question vectors and torch's


@dataclass(frozen=True)
class Manifest:
    """What an export for questions was made from, and where its files are (relative paths)."""

    model: str  # the NEWSBOT_MODEL setting
    key: str  # the model's name and a digest of its weights (``onnx.export_key``)
    onnx: str
    tokenizer: str
    max_tokens: int  # the model's maximum sequence length, special tokens included

    @classmethod
    def read(cls, folder: Path) -> "Manifest | None":
        try:
            return cls(**json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def write(self, folder: Path) -> None:
        """Written whole or not at all: a temporary file renamed into place."""
        scratch = folder / f".{MANIFEST}.{os.getpid()}"
        scratch.write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(scratch, folder / MANIFEST)


class QuestionEncoder:
    """Encodes questions as ``Embedder.encode_query`` does, from an export and its tokenizer."""

    def __init__(self, folder: Path, manifest: Manifest) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / manifest.tokenizer))
        self.tokenizer.no_padding()  # a tokenizer.json may pad every text to a fixed length
        self.tokenizer.enable_truncation(manifest.max_tokens)
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # errors only
        self.session = onnxruntime.InferenceSession(
            str(folder / manifest.onnx), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = [i.name for i in self.session.get_inputs()]

    def encode_query(self, text: str) -> np.ndarray:
        encoded = self.tokenizer.encode(fold(text))
        given = {
            "input_ids": encoded.ids,
            "attention_mask": encoded.attention_mask,
            "token_type_ids": encoded.type_ids,
        }
        [tokens] = self.session.run(None, {n: np.array([given[n]], dtype=np.int64) for n in self.inputs})
        return unit(tokens[0].mean(axis=0))


def question_encoder(folder: Path, model: str) -> QuestionEncoder | None:
    """The export for ``model`` in ``folder``, or None (logged) when there is none to use."""
    manifest = Manifest.read(folder)
    if manifest is None or manifest.model != model:
        log.info("no ONNX export of %s for questions yet: questions are encoded with torch", model)
        return None
    try:
        return QuestionEncoder(folder, manifest)
    except ImportError:
        log.info("onnxruntime or tokenizers is not installed: questions are encoded with torch")
    except Exception as error:  # a damaged export: the libraries raise their own types
        log.warning(
            "the ONNX export for questions cannot be read (%s): questions are encoded with torch", error
        )
    return None
