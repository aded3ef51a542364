"""The store: articles, passages, the embedding cache and the published generation, with
retention deciding what stays, in SQLite or PostgreSQL. Every change is made in one
``Transaction`` (``Store.write()``); the tables of each part have versions (``migrations``)."""

from .connection import Database
from .lookup import MAX_REFERENCE_CHARS, article_id, find_article, story_reference, typed_titles
from .migrations import Migration, create_tables, migrate, statements
from .retention import Cut
from .rows import ArticleRow, PassageRow
from .scopes import MAX_OUTLET_CHARS, SHARED, SHARED_OWNER, Owners, Scope, outlet_name, server_id
from .store import Store
from .transaction import Transaction
from .writer import RETRY, WriterLock, become_writer, process_name

__all__ = [
    "MAX_OUTLET_CHARS",
    "MAX_REFERENCE_CHARS",
    "RETRY",
    "SHARED",
    "SHARED_OWNER",
    "ArticleRow",
    "Cut",
    "Database",
    "Migration",
    "Owners",
    "PassageRow",
    "Scope",
    "Store",
    "Transaction",
    "WriterLock",
    "article_id",
    "become_writer",
    "create_tables",
    "find_article",
    "migrate",
    "outlet_name",
    "process_name",
    "server_id",
    "statements",
    "story_reference",
    "typed_titles",
]
