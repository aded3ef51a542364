"""The store's tables."""

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
