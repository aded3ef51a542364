"""The SQLite store: articles, passages, the embedding cache and the published generation, with
retention deciding what stays. Every change is made in one ``Transaction`` (``Store.write()``)."""

from .lookup import find_article, typed_titles
from .retention import Cut
from .rows import ArticleRow, PassageRow
from .store import Store
from .transaction import Transaction

__all__ = ["ArticleRow", "Cut", "PassageRow", "Store", "Transaction", "find_article", "typed_titles"]
