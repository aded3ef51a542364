"""Which databases a store is kept in: SQLite files (a path, the default) or PostgreSQL (a URL)."""

from pathlib import Path

from ..errors import MissingExtra
from .connection import Database
from .sqlite import SqliteDatabase

QUESTIONS_FILE = "questions.db"


def open_databases(target: Path | str) -> tuple[Database, Database]:
    """The store's database and the questions' for ``target``: the store file's path, beside which
    the questions have a file of their own (recording a question must not wait for a publish's
    write lock), or a ``postgresql://`` URL, one database where the two take turns apart."""
    if isinstance(target, Path):
        return SqliteDatabase(target), SqliteDatabase(target.with_name(QUESTIONS_FILE))
    try:
        from .postgres import PostgresDatabase, connect
    except ImportError as error:
        raise MissingExtra("postgres", "NEWSBOT_DATABASE_URL") from error
    pool = connect(target)
    return PostgresDatabase(pool, "store"), PostgresDatabase(pool, "questions")
