"""The embedder the settings ask for (NEWSBOT_ENCODER), and what encodes questions."""

import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..settings import Settings
from .base import Embedder
from .query import question_encoder

log = logging.getLogger(__name__)


def make_embedder(settings: Settings) -> Embedder:
    """The embedder of the configured encoder (NEWSBOT_ENCODER)."""
    if settings.encoder == "onnx-int8":
        from .onnx import OnnxEmbedder  # onnxruntime is an optional extra, imported only here

        return OnnxEmbedder(settings.model, settings.batch_size, models_folder(settings))
    return Embedder(settings.model, settings.batch_size)


def models_folder(settings: Settings) -> Path:
    return settings.data_dir / "models"


def _exports_for_questions(settings: Settings) -> bool:
    return settings.encoder == "torch" and settings.question_encoder == "onnx"


def question_encoding(settings: Settings, embedder: Embedder) -> Callable[[str], np.ndarray]:
    """What encodes questions: the ONNX export made for them when there is one (no torch import),
    else the embedder."""
    if _exports_for_questions(settings):
        encoder = question_encoder(models_folder(settings), settings.model)
        if encoder is not None:
            return encoder.encode_query
    return embedder.encode_query


def export_for_questions(settings: Settings, embedder: Embedder, check: bool = False) -> None:
    """Make the export questions are encoded with, unless one is there (``check``: unless a current,
    usable one is there); a model the export cannot handle, or a missing onnx extra, is logged and
    left to torch."""
    if not _exports_for_questions(settings):
        return
    from .onnx import export_questions  # torch: imported only where passages are embedded

    try:
        export_questions(embedder, models_folder(settings), check)
    except ModelError as error:
        log.info("%s; questions are encoded with torch", error)
