"""v3 subusers and their monitor settings."""

from __future__ import annotations

import sqlite3
from typing import Any

from .accounts import AccountsBase
from .errors import (
    AccountNotFoundError,
    FieldValidationError,
    InvalidUsernameError,
    MonitorExistsError,
    MonitorNotFoundError,
)
from .models import (
    FIELD_LIMITS,
    FREQUENCY_MAX,
    MONITOR_EMAIL_LIMIT,
    REGIONS,
    SUBUSER,
    Account,
    Monitor,
    Rules,
)
from .passwords import hash_password
from .store import declare_table, state_dump

declare_table(
    "monitors",
    """
    user_id INTEGER PRIMARY KEY REFERENCES accounts(user_id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    frequency INTEGER NOT NULL CHECK (frequency > 0)
""",
)


class SubuserCalls(AccountsBase):
    """``/v3/subusers`` and ``/v3/subusers/{name}/monitor``."""

    # --- v3 subusers -------------------------------------------------------------------

    def create_subuser(
        self,
        username: str | None,
        email: str | None,
        password: str | None,
        ips: list[str] | None,
        region: str | None,
    ) -> Account:
        """``POST /v3/subusers``."""
        rules = Rules()
        rules.username("username", username, FIELD_LIMITS["username"])
        rules.email("email", email, FIELD_LIMITS["email"])
        rules.password(password, None, need_confirm=False)
        if not ips:
            rules.add("ips", "ips is required: at least one IP of the parent")
        if region is not None and region not in REGIONS:
            rules.add("region", "region must be one of: global, eu")
        rules.raise_if_any()
        assert username is not None and ips is not None
        values: dict[str, object] = {
            "username": username,
            "kind": SUBUSER,
            "email": email,
            "password_hash": hash_password(str(password)),
            "region": region or "global",
        }
        with self.store.transaction(write=True) as conn:
            wanted = self._owned_ips(conn, ips, "ips")
            row = self._insert_account(conn, values)
            self._replace_ips(conn, int(row["user_id"]), wanted)
            return self._account(conn, row)

    def list_subusers(
        self, username_filter: str | None, limit: int, offset: int, region: str = "all"
    ) -> list[Account]:
        """``GET /v3/subusers``: substring filter on the username, region filter, paged."""
        if region not in ("all", *REGIONS):
            raise FieldValidationError.single("region", "region must be one of: all, global, eu")
        with self.store.transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT * FROM accounts WHERE kind = ? ORDER BY user_id", (SUBUSER,)
            ).fetchall()
            if region != "all":
                rows = [r for r in rows if r["region"] == region]
            if username_filter:
                needle = username_filter.casefold()
                rows = [r for r in rows if needle in str(r["username"]).casefold()]
            return [Account.from_row(r) for r in rows[offset : offset + limit]]

    def delete_subuser(self, username: str) -> None:
        """``DELETE /v3/subusers/{name}``: the account, its IPs, monitor, keys and credits go.

        The document answers 204 and nothing else: an unknown subuser is already gone.
        """
        with self.store.transaction(write=True) as conn:
            conn.execute(
                "DELETE FROM accounts WHERE username = ? AND kind = ?", (username, SUBUSER)
            )

    def set_subuser_disabled(self, username: str, disabled: bool) -> None:
        """``PATCH /v3/subusers/{name}``: an unknown subuser is ``invalid username`` (400)."""
        try:
            self.set_active(username, not disabled, SUBUSER)
        except AccountNotFoundError as exc:
            raise InvalidUsernameError(username) from exc

    def replace_subuser_ips(self, username: str, ips: list[str]) -> list[str]:
        """``PUT /v3/subusers/{name}/ips``: the subuser now sends from exactly these IPs.

        The answer keeps the caller's order (without duplicates), as the documentation shows.
        """
        if not ips:
            raise FieldValidationError.single(
                "ips", "ips is required: at least one IP of the parent"
            )
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, SUBUSER)
            wanted = self._owned_ips(conn, ips, "ips")
            self._replace_ips(conn, int(row["user_id"]), wanted)
        return wanted

    def reputations(self, usernames: list[str]) -> list[tuple[str, float]]:
        """``GET /v3/subusers/reputations``: known subusers only, in the order asked."""
        out: list[tuple[str, float]] = []
        seen: set[str] = set()
        with self.store.transaction(write=False) as conn:
            for name in usernames:
                row = conn.execute(
                    "SELECT username, reputation FROM accounts WHERE username = ? AND kind = ?",
                    (name, SUBUSER),
                ).fetchone()
                if row is not None and str(row["username"]) not in seen:
                    seen.add(str(row["username"]))
                    out.append((str(row["username"]), float(row["reputation"])))
        return out

    # --- v3 monitors -------------------------------------------------------------------

    @staticmethod
    def _check_monitor(email: str | None, frequency: int | None) -> None:
        rules = Rules()
        rules.email("email", email, MONITOR_EMAIL_LIMIT)
        if frequency is None:
            rules.add("frequency", "frequency is required")
        elif frequency <= 0 or frequency > FREQUENCY_MAX:
            rules.add("frequency", f"frequency must be an integer from 1 to {FREQUENCY_MAX}")
        rules.raise_if_any()

    def _monitor_of(
        self, conn: sqlite3.Connection, username: str
    ) -> tuple[sqlite3.Row, sqlite3.Row | None]:
        """The subuser's row and its monitor settings (``None``: it has none)."""
        row = self._row(conn, username, SUBUSER)
        found: sqlite3.Row | None = conn.execute(
            "SELECT email, frequency FROM monitors WHERE user_id = ?", (row["user_id"],)
        ).fetchone()
        return row, found

    def get_monitor(self, username: str) -> Monitor:
        """``GET /v3/subusers/{name}/monitor``."""
        with self.store.transaction(write=False) as conn:
            row, found = self._monitor_of(conn, username)
        if found is None:
            raise MonitorNotFoundError()
        return Monitor(str(row["username"]), str(found["email"]), int(found["frequency"]))

    def save_monitor(
        self, username: str, email: str | None, frequency: int | None, create: bool
    ) -> Monitor:
        """``POST`` (create=True) or ``PUT`` (create=False) ``/v3/subusers/{name}/monitor``."""
        with self.store.transaction(write=True) as conn:
            row, exists = self._monitor_of(conn, username)
            if create and exists:
                raise MonitorExistsError()
            if not create and not exists:
                raise MonitorNotFoundError()
            self._check_monitor(email, frequency)
            assert email is not None and frequency is not None
            conn.execute(
                "INSERT OR REPLACE INTO monitors (user_id, email, frequency) VALUES (?, ?, ?)",
                (row["user_id"], email, frequency),
            )
            return Monitor(str(row["username"]), email, frequency)

    def delete_monitor(self, username: str) -> None:
        """``DELETE /v3/subusers/{name}/monitor``."""
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, SUBUSER)
            cursor = conn.execute("DELETE FROM monitors WHERE user_id = ?", (row["user_id"],))
            if cursor.rowcount == 0:
                raise MonitorNotFoundError()

    @state_dump("monitors")
    def monitors_state(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        """Every monitor, for the state dump."""
        rows = conn.execute(
            "SELECT c.username AS username, m.email AS email, m.frequency AS frequency "
            "FROM monitors m JOIN accounts c ON c.user_id = m.user_id ORDER BY c.user_id"
        )
        return [
            Monitor(str(r["username"]), str(r["email"]), int(r["frequency"])).state() for r in rows
        ]
