"""The embedder the settings ask for (NEWSBOT_ENCODER)."""

from ..settings import Settings
from .base import Embedder


def make_embedder(settings: Settings) -> Embedder:
    """The embedder of the configured encoder (NEWSBOT_ENCODER)."""
    if settings.encoder == "onnx-int8":
        from .onnx import OnnxEmbedder  # onnxruntime is an optional extra, imported only here

        return OnnxEmbedder(settings.model, settings.batch_size, settings.data_dir / "models")
    return Embedder(settings.model, settings.batch_size)
