"""Embedding passages and questions: the sentence-transformers embedder, its ONNX int8 variant, and the
factory that picks one from the settings."""

from .base import Embedder, PassageVectors, resolve_model
from .factory import make_embedder

__all__ = ["Embedder", "PassageVectors", "make_embedder", "resolve_model"]
