"""Tables whose rows belong to one account: found, listed, counted and updated the same way.

A row's ``user_id`` names the account it belongs to (``NULL``: the parent). A call finds a
row by its key only among the acting account's rows, so another account's row is "not
found", never "forbidden"; lists are oldest first. Every query here joins the owner's
username as ``owner``.

An :class:`OwnedCollection` on a model class makes the table a collection of the backend
(``backend.parse_settings``): the acting account's objects, listed, read and deleted the
same way for every such object (:class:`Collection`), so that a model module writes only
the rules of its own calls.
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, overload

from .errors import EmulatorError
from .models import Actor
from .store import Store, declare_table, state_dump

#: The column that names a row's account (``NULL``: the parent); a deleted account takes
#: its rows with it.
_OWNER_COLUMN = "user_id INTEGER REFERENCES accounts(user_id) ON DELETE CASCADE,"


@dataclass(frozen=True)
class OwnedTable:
    """One table of owned rows.

    ``alias`` is the table's alias in :attr:`select`; ``key`` the column a call names a
    row by; ``missing`` builds the error for a key the account does not own (from the key
    as the call gave it); ``order`` the column that puts rows oldest first; ``numeric``
    says the key is a number, so that a key of other characters names no row.
    """

    table: str
    alias: str
    key: str
    missing: Callable[[object], EmulatorError]
    order: str = "seq"
    numeric: bool = False

    @property
    def select(self) -> str:
        """``SELECT`` every column and the owner's username (``owner``), before a ``WHERE``."""
        a = self.alias
        return (
            f"SELECT {a}.*, a.username AS owner FROM {self.table} {a} "  # noqa: S608 - fixed names
            f"LEFT JOIN accounts a ON a.user_id = {a}.user_id"
        )

    def find(
        self, conn: sqlite3.Connection, user_id: int | None, key: object
    ) -> sqlite3.Row | None:
        """The row of ``user_id`` with that key, if there is one."""
        if self.numeric:
            text = str(key)
            if not text.isascii() or not text.isdigit():
                return None
            key = int(text)
        row: sqlite3.Row | None = conn.execute(
            f"{self.select} WHERE {self.alias}.{self.key} = ? AND {self.alias}.user_id IS ?",
            (key, user_id),
        ).fetchone()
        return row

    def get(self, conn: sqlite3.Connection, user_id: int | None, key: object) -> sqlite3.Row:
        """The row of ``user_id`` with that key; :attr:`missing` when it has none."""
        row = self.find(conn, user_id, key)
        if row is None:
            raise self.missing(key)
        return row

    def owned(self, conn: sqlite3.Connection, user_id: int | None) -> list[sqlite3.Row]:
        """Every row of ``user_id``, oldest first."""
        return conn.execute(
            f"{self.select} WHERE {self.alias}.user_id IS ? ORDER BY {self.alias}.{self.order}",
            (user_id,),
        ).fetchall()

    def every(self, conn: sqlite3.Connection) -> list[sqlite3.Row]:
        """Every row of every account, oldest first (for the control API's state dump)."""
        return conn.execute(f"{self.select} ORDER BY {self.alias}.{self.order}").fetchall()

    def declare(self, columns: str) -> None:
        """Declare the table: ``columns`` and the owner's ``user_id`` (``NULL``: the parent)."""
        declare_table(self.table, f"{_OWNER_COLUMN}\n{columns.strip()}")

    def dumped_as(self, key: str, view: Callable[[sqlite3.Row], Any]) -> None:
        """Make every row (oldest first), each as ``view`` shows it, the state entry ``key``."""
        state_dump(key)(lambda _calls, conn: [view(row) for row in self.every(conn)])

    def count(self, conn: sqlite3.Connection, user_id: int | None) -> int:
        """How many rows ``user_id`` has."""
        return int(
            conn.execute(
                f"SELECT COUNT(*) FROM {self.table} WHERE user_id IS ?",  # noqa: S608 - fixed names
                (user_id,),
            ).fetchone()[0]
        )

    def next_seq(self, conn: sqlite3.Connection) -> int:
        """The ``seq`` of a new row: after every row of every account."""
        return int(
            conn.execute(
                f"SELECT COALESCE(MAX(seq), 0) + 1 FROM {self.table}"  # noqa: S608 - fixed names
            ).fetchone()[0]
        )

    def insert(self, conn: sqlite3.Connection, columns: Mapping[str, Any]) -> int:
        """Insert a row of those columns; return its ``rowid``."""
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        cursor = conn.execute(
            f"INSERT INTO {self.table} ({names}) VALUES ({marks})",  # noqa: S608 - fixed names
            tuple(columns.values()),
        )
        return int(cursor.lastrowid or 0)

    def delete(self, conn: sqlite3.Connection, row: sqlite3.Row) -> None:
        """Delete that row (one of :attr:`select`); the rows that reference it go with it."""
        conn.execute(
            f"DELETE FROM {self.table} WHERE {self.key} = ? AND user_id IS ?",  # noqa: S608
            (row[self.key], row["user_id"]),
        )


class Acting(Protocol):
    """What a collection needs of the model: its store and the account a call acts for."""

    store: Store

    def acting_user_id(self, conn: sqlite3.Connection, actor: Actor) -> int | None:
        """The user id of the account the call acts for (``None``: the parent)."""
        ...


_T = TypeVar("_T")
_Calls = TypeVar("_Calls", bound=Acting)
#: How a collection shows a row of its table: from the model, the open transaction and the row.
View = Callable[[_Calls, sqlite3.Connection, sqlite3.Row], _T]


def of_row(view: Callable[[sqlite3.Row], _T]) -> View[Acting, _T]:
    """The :data:`View` of an object built from its row alone (such as ``ParseSetting.of``)."""
    return lambda _calls, _conn, row: view(row)


@dataclass(frozen=True)
class Collection(Generic[_Calls, _T]):
    """The objects of one :class:`OwnedTable` that the acting account owns.

    ``list``, ``get`` and ``delete`` are whole calls, each in its own transaction (a key
    the account does not own raises the table's error); ``row``, ``one``, ``all`` and
    ``remove`` run inside a transaction the model already holds.
    """

    calls: _Calls
    table: OwnedTable
    view: View[_Calls, _T]

    def row(self, conn: sqlite3.Connection, actor: Actor, key: object) -> sqlite3.Row:
        """The acting account's row with that key (else the table's error)."""
        return self.table.get(conn, self.calls.acting_user_id(conn, actor), key)

    def one(self, conn: sqlite3.Connection, actor: Actor, key: object) -> _T:
        """The acting account's object with that key (else the table's error)."""
        return self.view(self.calls, conn, self.row(conn, actor, key))

    def all(self, conn: sqlite3.Connection, actor: Actor) -> builtins.list[_T]:
        """Every object of the acting account, oldest first."""
        rows = self.table.owned(conn, self.calls.acting_user_id(conn, actor))
        return [self.view(self.calls, conn, row) for row in rows]

    def remove(self, conn: sqlite3.Connection, actor: Actor, key: object) -> None:
        """Delete the acting account's object with that key (else the table's error)."""
        self.table.delete(conn, self.row(conn, actor, key))

    def list(self, actor: Actor, limit: int | None = None) -> builtins.list[_T]:
        """The list call: the acting account's objects, oldest first (the first ``limit``)."""
        with self.calls.store.transaction(write=False) as conn:
            found = self.all(conn, actor)
        return found if limit is None else found[:limit]

    def get(self, actor: Actor, key: object) -> _T:
        """The read call: the acting account's object with that key."""
        with self.calls.store.transaction(write=False) as conn:
            return self.one(conn, actor, key)

    def delete(self, actor: Actor, key: object) -> None:
        """The delete call: the acting account's object with that key goes."""
        with self.calls.store.transaction(write=True) as conn:
            self.remove(conn, actor, key)


class OwnedCollection(Generic[_Calls, _T]):
    """A model class's attribute that is its table's :class:`Collection` on each instance.

    ``parse_settings = OwnedCollection(_SETTINGS, of_row(ParseSetting.of))`` in
    ``ParseSettingCalls`` gives ``backend.parse_settings.list(actor)``, ``.get(actor,
    hostname)`` and ``.delete(actor, hostname)``.
    """

    def __init__(self, table: OwnedTable, view: View[_Calls, _T]) -> None:
        self.table = table
        self.view = view

    @overload
    def __get__(self, instance: None, owner: type) -> OwnedCollection[_Calls, _T]: ...

    @overload
    def __get__(self, instance: _Calls, owner: type) -> Collection[_Calls, _T]: ...

    def __get__(
        self, instance: _Calls | None, owner: type
    ) -> OwnedCollection[_Calls, _T] | Collection[_Calls, _T]:
        """The collection of that model instance (this declaration, on the class)."""
        if instance is None:
            return self
        return Collection(instance, self.table, self.view)


def owner_name(row: sqlite3.Row) -> str | None:
    """The owner's username of a row of :attr:`OwnedTable.select` (``None``: the parent)."""
    owner = row["owner"]
    return None if owner is None else str(owner)


def set_columns(
    conn: sqlite3.Connection, table: str, columns: Mapping[str, Any], where: str, key: object
) -> None:
    """``UPDATE table SET <columns> WHERE <where> = key``; nothing when ``columns`` is empty."""
    if not columns:
        return
    assignments = ", ".join(f"{name} = ?" for name in columns)
    conn.execute(
        f"UPDATE {table} SET {assignments} WHERE {where} = ?",  # noqa: S608 - fixed names
        (*columns.values(), key),
    )
