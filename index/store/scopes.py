"""Who sees which articles: the shared ones (added from the command line) and a Discord server's
own (its uploads, URLs and feeds), never another server's, and never an outlet the server hides.

An article's owners are rows of ``owners``: ``SHARED_OWNER`` (0) or a server's id. Whoever adds an
article becomes one of its owners, also when it was indexed already (the same source, or a copy
of its text), so an article two servers added belongs to both and one added from the command line
is everyone's. Owners are only added, and leave with their article's row (``purge``); an article
with no owner is seen by no one. The articles of a store made before owners are shared.

``version`` counts the changes to who sees what (owners added, outlets hidden or shown), so that
a search can keep what each scope sees until the next change.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import InputError, shown
from .connection import Database
from .migrations import statements
from .transaction import Transaction

SHARED_OWNER = 0  # the owner of the articles every reader sees
MAX_ID = 2**63 - 1  # the largest SQLite INTEGER: Discord's ids (snowflakes) and the store's row ids
MAX_OUTLET_CHARS = 100
_NUMBER = re.compile(r"[0-9]{1,19}", re.ASCII)  # longer numbers are past MAX_ID anyway
SCHEMA = """
CREATE TABLE IF NOT EXISTS owners (
    article_id INTEGER NOT NULL,
    owner INTEGER NOT NULL,
    PRIMARY KEY (article_id, owner)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hidden_outlets (
    server INTEGER NOT NULL,
    outlet TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (server, outlet)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS hidden_outlets_any_case ON hidden_outlets(server, lower(outlet))
"""
_VERSION = "visibility"
_SEEN = (
    "EXISTS (SELECT 1 FROM owners o WHERE o.article_id = a.id AND o.owner IN (0, ?)) "
    "AND lower(COALESCE(a.outlet, '')) NOT IN (SELECT lower(outlet) FROM hidden_outlets WHERE server = ?)"
)


@dataclass(frozen=True)
class Scope:
    """What one reader sees: the shared articles and, in a server (``server``, its id), the
    server's own, less the outlets it hides; with ``outlet``, only that outlet's (any case).
    ``Scope()`` is the command line's and direct messages' view: the shared articles only."""

    server: int = SHARED_OWNER
    outlet: str | None = None

    def condition(self) -> tuple[str, tuple[object, ...]]:
        """SQL over the articles ``a`` (with its values): whether this scope sees the article."""
        if self.outlet is None:
            return _SEEN, (self.server, self.server)
        return f"{_SEEN} AND lower(a.outlet) = lower(?)", (self.server, self.server, self.outlet)


SHARED = Scope()  # what the command line and direct messages see


def whole_number(typed: str, largest: int = MAX_ID) -> int | None:
    """The number of ``typed`` if it is written in digits 0-9 only and at most ``largest``, else None
    (Python's ``int`` takes other digits too, "١٢" and "²"; SQLite takes nothing past ``MAX_ID``)."""
    text = typed.strip()
    return int(text) if _NUMBER.fullmatch(text) and int(text) <= largest else None


def server_id(typed: str) -> int:
    """A Discord server's id as typed on the command line; InputError unless it is one."""
    number = whole_number(typed)
    if not number:
        raise InputError(f"{shown(typed)} is not a Discord server id: give its number, 1 to {MAX_ID}")
    return number


def outlet_name(typed: str) -> str:
    """An outlet's name as typed, spaces tidied; InputError for one with no letter or digit (all
    spaces would hide or pick the articles of no outlet) or longer than ``MAX_OUTLET_CHARS``."""
    name = " ".join(typed.split())
    if not any(c.isalnum() for c in name) or len(name) > MAX_OUTLET_CHARS:
        raise InputError(
            f"{shown(typed)} is not an outlet's name: give its name as the sources list it, "
            f"with a letter or digit, at most {MAX_OUTLET_CHARS} characters"
        )
    return name


def create(database: Database, tx: Transaction) -> None:
    """Make the tables; in a store made before them, every article is shared."""
    for statement in statements(SCHEMA):
        tx.execute(database.ddl(statement))
    if tx.execute("SELECT 1 FROM meta WHERE key = ?", (_VERSION,)).fetchone() is None:
        tx.execute("INSERT INTO owners SELECT id, 0 FROM articles WHERE true ON CONFLICT DO NOTHING")
        tx.set_meta(_VERSION, "1")


class Owners:
    """The owners and hidden outlets tables of a store."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def version(self) -> int:
        return int(self.database.meta(_VERSION) or 0)

    def add(self, tx: Transaction, article_ids: Iterable[int], owner: int) -> None:
        """``owner`` owns these articles (inside a write)."""
        rows = [(article_id, owner) for article_id in set(article_ids)]
        added = tx.executemany(
            "INSERT INTO owners (article_id, owner) VALUES (?, ?) ON CONFLICT DO NOTHING", rows
        )
        if added.rowcount:
            _changed(tx)

    def inherit(self, tx: Transaction, article_id: int, old_id: int) -> None:
        """The article that replaces ``old_id`` (its URL's newer text) belongs to its owners too."""
        inherited = tx.execute(
            "INSERT INTO owners (article_id, owner) "
            "SELECT ?, owner FROM owners WHERE article_id = ? ON CONFLICT DO NOTHING",
            (article_id, old_id),
        )
        if inherited.rowcount:
            _changed(tx)

    def own(self, server: int) -> set[int]:
        """The ids of the articles ``server`` added that are not shared: its own."""
        rows = self.database.rows(
            "SELECT article_id FROM owners WHERE owner = ? "
            "AND article_id NOT IN (SELECT article_id FROM owners WHERE owner = 0)",
            (server,),
        )
        return {row[0] for row in rows}

    def hidden_outlets(self, server: int) -> list[str]:
        rows = self.database.rows(
            "SELECT outlet FROM hidden_outlets WHERE server = ? ORDER BY lower(outlet), outlet", (server,)
        )
        return [row[0] for row in rows]

    def hide_outlet(self, server: int, outlet: str, hidden: bool = True) -> bool:
        """Hide (or show again) an outlet in a server, whatever the case it is given in; whether
        that changed anything."""
        key = (server, outlet.strip())
        with self.database.write() as tx:
            if hidden:
                cursor = tx.execute(
                    "INSERT INTO hidden_outlets (server, outlet) VALUES (?, ?) ON CONFLICT DO NOTHING", key
                )
            else:
                cursor = tx.execute(
                    "DELETE FROM hidden_outlets WHERE server = ? AND lower(outlet) = lower(?)", key
                )
            if cursor.rowcount:
                _changed(tx)
            return bool(cursor.rowcount)

    def unseen_passages(self, scope: Scope) -> list[int]:
        """The ids of every passage (live or left) of the articles ``scope`` does not see: a
        generation still served may hold passages that have left since."""
        sql, values = scope.condition()
        rows = self.database.rows(
            "SELECT p.id FROM passages p WHERE p.article_id IN "
            f"(SELECT a.id FROM articles a WHERE NOT ({sql}))",
            values,
        )
        return [row[0] for row in rows]


def _changed(tx: Transaction) -> None:
    tx.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = ?", (_VERSION,))
