"""Embedding passages and questions: the sentence-transformers embedder, its ONNX int8 variant,
questions encoded from an ONNX export without torch, and the factory that picks from the settings."""

from .base import Embedder, PassageVectors, resolve_model
from .factory import export_for_questions, make_embedder, question_encoding

__all__ = [
    "Embedder",
    "PassageVectors",
    "export_for_questions",
    "make_embedder",
    "question_encoding",
    "resolve_model",
]
