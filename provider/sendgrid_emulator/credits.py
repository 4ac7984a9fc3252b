"""Subuser credits: ``GET``/``PUT /v3/subusers/{name}/credits`` and ``.../credits/remaining``.

``unlimited`` has no total and no reset; ``recurring`` resets to ``total`` every
``reset_frequency``; ``nonrecurring`` is set to ``total`` once. The emulator sends no
mail, so ``used`` stays 0 until a new allocation and ``remain`` moves only through
``PATCH .../credits/remaining``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from .accounts import AccountsBase
from .errors import AccountNotFoundError, CreditsUserNotFoundError, FieldValidationError
from .models import SUBUSER, Rules
from .store import declare_table, state_dump

CREDIT_TYPES = ("unlimited", "recurring", "nonrecurring")
RESET_FREQUENCIES = ("monthly", "weekly", "daily")
CREDITS_MAX = 2**31 - 1


declare_table(
    "credits",
    """
    user_id INTEGER PRIMARY KEY REFERENCES accounts(user_id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('unlimited', 'recurring', 'nonrecurring')),
    reset_frequency TEXT,
    total INTEGER,
    remain INTEGER,
    used INTEGER NOT NULL DEFAULT 0
""",
)


@dataclass
class Credits:
    """The credit allocation of one subuser."""

    type: str
    reset_frequency: str | None = None
    total: int | None = None
    remain: int | None = None
    used: int = 0

    def body(self) -> dict[str, Any]:
        """Return the documented body: ``total``/``used`` only for ``recurring``."""
        recurring = self.type == "recurring"
        return {
            "type": self.type,
            "reset_frequency": self.reset_frequency if recurring else None,
            "remain": None if self.type == "unlimited" else self.remain,
            "total": self.total if recurring else None,
            "used": self.used if recurring else None,
        }


def check_credits(kind: str | None, total: int | None, reset_frequency: str | None) -> Credits:
    """Check a ``PUT .../credits`` body against the rules of its ``type``."""
    rules = Rules()
    if kind not in CREDIT_TYPES:
        rules.add("type", "Type should be set to 'recurring', 'nonrecurring', or 'unlimited'")
        rules.raise_if_any()
    if kind == "unlimited":
        if total is not None:
            rules.add("total", "total must not be given when type is unlimited")
        if reset_frequency is not None:
            rules.add("reset_frequency", "reset_frequency is only for type recurring")
    else:
        if total is None:
            rules.add("total", f"total is required when type is {kind}")
        elif not 1 <= total <= CREDITS_MAX:
            rules.add("total", f"total must be an integer from 1 to {CREDITS_MAX}")
        if kind == "recurring" and reset_frequency not in RESET_FREQUENCIES:
            rules.add(
                "reset_frequency",
                "reset_frequency is required for type recurring: monthly, weekly or daily",
            )
        if kind == "nonrecurring" and reset_frequency is not None:
            rules.add("reset_frequency", "reset_frequency is only for type recurring")
    rules.raise_if_any()
    assert kind is not None
    return Credits(kind, reset_frequency, total, total, 0)


class CreditCalls(AccountsBase):
    """A subuser's credit allocation."""

    def _credits_owner(self, conn: sqlite3.Connection, username: str) -> int:
        try:
            return int(self._row(conn, username, SUBUSER)["user_id"])
        except AccountNotFoundError as exc:
            raise CreditsUserNotFoundError(username) from exc

    @staticmethod
    def _read_credits(conn: sqlite3.Connection, user_id: int) -> Credits:
        row = conn.execute("SELECT * FROM credits WHERE user_id = ?", (user_id,)).fetchone()
        if row is None:
            return Credits("unlimited")
        return Credits(
            str(row["type"]), row["reset_frequency"], row["total"], row["remain"], int(row["used"])
        )

    def get_credits(self, username: str) -> Credits:
        """``GET /v3/subusers/{name}/credits`` (``unlimited`` until set)."""
        with self.store.transaction(write=False) as conn:
            return self._read_credits(conn, self._credits_owner(conn, username))

    def set_credits(self, username: str, credits: Credits) -> Credits:
        """``PUT /v3/subusers/{name}/credits``: a new allocation, ``remain`` = ``total``."""
        with self.store.transaction(write=True) as conn:
            user_id = self._credits_owner(conn, username)
            conn.execute(
                "INSERT OR REPLACE INTO credits (user_id, type, reset_frequency, total, remain, "
                "used) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    user_id,
                    credits.type,
                    credits.reset_frequency,
                    credits.total,
                    credits.remain,
                    credits.used,
                ),
            )
            return self._read_credits(conn, user_id)

    def adjust_remaining(self, username: str, update: int) -> Credits:
        """``PATCH /v3/subusers/{name}/credits/remaining``: add ``allocation_update``."""
        with self.store.transaction(write=True) as conn:
            user_id = self._credits_owner(conn, username)
            current = self._read_credits(conn, user_id)
            if current.type == "unlimited" or current.remain is None:
                raise FieldValidationError.single(
                    "allocation_update", "the subuser's credits are unlimited"
                )
            remain = current.remain + update
            if not 0 <= remain <= CREDITS_MAX:
                raise FieldValidationError.single(
                    "allocation_update", "the remaining credits cannot go below 0"
                )
            conn.execute("UPDATE credits SET remain = ? WHERE user_id = ?", (remain, user_id))
            return self._read_credits(conn, user_id)

    @state_dump("credits")
    def credits_state(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        """Every subuser allocation that is not the default, for the state dump."""
        rows = conn.execute(
            "SELECT a.username AS username, c.user_id AS user_id FROM credits c "
            "JOIN accounts a ON a.user_id = c.user_id ORDER BY c.user_id"
        ).fetchall()
        return [
            {"username": str(r["username"]), **self._read_credits(conn, int(r["user_id"])).body()}
            for r in rows
        ]
