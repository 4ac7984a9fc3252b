"""State of the reseller's provisioned accounts, in the emulator's SQLite database.

Every public method is one API call in one transaction. The tables live beside the
emulator's own ones and are emptied by :meth:`PartnersBackend.reset`.
"""

from __future__ import annotations

import datetime
import json
import secrets
import sqlite3
from collections.abc import Mapping
from typing import Any, Protocol

from .errors import AccountNotFoundError, ForbiddenError, InvalidRequestError, Problem
from .models import (
    LOCKED_STATES,
    PROFILE_LIMITS,
    SETTABLE_STATES,
    STATES,
    USER_PROFILE_COLUMNS,
    USER_PROFILE_EXTRA,
    Offering,
    check_email,
    check_phone,
    check_url,
)

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS partner_accounts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL,
        test_account INTEGER NOT NULL DEFAULT 0,
        first_name TEXT NOT NULL DEFAULT '',
        last_name TEXT NOT NULL DEFAULT '',
        company_name TEXT NOT NULL DEFAULT '',
        company_website TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        timezone TEXT NOT NULL DEFAULT '',
        extra TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS partner_offerings (
        account_seq INTEGER NOT NULL REFERENCES partner_accounts(seq) ON DELETE CASCADE,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        PRIMARY KEY (account_seq, name)
    )""",
)


class TransactionalStore(Protocol):
    """What the backend needs of the emulator's store: one transaction per call."""

    def transaction(self, write: bool) -> Any:
        """A context manager yielding a connection inside one transaction."""


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _offering_rows(conn: sqlite3.Connection, seq: int) -> list[Offering]:
    rows = conn.execute(
        "SELECT name, type, quantity FROM partner_offerings WHERE account_seq = ? "
        "ORDER BY type DESC, name",
        (seq,),
    ).fetchall()
    return [Offering(str(r["name"]), r["type"], int(r["quantity"])) for r in rows]


class PartnersBackend:
    """Accounts, their state, offerings and profile: the rules of each call."""

    def __init__(self, store: TransactionalStore) -> None:
        self.store = store
        with store.transaction(write=True) as conn:
            for statement in _SCHEMA:
                conn.execute(statement)

    # --- helpers -------------------------------------------------------------------------

    @staticmethod
    def _row(conn: sqlite3.Connection, account_id: str) -> sqlite3.Row:
        row: sqlite3.Row | None = conn.execute(
            "SELECT * FROM partner_accounts WHERE id = ?", (account_id,)
        ).fetchone()
        if row is None:
            raise AccountNotFoundError(account_id)
        return row

    @staticmethod
    def _set_offerings(conn: sqlite3.Connection, seq: int, offerings: list[Offering]) -> None:
        conn.execute("DELETE FROM partner_offerings WHERE account_seq = ?", (seq,))
        conn.executemany(
            "INSERT INTO partner_offerings (account_seq, name, type, quantity) VALUES (?,?,?,?)",
            [(seq, o.name, o.type, o.quantity) for o in offerings],
        )

    # --- the calls -----------------------------------------------------------------------

    def create(
        self, offerings: list[Offering], profile: Mapping[str, str], test_account: bool
    ) -> str:
        """``POST /v3/partners/accounts``: a new activated account; returns its id."""
        account_id = "sg" + secrets.token_hex(16)
        now = _now()
        columns = ["id", "state", "test_account", "created_at", "updated_at", *profile]
        values = [account_id, "activated", int(test_account), now, now, *profile.values()]
        statement = (
            f"INSERT INTO partner_accounts ({', '.join(columns)}) "  # noqa: S608 (fixed names)
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        with self.store.transaction(write=True) as conn:
            cursor = conn.execute(statement, values)
            assert cursor.lastrowid is not None
            self._set_offerings(conn, cursor.lastrowid, offerings)
        return account_id

    def list_accounts(
        self, after: str | None, limit: int
    ) -> tuple[list[dict[str, str]], str | None]:
        """One page of accounts after the account ``after``; and the next page's start."""
        with self.store.transaction(write=False) as conn:
            start = 0
            if after:
                row = conn.execute(
                    "SELECT seq FROM partner_accounts WHERE id = ?", (after,)
                ).fetchone()
                if row is None:
                    raise InvalidRequestError.single(
                        "offset", "offset must be the id of an account", "10-40012"
                    )
                start = int(row["seq"])
            rows = conn.execute(
                "SELECT id, email, created_at, updated_at FROM partner_accounts "
                "WHERE seq > ? ORDER BY seq LIMIT ?",
                (start, limit + 1),
            ).fetchall()
        page = [
            {
                "id": str(r["id"]),
                "email": str(r["email"]),
                "created_at": str(r["created_at"]),
                "updated_at": str(r["updated_at"]),
            }
            for r in rows[:limit]
        ]
        more = len(rows) > limit
        return page, (page[-1]["id"] if more and page else None)

    def delete(self, account_id: str) -> None:
        """``DELETE /v3/partners/accounts/{id}``: gone for good."""
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, account_id)
            conn.execute("DELETE FROM partner_accounts WHERE seq = ?", (row["seq"],))

    def get_state(self, account_id: str) -> str:
        """``GET .../state``."""
        with self.store.transaction(write=False) as conn:
            return str(self._row(conn, account_id)["state"])

    def set_state(self, account_id: str, state: str) -> None:
        """``PUT .../state``: activated or deactivated, unless SendGrid locked the account."""
        if state not in SETTABLE_STATES:
            raise InvalidRequestError.single(
                "state", "state must be one of activated, deactivated", "10-40013"
            )
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, account_id)
            if row["state"] in LOCKED_STATES:
                raise ForbiddenError(
                    f"account {account_id} is {row['state']}: its state cannot be changed"
                )
            conn.execute(
                "UPDATE partner_accounts SET state = ?, updated_at = ? WHERE seq = ?",
                (state, _now(), row["seq"]),
            )

    def force_state(self, account_id: str, state: str) -> None:
        """Control call: put the account in any state (SendGrid suspends and bans)."""
        if state not in STATES:
            raise InvalidRequestError.single("state", f"state must be one of {', '.join(STATES)}")
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, account_id)
            conn.execute(
                "UPDATE partner_accounts SET state = ?, updated_at = ? WHERE seq = ?",
                (state, _now(), row["seq"]),
            )

    def get_offerings(self, account_id: str) -> list[Offering]:
        """``GET .../offerings``."""
        with self.store.transaction(write=False) as conn:
            return _offering_rows(conn, int(self._row(conn, account_id)["seq"]))

    def set_offerings(self, account_id: str, offerings: list[Offering]) -> list[Offering]:
        """``PUT .../offerings``: the account's offerings become exactly these."""
        with self.store.transaction(write=True) as conn:
            seq = int(self._row(conn, account_id)["seq"])
            self._set_offerings(conn, seq, offerings)
            conn.execute("UPDATE partner_accounts SET updated_at = ? WHERE seq = ?", (_now(), seq))
            return _offering_rows(conn, seq)

    def user_profile(self, account_id: str) -> dict[str, str]:
        """``GET /v3/user/profile`` on behalf of the account."""
        with self.store.transaction(write=False) as conn:
            return self._user_profile(self._row(conn, account_id))

    @staticmethod
    def _user_profile(row: sqlite3.Row) -> dict[str, str]:
        extra: dict[str, str] = json.loads(row["extra"])
        body = {name: str(row[column]) for name, column in USER_PROFILE_COLUMNS.items()}
        body.update({name: str(extra.get(name, "")) for name in USER_PROFILE_EXTRA})
        return dict(sorted(body.items()))

    def update_user_profile(self, account_id: str, fields: Mapping[str, Any]) -> dict[str, str]:
        """``PATCH /v3/user/profile`` on behalf of the account: at least one field."""
        allowed = (*USER_PROFILE_COLUMNS, *USER_PROFILE_EXTRA)
        problems = [
            Problem(f"{k} is not a valid field", k, "10-40001") for k in fields if k not in allowed
        ]
        problems += [
            Problem(f"{k} must be a string", k, "10-40001")
            for k, v in fields.items()
            if k in allowed and not isinstance(v, str)
        ]
        if not fields:
            problems.append(Problem("at least one field must be given", "", "10-40001"))
        if not problems:
            for name, value in fields.items():
                column = USER_PROFILE_COLUMNS.get(name)
                if column is None:
                    continue
                if len(value) > PROFILE_LIMITS[column]:
                    problems.append(
                        Problem(
                            f"{name} must be at most {PROFILE_LIMITS[column]} characters",
                            name,
                            "10-40009",
                        )
                    )
                elif column == "phone" and value:
                    problems += [p for p in [check_phone(value, name)] if p]
                elif column == "company_website" and value:
                    problems += [p for p in [check_url(value, name)] if p]
        if problems:
            raise InvalidRequestError(problems)
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, account_id)
            extra: dict[str, str] = json.loads(row["extra"])
            extra.update({k: v for k, v in fields.items() if k in USER_PROFILE_EXTRA})
            sets = {
                USER_PROFILE_COLUMNS[k]: v for k, v in fields.items() if k in USER_PROFILE_COLUMNS
            }
            sets.update(extra=json.dumps(extra), updated_at=_now())
            assignments = ", ".join(f"{column} = ?" for column in sets)
            conn.execute(
                f"UPDATE partner_accounts SET {assignments} WHERE seq = ?",  # noqa: S608 (fixed names)
                (*sets.values(), row["seq"]),
            )
            return self._user_profile(self._row(conn, account_id))

    def user_email(self, account_id: str) -> str:
        """``GET /v3/user/email`` on behalf of the account."""
        with self.store.transaction(write=False) as conn:
            return str(self._row(conn, account_id)["email"])

    def set_user_email(self, account_id: str, email: Any) -> str:
        """``PUT /v3/user/email`` on behalf of the account."""
        if not isinstance(email, str):
            raise InvalidRequestError.single("email", "email is required", "10-40001")
        problem = check_email(email)
        if problem is not None:
            raise InvalidRequestError([problem])
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, account_id)
            conn.execute(
                "UPDATE partner_accounts SET email = ?, updated_at = ? WHERE seq = ?",
                (email, _now(), row["seq"]),
            )
        return email

    # --- control -------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every account."""
        with self.store.transaction(write=True) as conn:
            conn.execute("DELETE FROM partner_offerings")
            conn.execute("DELETE FROM partner_accounts")

    def state(self) -> list[dict[str, Any]]:
        """Every account: its listing, state, offerings and test flag (the state dump)."""
        with self.store.transaction(write=False) as conn:
            rows = conn.execute("SELECT * FROM partner_accounts ORDER BY seq").fetchall()
            return [
                {
                    "id": str(r["id"]),
                    "email": str(r["email"]),
                    "created_at": str(r["created_at"]),
                    "updated_at": str(r["updated_at"]),
                    "state": str(r["state"]),
                    "offerings": [o.body() for o in _offering_rows(conn, int(r["seq"]))],
                    "test_account": bool(r["test_account"]),
                    "profile": {name: str(r[name]) for name in PROFILE_LIMITS},
                }
                for r in rows
            ]
