"""The store's tables and their versions (``migrations``).

Version 1 is the store as it was when versions began: made from nothing, or from a store of a
newsbot from before, whose articles get an identity and a fingerprint (``read.identity``) filled
in from their rows and whose articles all become shared (``scopes``).
"""

from ..read import identity
from . import scopes
from .connection import Database
from .migrations import Migration, create_tables, statements
from .rows import PASSAGE_COLUMNS, passage_row
from .transaction import Transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT,
    published TEXT,
    url TEXT,
    path TEXT,
    ingested_at TEXT NOT NULL,
    removed_gen INTEGER,
    identity TEXT,
    fingerprint TEXT
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    position INTEGER NOT NULL,
    heading TEXT,
    text TEXT NOT NULL,
    sentences TEXT NOT NULL,
    embed_hash TEXT NOT NULL,
    added_gen INTEGER NOT NULL,
    removed_gen INTEGER
);
CREATE INDEX IF NOT EXISTS passages_article ON passages(article_id) WHERE removed_gen IS NULL;
CREATE INDEX IF NOT EXISTS passages_removed ON passages(removed_gen) WHERE removed_gen IS NOT NULL;
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    sentence_vectors BLOB NOT NULL,
    PRIMARY KEY (model, hash)
) WITHOUT ROWID;
"""
IDENTITY_COLUMNS = ("identity", "fingerprint")  # added to stores made before articles had them
# after a store of an older schema has been given its identity columns
INDEXES = """
CREATE INDEX IF NOT EXISTS articles_identity ON articles(identity) WHERE removed_gen IS NULL;
CREATE INDEX IF NOT EXISTS articles_fingerprint ON articles(fingerprint) WHERE removed_gen IS NULL;
"""


def _first(database: Database, tx: Transaction) -> None:
    for statement in statements(SCHEMA):
        tx.execute(database.ddl(statement))
    _add_identity(tx)
    for statement in statements(INDEXES):
        tx.execute(database.ddl(statement))
    scopes.create(database, tx)


def _add_identity(tx: Transaction) -> None:
    """Give a store made before articles had an identity and a fingerprint those columns, filled
    in for the live articles from their stored metadata and passages."""
    columns = {column[0] for column in tx.execute("SELECT * FROM articles WHERE false").description}
    if set(IDENTITY_COLUMNS) <= columns:
        return
    for column in set(IDENTITY_COLUMNS) - columns:
        tx.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")
    rows = tx.execute(
        "SELECT id, title, outlet, url FROM articles WHERE removed_gen IS NULL AND fingerprint IS NULL"
    ).fetchall()
    for article_id, title, outlet, url in rows:
        passages = tx.execute(
            f"SELECT {PASSAGE_COLUMNS} FROM passages p WHERE p.article_id = ? AND p.removed_gen IS NULL "
            "ORDER BY p.position",
            (article_id,),
        )
        texts = [passage_row(row).text for row in passages]
        key, fingerprint = identity.identity(outlet, url), identity.fingerprint(outlet, title, texts)
        tx.set_identity(article_id, key, fingerprint)


# when each generation was published, so that one replaced lately is kept for the processes still
# serving it (``search.snapshot.kept``); rows of generations long gone are purged with them
GENERATIONS = "CREATE TABLE IF NOT EXISTS generations (number INTEGER PRIMARY KEY, published REAL NOT NULL)"

MIGRATIONS = (Migration(1, _first), Migration(2, create_tables(GENERATIONS)))
