"""The ``/v3/user/*`` calls: the acting account's email, password and username.

A call acts for the parent, or with ``on-behalf-of`` for one of its subusers or Account
Provisioning accounts (:class:`~sendgrid_emulator.models.Actor`). The parent's username
is the emulator's configured ``api_user`` and cannot change (the v2 calls authenticate
with it).
"""

from __future__ import annotations

import sqlite3

from .accounts import AccountsBase
from .errors import FieldValidationError, UnknownOnBehalfOfError
from .models import CUSTOMER, FIELD_LIMITS, PARTNER_ACCOUNT, SUBUSER, Actor, Rules
from .owned import set_columns
from .passwords import hash_password, verify_password

#: The user id the parent reports for itself (accounts count from 1).
PARENT_USER_ID = 0

#: The fields of ``/v3/user/profile`` (each an ``accounts`` column) and their limits.
USER_PROFILE_LIMITS: dict[str, int] = {
    "address": FIELD_LIMITS["address"],
    "address2": FIELD_LIMITS["address"],
    "city": FIELD_LIMITS["city"],
    "company": FIELD_LIMITS["company"],
    "country": FIELD_LIMITS["country"],
    "first_name": FIELD_LIMITS["first_name"],
    "last_name": FIELD_LIMITS["last_name"],
    "phone": FIELD_LIMITS["phone"],
    "state": FIELD_LIMITS["state"],
    "website": FIELD_LIMITS["website"],
    "zip": FIELD_LIMITS["zip"],
}
USER_PROFILE_FIELDS = tuple(USER_PROFILE_LIMITS)


class UserCalls(AccountsBase):
    """``/v3/user/email``, ``/v3/user/password`` and ``/v3/user/username``."""

    @staticmethod
    def _acting(conn: sqlite3.Connection, actor: Actor) -> sqlite3.Row | None:
        """The ``accounts`` row the call acts for (``None``: the parent)."""
        if actor.is_parent:
            return None
        if actor.subuser is not None:
            # A v2 customer is a subuser of the parent too (the v2 pages call it so).
            row: sqlite3.Row | None = conn.execute(
                "SELECT * FROM accounts WHERE username = ? AND kind IN (?, ?)",
                (actor.subuser, SUBUSER, CUSTOMER),
            ).fetchone()
        else:
            row = conn.execute(
                "SELECT a.* FROM accounts a JOIN partner_accounts p ON p.user_id = a.user_id "
                "WHERE p.account_id = ? AND a.kind = ?",
                (actor.account_id, PARTNER_ACCOUNT),
            ).fetchone()
        if row is None:
            raise UnknownOnBehalfOfError()
        return row

    def acting_user_id(self, conn: sqlite3.Connection, actor: Actor) -> int | None:
        """The user id of the account the call acts for (``None``: the parent)."""
        row = self._acting(conn, actor)
        return None if row is None else int(row["user_id"])

    def user_email(self, actor: Actor) -> str:
        """``GET /v3/user/email``."""
        with self.store.transaction(write=False) as conn:
            row = self._acting(conn, actor)
            if row is None:
                return str(conn.execute("SELECT email FROM parent").fetchone()["email"])
            return str(row["email"])

    def set_user_email(self, actor: Actor, email: str | None) -> str:
        """``PUT /v3/user/email``: answers the new address."""
        rules = Rules()
        rules.email("email", email, FIELD_LIMITS["email"])
        rules.raise_if_any()
        with self.store.transaction(write=True) as conn:
            row = self._acting(conn, actor)
            if row is None:
                conn.execute("UPDATE parent SET email = ?", (email,))
            else:
                conn.execute(
                    "UPDATE accounts SET email = ? WHERE user_id = ?", (email, row["user_id"])
                )
        return str(email)

    def set_user_password(self, actor: Actor, old: str | None, new: str | None) -> None:
        """``PUT /v3/user/password``: ``old_password`` must be the current one."""
        rules = Rules()
        if not old:
            rules.add("old_password", "old_password is required")
        rules.password(new, None, need_confirm=False, name="new_password")
        rules.raise_if_any()
        assert old is not None and new is not None
        new_hash = hash_password(new)
        with self.store.transaction(write=True) as conn:
            row = self._acting(conn, actor)
            if row is None:
                current = str(conn.execute("SELECT password_hash FROM parent").fetchone()[0])
            else:
                current = str(row["password_hash"])
            if not verify_password(old, current):
                raise FieldValidationError.single("old_password", "old password does not match")
            if row is None:
                conn.execute("UPDATE parent SET password_hash = ?", (new_hash,))
            else:
                conn.execute(
                    "UPDATE accounts SET password_hash = ? WHERE user_id = ?",
                    (new_hash, row["user_id"]),
                )

    def user_username(self, actor: Actor) -> tuple[str, int]:
        """``GET /v3/user/username``: the username and the user id."""
        with self.store.transaction(write=False) as conn:
            row = self._acting(conn, actor)
        if row is None:
            return self.parent_username, PARENT_USER_ID
        return str(row["username"]), int(row["user_id"])

    def set_user_username(self, actor: Actor, username: str | None) -> str:
        """``PUT /v3/user/username``: the account keeps its user id; the old name is free."""
        rules = Rules()
        rules.username("username", username, FIELD_LIMITS["username"])
        rules.raise_if_any()
        assert username is not None
        with self.store.transaction(write=True) as conn:
            row = self._acting(conn, actor)
            if row is None:
                raise FieldValidationError.single(
                    "username", "the parent's username cannot be changed in the emulator"
                )
            self._rename(conn, row, username)
        return username

    def user_profile(self, actor: Actor) -> dict[str, str]:
        """``GET /v3/user/profile`` of a subuser or an Account Provisioning account."""
        with self.store.transaction(write=False) as conn:
            row = self._profile_row(conn, actor)
            return {name: str(row[name]) for name in USER_PROFILE_FIELDS}

    def update_user_profile(self, actor: Actor, fields: dict[str, str]) -> dict[str, str]:
        """``PATCH /v3/user/profile``: at least one field; answers the whole profile."""
        rules = Rules()
        if not fields:
            rules.add(None, "at least one profile field is required")
        for name, value in fields.items():
            rules.text(name, value, USER_PROFILE_LIMITS[name])
        rules.raise_if_any()
        with self.store.transaction(write=True) as conn:
            row = self._profile_row(conn, actor)
            set_columns(conn, "accounts", fields, "user_id", row["user_id"])
        return self.user_profile(actor)

    def _profile_row(self, conn: sqlite3.Connection, actor: Actor) -> sqlite3.Row:
        row = self._acting(conn, actor)
        if row is None:
            raise FieldValidationError.single(
                None, "the emulator keeps no profile for the parent: use on-behalf-of"
            )
        return row
