"""The shared base of the model layer: one parent account, its accounts and their rows.

Every public method of the model is one call of the API and runs in one SQLite
transaction. Methods take plain values already parsed from the wire, check the documented
rules and raise the typed errors of :mod:`sendgrid_emulator.errors`; they know nothing of
HTTP. The calls are grouped by object in the modules beside this one
(:mod:`.customers`, :mod:`.inventory`, :mod:`.subusers`, ...) and gathered in
:class:`sendgrid_emulator.backend.Backend`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from .errors import (
    AccountNotFoundError,
    UsernameExistsError,
    UsernameReservedError,
)
from .models import (
    Account,
    Kind,
    Rules,
    sort_ips,
)
from .store import Store


class AccountsBase:
    """State of one emulated parent account, and the helpers every call shares."""

    def __init__(self, store: Store, parent_username: str) -> None:
        self.store = store
        self.parent_username = parent_username

    # --- shared helpers ----------------------------------------------------------------

    @staticmethod
    def _row(conn: sqlite3.Connection, username: str | None, kind: Kind | None) -> sqlite3.Row:
        if not username:
            raise AccountNotFoundError(username)
        row: sqlite3.Row | None = conn.execute(
            "SELECT * FROM accounts WHERE username = ?", (username,)
        ).fetchone()
        if row is None or (kind is not None and row["kind"] != kind):
            raise AccountNotFoundError(username)
        return row

    @staticmethod
    def _ips_of(conn: sqlite3.Connection, user_id: int) -> list[str]:
        rows = conn.execute("SELECT ip FROM assignments WHERE user_id = ?", (user_id,))
        return sort_ips([str(r["ip"]) for r in rows])

    def _account(self, conn: sqlite3.Connection, row: sqlite3.Row) -> Account:
        return Account.from_row(row, self._ips_of(conn, int(row["user_id"])))

    def _check_username_free(self, conn: sqlite3.Connection, username: str) -> None:
        if username.casefold() == self.parent_username.casefold():
            raise UsernameExistsError(username)
        if conn.execute("SELECT 1 FROM accounts WHERE username = ?", (username,)).fetchone():
            raise UsernameExistsError(username)
        reserved = conn.execute(
            "SELECT 1 FROM reserved_usernames WHERE username = ?", (username,)
        ).fetchone()
        if reserved:
            raise UsernameReservedError(username)

    @staticmethod
    def _owned_ips(conn: sqlite3.Connection, ips: Iterable[str], field: str) -> list[str]:
        rules = Rules()
        wanted: list[str] = []
        for raw in ips:
            ip = rules.ip(field, raw)
            if ip is None:
                continue
            if conn.execute("SELECT 1 FROM ips WHERE ip = ?", (ip,)).fetchone() is None:
                rules.add(field, f"ip {ip} does not belong to you")
                continue
            if ip not in wanted:
                wanted.append(ip)
        rules.raise_if_any()
        return wanted

    @staticmethod
    def _replace_ips(conn: sqlite3.Connection, user_id: int, ips: list[str]) -> None:
        conn.execute("DELETE FROM assignments WHERE user_id = ?", (user_id,))
        conn.executemany(
            "INSERT INTO assignments (user_id, ip) VALUES (?, ?)", [(user_id, ip) for ip in ips]
        )

    def _insert_account(
        self, conn: sqlite3.Connection, values: Mapping[str, object]
    ) -> sqlite3.Row:
        username = str(values["username"])
        self._check_username_free(conn, username)
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        try:
            cursor = conn.execute(
                f"INSERT INTO accounts ({columns}) VALUES ({marks})",  # noqa: S608 - fixed names
                tuple(values.values()),
            )
        except sqlite3.IntegrityError as exc:
            raise UsernameExistsError(username) from exc
        row: sqlite3.Row = conn.execute(
            "SELECT * FROM accounts WHERE user_id = ?", (cursor.lastrowid,)
        ).fetchone()
        return row

    def set_active(self, username: str | None, active: bool, kind: Kind) -> None:
        """``reseller.manage method=enable/disable`` and ``PATCH /v3/subusers/{name}``."""
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, kind)
            conn.execute(
                "UPDATE accounts SET active = ? WHERE user_id = ?", (int(active), row["user_id"])
            )

    def set_website_access(self, username: str | None, allowed: bool, kind: Kind) -> None:
        """``reseller.manage method=website_*`` and ``PATCH .../website_access`` (v3)."""
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, kind)
            conn.execute(
                "UPDATE accounts SET website_access = ? WHERE user_id = ?",
                (int(allowed), row["user_id"]),
            )
