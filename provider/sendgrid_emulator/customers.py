"""v2 customers: ``reseller.add``, ``reseller.delete`` and ``reseller.manage``."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from .accounts import AccountsBase
from .errors import (
    UsernameExistsError,
)
from .models import (
    CUSTOMER,
    DEFAULT_WHITELABEL,
    FIELD_LIMITS,
    PROFILE_FIELDS,
    SET_EMAIL_LIMIT,
    SET_USERNAME_LIMIT,
    Account,
    Rules,
    parse_billing_date,
    sort_ips,
)
from .passwords import hash_password

#: Fields ``reseller.manage method=profile task=set`` may change.
SETTABLE_PROFILE_FIELDS = (*PROFILE_FIELDS, "company")

#: Filters of ``reseller.manage method=profile task=get`` matched as substrings.
SUBSTRING_FILTERS = ("username", "email", *PROFILE_FIELDS, "company")

_REQUIRED_ON_ADD = ("username", "email", *PROFILE_FIELDS)


class CustomerCalls(AccountsBase):
    """The v2 customer management calls."""

    # --- v2 customers ------------------------------------------------------------------

    def add_customer(
        self, fields: Mapping[str, str | None], ips: list[str], ip_groups: list[str]
    ) -> Account:
        """``reseller.add``: create a customer (the rules of the customer management docs)."""
        rules = Rules()
        username = fields.get("username")
        rules.username("username", username, FIELD_LIMITS["username"])
        rules.password(fields.get("password"), fields.get("confirm_password"), need_confirm=True)
        rules.email("email", fields.get("email"), FIELD_LIMITS["email"])
        for name in _REQUIRED_ON_ADD:
            if name not in ("username", "email"):
                rules.text(name, fields.get(name), FIELD_LIMITS[name], required=True)
        for name in ("company", "package", "whitelabel"):
            rules.text(name, fields.get(name), FIELD_LIMITS[name])
        free_user = False
        raw_free = fields.get("free_user")
        if raw_free not in (None, ""):
            if str(raw_free).lower() not in ("true", "false"):
                rules.add("free_user", "free_user must be true or false")
            free_user = str(raw_free).lower() == "true"
        billing_date = None
        raw_date = fields.get("billing_date")
        if raw_date:
            billing_date = parse_billing_date(raw_date, rules)
        for group in ip_groups:
            if rules.text("ip_group[]", group, FIELD_LIMITS["ip_group[]"], required=True):
                # The emulated parent has no IP groups, so no group can belong to it.
                rules.add("ip_group[]", f"ip_group {group} does not belong to you")
        rules.raise_if_any()
        assert username is not None
        password_hash = hash_password(str(fields.get("password")))
        values: dict[str, object] = {
            "username": username,
            "kind": CUSTOMER,
            "email": fields.get("email"),
            "password_hash": password_hash,
            "company": fields.get("company") or "",
            "package": fields.get("package") or "",
            "whitelabel": fields.get("whitelabel") or DEFAULT_WHITELABEL,
            "free_user": int(free_user),
            "billing_date": billing_date,
        }
        for name in PROFILE_FIELDS:
            values[name] = fields.get(name) or ""
        with self.store.transaction(write=True) as conn:
            wanted = sort_ips(self._owned_ips(conn, ips, "ip[]"))
            row = self._insert_account(conn, values)
            self._replace_ips(conn, int(row["user_id"]), wanted)
            return self._account(conn, row)

    def delete_customer(self, username: str | None) -> None:
        """``reseller.delete``: remove a customer; its username stays reserved for ever."""
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, CUSTOMER)
            conn.execute("DELETE FROM accounts WHERE user_id = ?", (row["user_id"],))
            conn.execute(
                "INSERT OR IGNORE INTO reserved_usernames (username) VALUES (?)",
                (row["username"],),
            )

    def list_customers(
        self, filters: Mapping[str, str], limit: int | None, offset: int
    ) -> list[Account]:
        """``reseller.manage method=profile task=get`` with its filters and paging."""
        rules = Rules()
        wanted_active: bool | None = None
        if "active" in filters:
            value = filters["active"].lower()
            if value in ("true", "1"):
                wanted_active = True
            elif value in ("false", "0"):
                wanted_active = False
            else:
                rules.add("active", "active must be true or false")
        if "id" in filters and not filters["id"].isdigit():
            rules.add("id", "id must be an integer")
        rules.raise_if_any()
        with self.store.transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT * FROM accounts WHERE kind = ? ORDER BY user_id", (CUSTOMER,)
            ).fetchall()
            matched: list[sqlite3.Row] = []
            for row in rows:
                if "id" in filters and int(filters["id"]) != row["user_id"]:
                    continue
                if wanted_active is not None and bool(row["active"]) != wanted_active:
                    continue
                if all(
                    filters[name].casefold() in str(row[name]).casefold()
                    for name in SUBSTRING_FILTERS
                    if name in filters
                ):
                    matched.append(row)
            page = matched[offset:] if limit is None else matched[offset : offset + limit]
            return [self._account(conn, row) for row in page]

    def update_profile(self, username: str | None, fields: Mapping[str, str]) -> None:
        """``reseller.manage method=profile task=set``: change profile fields."""
        rules = Rules()
        for name, value in fields.items():
            rules.text(name, value, FIELD_LIMITS[name])
        rules.raise_if_any()
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, CUSTOMER)
            if fields:
                assignments = ", ".join(f"{name} = ?" for name in fields)
                conn.execute(
                    f"UPDATE accounts SET {assignments} WHERE user_id = ?",  # noqa: S608
                    (*fields.values(), row["user_id"]),
                )

    def set_username(self, username: str | None, new_username: str | None) -> None:
        """``reseller.manage method=profile task=setUsername``."""
        rules = Rules()
        rules.username("username", new_username, SET_USERNAME_LIMIT)
        if new_username and "sendgrid.com" in new_username.rsplit("@", 1)[-1].casefold():
            rules.add("username", "username cannot contain sendgrid.com in the domain name")
        rules.raise_if_any()
        assert new_username is not None
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, CUSTOMER)
            if str(row["username"]) == new_username:
                return
            if str(row["username"]).casefold() != new_username.casefold():
                self._check_username_free(conn, new_username)
            try:
                conn.execute(
                    "UPDATE accounts SET username = ? WHERE user_id = ?",
                    (new_username, row["user_id"]),
                )
            except sqlite3.IntegrityError as exc:
                raise UsernameExistsError(new_username) from exc

    def set_email(self, username: str | None, email: str | None) -> None:
        """``reseller.manage method=profile task=setEmail``."""
        rules = Rules()
        rules.email("email", email, SET_EMAIL_LIMIT)
        rules.raise_if_any()
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, CUSTOMER)
            conn.execute("UPDATE accounts SET email = ? WHERE user_id = ?", (email, row["user_id"]))

    def set_password(self, username: str | None, password: str | None, confirm: str | None) -> None:
        """``reseller.manage method=password``: store the hash of a new password."""
        rules = Rules()
        rules.password(password, confirm, need_confirm=True)
        rules.raise_if_any()
        password_hash = hash_password(str(password))
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, CUSTOMER)
            conn.execute(
                "UPDATE accounts SET password_hash = ? WHERE user_id = ?",
                (password_hash, row["user_id"]),
            )
