"""Tables whose rows belong to one account: found, listed, counted and updated the same way.

A row's ``user_id`` names the account it belongs to (``NULL``: the parent). A call finds a
row by its key only among the acting account's rows, so another account's row is "not
found", never "forbidden"; lists are oldest first. Every query here joins the owner's
username as ``owner``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import EmulatorError
from .store import declare_table, state_dump

#: The column that names a row's account (``NULL``: the parent); a deleted account takes
#: its rows with it.
_OWNER_COLUMN = "user_id INTEGER REFERENCES accounts(user_id) ON DELETE CASCADE,"


@dataclass(frozen=True)
class OwnedTable:
    """One table of owned rows.

    ``alias`` is the table's alias in :attr:`select`; ``key`` the column a call names a
    row by; ``missing`` builds the error for a key the account does not own (from the key
    as the call gave it); ``order`` the column that puts rows oldest first.
    """

    table: str
    alias: str
    key: str
    missing: Callable[[object], EmulatorError]
    order: str = "seq"

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
