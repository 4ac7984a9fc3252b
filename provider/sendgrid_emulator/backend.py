"""The emulator's model layer: accounts, IP inventory, monitors and their rules.

Every public method is one call of the API and runs in one SQLite transaction. Methods
take plain values already parsed from the wire, check the documented rules and raise the
typed errors of :mod:`sendgrid_emulator.errors`; they know nothing of HTTP.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from .errors import (
    AccountNotFoundError,
    FieldValidationError,
    MonitorExistsError,
    MonitorNotFoundError,
    UsernameExistsError,
    UsernameReservedError,
)
from .models import (
    CUSTOMER,
    DEFAULT_WHITELABEL,
    FIELD_LIMITS,
    FREQUENCY_MAX,
    MONITOR_EMAIL_LIMIT,
    PROFILE_FIELDS,
    REGIONS,
    SET_EMAIL_LIMIT,
    SET_USERNAME_LIMIT,
    SUBUSER,
    Account,
    Kind,
    Monitor,
    Rules,
    parse_billing_date,
    sort_ips,
)
from .passwords import hash_password
from .store import Store

IpList = Literal["all", "free", "taken", "available"]
AssignMode = Literal["specify", "all", "none"]

#: The default IP inventory of the parent: documentation ranges only (RFC 5737).
DEFAULT_IPS: tuple[str, ...] = (
    *(f"192.0.2.{n}" for n in range(10, 30)),
    *(f"198.51.100.{n}" for n in range(10, 20)),
    *(f"203.0.113.{n}" for n in range(10, 20)),
)

#: Fields ``reseller.manage method=profile task=set`` may change.
SETTABLE_PROFILE_FIELDS = (*PROFILE_FIELDS, "company")

#: Filters of ``reseller.manage method=profile task=get`` matched as substrings.
SUBSTRING_FILTERS = ("username", "email", *PROFILE_FIELDS, "company")

_REQUIRED_ON_ADD = ("username", "email", *PROFILE_FIELDS)


class Backend:
    """State and rules of one emulated parent account."""

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

    def set_active(self, username: str | None, active: bool, kind: Kind) -> None:
        """``reseller.manage method=enable/disable`` and ``PATCH /v3/subusers/{name}``."""
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, kind)
            conn.execute(
                "UPDATE accounts SET active = ? WHERE user_id = ?", (int(active), row["user_id"])
            )

    def set_website_access(self, username: str | None, allowed: bool) -> None:
        """``reseller.manage method=website_enable/website_disable``."""
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, CUSTOMER)
            conn.execute(
                "UPDATE accounts SET website_access = ? WHERE user_id = ?",
                (int(allowed), row["user_id"]),
            )

    # --- IPs ---------------------------------------------------------------------------

    def ip_list(self, which: IpList, ip_filter: str | None = None) -> list[str]:
        """All, free, taken or available IPs of the parent.

        Taken: assigned to at least one account. Free: not taken. Available: free, or
        taken only by inactive (disabled) accounts.
        """
        with self.store.transaction(write=False) as conn:
            inventory = [str(r["ip"]) for r in conn.execute("SELECT ip FROM ips")]
            users: dict[str, list[bool]] = {}
            for r in conn.execute(
                "SELECT a.ip AS ip, c.active AS active FROM assignments a "
                "JOIN accounts c ON c.user_id = a.user_id"
            ):
                users.setdefault(str(r["ip"]), []).append(bool(r["active"]))
        out: list[str] = []
        for ip in inventory:
            if ip_filter and ip_filter not in ip:
                continue
            holders = users.get(ip, [])
            if (
                which == "all"
                or (which == "free" and not holders)
                or (which == "taken" and holders)
                or (which == "available" and not any(holders))
            ):
                out.append(ip)
        return sort_ips(out)

    def ip_usage(
        self, ip_filter: str | None, user_filter: str | None, group_filter: str | None
    ) -> list[tuple[str, str]]:
        """``reseller.ip task=usage``: every (ip, username) assignment."""
        if group_filter:
            # The emulated parent has no IP groups: a group filter matches nothing.
            return []
        with self.store.transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT a.ip AS ip, c.username AS username FROM assignments a "
                "JOIN accounts c ON c.user_id = a.user_id"
            ).fetchall()
        pairs = [
            (str(r["ip"]), str(r["username"]))
            for r in rows
            if (not ip_filter or ip_filter in str(r["ip"]))
            and (not user_filter or user_filter.casefold() in str(r["username"]).casefold())
        ]
        order = {ip: n for n, ip in enumerate(sort_ips([p[0] for p in pairs]))}
        return sorted(pairs, key=lambda p: (order[p[0]], p[1].casefold()))

    def account_ips(self, username: str | None) -> list[str]:
        """``customer.sendip task=list``: the IPs of a customer or a subuser."""
        with self.store.transaction(write=False) as conn:
            row = self._row(conn, username, None)
            return self._ips_of(conn, int(row["user_id"]))

    def assign_ips(self, username: str | None, mode: AssignMode, ips: list[str]) -> list[str]:
        """``customer.sendip task=append``: replace the account's IPs.

        ``specify`` sets exactly the given IPs, ``all`` every IP of the parent, ``none``
        removes them all.
        """
        if mode == "specify" and not ips:
            raise FieldValidationError.single("ip[]", "ip[] is required when set=specify")
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, None)
            if mode == "specify":
                wanted = sort_ips(self._owned_ips(conn, ips, "ip[]"))
            elif mode == "all":
                wanted = sort_ips([str(r["ip"]) for r in conn.execute("SELECT ip FROM ips")])
            else:
                wanted = []
            self._replace_ips(conn, int(row["user_id"]), wanted)
            return wanted

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

    def list_subusers(self, username_filter: str | None, limit: int, offset: int) -> list[Account]:
        """``GET /v3/subusers``: substring filter on the username, paged."""
        with self.store.transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT * FROM accounts WHERE kind = ? ORDER BY user_id", (SUBUSER,)
            ).fetchall()
            if username_filter:
                needle = username_filter.casefold()
                rows = [r for r in rows if needle in str(r["username"]).casefold()]
            return [Account.from_row(r) for r in rows[offset : offset + limit]]

    def delete_subuser(self, username: str) -> None:
        """``DELETE /v3/subusers/{name}``: the account, its IPs and its monitor go."""
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, SUBUSER)
            conn.execute("DELETE FROM accounts WHERE user_id = ?", (row["user_id"],))

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

    def get_monitor(self, username: str) -> Monitor:
        """``GET /v3/subusers/{name}/monitor``."""
        with self.store.transaction(write=False) as conn:
            row = self._row(conn, username, SUBUSER)
            found = conn.execute(
                "SELECT email, frequency FROM monitors WHERE user_id = ?", (row["user_id"],)
            ).fetchone()
        if found is None:
            raise MonitorNotFoundError()
        return Monitor(str(row["username"]), str(found["email"]), int(found["frequency"]))

    def save_monitor(
        self, username: str, email: str | None, frequency: int | None, create: bool
    ) -> Monitor:
        """``POST`` (create=True) or ``PUT`` (create=False) ``/v3/subusers/{name}/monitor``."""
        with self.store.transaction(write=True) as conn:
            row = self._row(conn, username, SUBUSER)
            exists = conn.execute(
                "SELECT 1 FROM monitors WHERE user_id = ?", (row["user_id"],)
            ).fetchone()
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

    # --- control -----------------------------------------------------------------------

    def reset(self) -> None:
        """Rebuild the state: no accounts, no reservations, the default IP inventory."""
        self.store.rebuild()

    def add_ips(self, ips: list[str]) -> list[str]:
        """Add IPs to the parent's inventory; return those that were new."""
        rules = Rules()
        normalised = [ip for ip in (rules.ip("ips", str(raw)) for raw in ips) if ip]
        rules.raise_if_any()
        added: list[str] = []
        with self.store.transaction(write=True) as conn:
            for ip in sort_ips(normalised):
                cursor = conn.execute("INSERT OR IGNORE INTO ips (ip) VALUES (?)", (ip,))
                if cursor.rowcount:
                    added.append(ip)
        return added

    def state(self) -> dict[str, Any]:
        """Dump the whole state for tests and demos (never passwords or hashes)."""
        with self.store.transaction(write=False) as conn:
            rows = conn.execute("SELECT * FROM accounts ORDER BY user_id").fetchall()
            accounts = [self._account(conn, row) for row in rows]
            inventory = [str(r["ip"]) for r in conn.execute("SELECT ip FROM ips")]
            monitors = [
                Monitor(str(r["username"]), str(r["email"]), int(r["frequency"]))
                for r in conn.execute(
                    "SELECT c.username AS username, m.email AS email, m.frequency AS frequency "
                    "FROM monitors m JOIN accounts c ON c.user_id = m.user_id ORDER BY c.user_id"
                )
            ]
            reserved = sorted(
                str(r["username"]) for r in conn.execute("SELECT username FROM reserved_usernames")
            )
        holders: dict[str, list[str]] = {}
        for account in accounts:
            for ip in account.ips:
                holders.setdefault(ip, []).append(account.username)
        return {
            "accounts": [a.state() for a in accounts],
            "ips": [{"ip": ip, "users": holders.get(ip, [])} for ip in sort_ips(inventory)],
            "monitors": [m.state() for m in monitors],
            "reserved_usernames": reserved,
        }
