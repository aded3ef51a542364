"""The SQLite store: articles, passages, the embedding cache and the published generation, with
retention deciding what stays. Every change is made in one ``Transaction`` (``Store.write()``)."""

from .lookup import find_article, typed_titles
from .retention import Cut
from .rows import ArticleRow, PassageRow
from .scopes import SHARED, SHARED_OWNER, Owners, Scope
from .store import Store
from .transaction import Transaction

__all__ = [
    "SHARED",
    "SHARED_OWNER",
    "ArticleRow",
    "Cut",
    "Owners",
    "PassageRow",
    "Scope",
    "Store",
    "Transaction",
    "find_article",
    "typed_titles",
]
