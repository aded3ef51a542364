"""Which database a store is kept in: SQLite files (a path, the default) or PostgreSQL (a URL)."""

from pathlib import Path

from ..errors import MissingExtra
from .connection import Database
from .sqlite import SqliteDatabase


def open_database(target: Path | str) -> Database:
    """The store's database: the SQLite file ``target``, or the PostgreSQL database of the
    ``postgresql://`` URL ``target``."""
    if isinstance(target, Path):
        return SqliteDatabase(target)
    try:
        from .postgres import PostgresDatabase, connect
    except ImportError as error:
        raise MissingExtra("postgres", "NEWSBOT_DATABASE_URL") from error
    return PostgresDatabase(connect(target), "store")
