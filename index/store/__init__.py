"""The SQLite store: articles, passages, the embedding cache and the published generation, with
retention deciding what stays."""

from .database import ArticleRow, PassageRow, Store
from .retention import Cut

__all__ = ["ArticleRow", "Cut", "PassageRow", "Store"]
