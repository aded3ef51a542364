"""The trained reader: question and passage read together, the answer's span or none (``model``),
over the token windows that training and answering share (``windows``)."""

from .model import Found, Reader

__all__ = ["Found", "Reader"]
