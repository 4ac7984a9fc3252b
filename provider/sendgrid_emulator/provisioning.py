"""Account Provisioning accounts (``/v3/partners/accounts``): offerings, state, profile.

Each account is also a row of ``accounts`` (kind ``account``, its id as username), so the
``/v3/user/*`` calls made ``on-behalf-of: account-id <id>`` read and change its profile.
An account has exactly one package and any add-ons of the catalog. Its state is
``activated`` or ``deactivated`` through the API; ``suspended``, ``banned`` and
``indeterminate`` are set by SendGrid (here: by the control API) and then lock the state.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import sqlite3
import zoneinfo
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .accounts import AccountsBase
from .catalog import CATALOG_BY_NAME
from .errors import AccountStateLockedError, FieldValidationError, PartnerAccountNotFoundError
from .models import PARTNER_ACCOUNT, Rules
from .passwords import hash_password
from .store import declare_table, state_dump

#: States the API may set, and every state an account can be in.
WRITABLE_STATES = ("activated", "deactivated")
STATES = ("activated", "deactivated", "suspended", "banned", "indeterminate")
LIST_DEFAULT = 10
LIST_MAX = 100
QUANTITY_MAX = 1000

#: Profile field -> ``accounts`` column.
PROFILE_COLUMNS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "company_name": "company",
    "company_website": "website",
    "email": "email",
    "phone": "phone",
    "timezone": "timezone",
}
PROFILE_LIMITS = {
    "first_name": 50,
    "last_name": 50,
    "company_name": 255,
    "company_website": 255,
    "email": 255,
}
EMAIL_MESSAGE = "Field must be a valid email"
PHONE_MESSAGE = (
    "Field must be formatted using the E.164 standard consisting of [+] [country code] "
    "[subscriber number including area code] and can have a maximum of fifteen digits."
)
URL_MESSAGE = "Field must be a valid URL"
TIMEZONE_MESSAGE = "Field must be an Area/Location of the IANA Time Zone database"

_E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


declare_table(
    "partner_accounts",
    """
    account_id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL UNIQUE REFERENCES accounts(user_id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    offerings TEXT NOT NULL,
    test_account INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL
""",
)


@dataclass(frozen=True)
class Offering:
    """One offering of an account: a catalog name, its type and a quantity."""

    name: str
    type: str
    quantity: int

    def body(self) -> dict[str, Any]:
        """Return the documented offering object."""
        return {"name": self.name, "type": self.type, "quantity": self.quantity}


@dataclass
class PartnerAccount:
    """An Account Provisioning account."""

    account_id: str
    email: str
    state: str
    offerings: list[Offering]
    test_account: bool
    created_at: str
    updated_at: str

    def listing(self) -> dict[str, Any]:
        """Return the ``GET /v3/partners/accounts`` entry."""
        return {
            "id": self.account_id,
            "email": self.email,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    def state_body(self) -> dict[str, Any]:
        """Return the control API's view."""
        return {
            **self.listing(),
            "state": self.state,
            "offerings": [o.body() for o in self.offerings],
            "test_account": self.test_account,
        }


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_offerings(raw: Any) -> list[Offering]:
    """Check an ``offerings`` array: catalog names, types, quantities, one package."""
    rules = Rules()
    if not isinstance(raw, list) or not raw:
        rules.add("offerings", "offerings is required: a list with one package")
        rules.raise_if_any()
    out: list[Offering] = []
    for n, item in enumerate(raw):
        where = f"offerings[{n}]"
        if not isinstance(item, dict) or set(item) - {"name", "type", "quantity"}:
            rules.add(where, f"{where} must be an object with name, type and quantity")
            continue
        name, kind, quantity = item.get("name"), item.get("type"), item.get("quantity", 1)
        entry = CATALOG_BY_NAME.get(name) if isinstance(name, str) else None
        if kind not in ("package", "addon"):
            rules.add(f"{where}.type", "type must be package or addon")
        if entry is None:
            rules.add(f"{where}.name", f"offering {name} is not in the catalog")
        elif kind in ("package", "addon") and entry.type != kind:
            rules.add(f"{where}.type", f"offering {name} is a {entry.type}, not a {kind}")
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            rules.add(f"{where}.quantity", "quantity must be an integer")
        elif kind == "package" and quantity != 1:
            rules.add(f"{where}.quantity", "quantity must be 1 for a package")
        elif not 1 <= quantity <= QUANTITY_MAX:
            rules.add(f"{where}.quantity", f"quantity must be from 1 to {QUANTITY_MAX}")
        if isinstance(name, str) and any(o.name == name for o in out):
            rules.add(f"{where}.name", f"offering {name} is given more than once")
        if entry is not None and isinstance(quantity, int) and not isinstance(quantity, bool):
            out.append(Offering(entry.name, entry.type, quantity))
    rules.raise_if_any()
    packages = [o for o in out if o.type == "package"]
    if len(packages) != 1:
        raise FieldValidationError.single(
            "offerings", f"an account must have exactly one package offering, not {len(packages)}"
        )
    return out


def check_profile(raw: Any) -> dict[str, str]:
    """Check a ``profile`` object: email, E.164 phone, URL, IANA timezone, lengths."""
    if raw is None:
        return {}
    rules = Rules()
    if not isinstance(raw, dict):
        raise FieldValidationError.single("profile", "profile must be an object")
    out: dict[str, str] = {}
    for name, value in raw.items():
        if name not in PROFILE_COLUMNS:
            rules.add(name, f"{name} is not a valid profile field")
        elif not isinstance(value, str):
            rules.add(name, f"{name} must be a string")
        elif rules.text(name, value, PROFILE_LIMITS.get(name, 255)) and value:
            out[name] = value
    email, phone = out.get("email"), out.get("phone")
    if email is not None and not _EMAIL.match(email):
        rules.add("email", EMAIL_MESSAGE)
    if phone is not None and not _E164.match(phone):
        rules.add("phone", PHONE_MESSAGE)
    website = out.get("company_website")
    if website is not None:
        parts = urlsplit(website)
        if parts.scheme not in ("http", "https") or "." not in parts.netloc:
            rules.add("company_website", URL_MESSAGE)
    timezone = out.get("timezone")
    if timezone is not None:
        try:
            valid = "/" in timezone and zoneinfo.ZoneInfo(timezone) is not None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            valid = False
        if not valid:
            rules.add("timezone", TIMEZONE_MESSAGE)
    rules.raise_if_any()
    return out


class PartnerCalls(AccountsBase):
    """The Account Provisioning calls."""

    _ACCOUNTS_SELECT = (
        "SELECT p.*, a.email AS email, a.created_at AS created_at FROM partner_accounts p "
        "JOIN accounts a ON a.user_id = p.user_id"
    )

    @staticmethod
    def _partner(row: sqlite3.Row) -> PartnerAccount:
        offerings = [Offering(**o) for o in json.loads(str(row["offerings"]))]
        return PartnerAccount(
            str(row["account_id"]),
            str(row["email"]),
            str(row["state"]),
            offerings,
            bool(row["test_account"]),
            str(row["created_at"]),
            str(row["updated_at"]),
        )

    def _partner_row(self, conn: sqlite3.Connection, account_id: str) -> sqlite3.Row:
        row: sqlite3.Row | None = conn.execute(
            f"{self._ACCOUNTS_SELECT} WHERE p.account_id = ?",
            (account_id,),
        ).fetchone()
        if row is None:
            raise PartnerAccountNotFoundError(account_id)
        return row

    def create_partner_account(
        self, offerings: list[Offering], profile: dict[str, str], test_account: bool
    ) -> str:
        """``POST /v3/partners/accounts``: the new account's id."""
        account_id = "sg" + secrets.token_hex(16)
        values: dict[str, object] = {
            "username": account_id,
            "kind": PARTNER_ACCOUNT,
            "email": "",
            "password_hash": hash_password(secrets.token_urlsafe(16)),
        }
        for name, value in profile.items():
            values[PROFILE_COLUMNS[name]] = value
        now = _now()
        with self.store.transaction(write=True) as conn:
            row = self._insert_account(conn, values)
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM partner_accounts").fetchone()[
                0
            ]
            conn.execute(
                "INSERT INTO partner_accounts (account_id, user_id, state, offerings, "
                "test_account, seq, updated_at) VALUES (?, ?, 'activated', ?, ?, ?, ?)",
                (
                    account_id,
                    row["user_id"],
                    json.dumps([o.body() for o in offerings]),
                    int(test_account),
                    seq,
                    now,
                ),
            )
        return account_id

    def list_partner_accounts(
        self, after: str | None, limit: int
    ) -> tuple[list[PartnerAccount], str | None]:
        """``GET /v3/partners/accounts``: a page after ``after``, and the next ``offset``."""
        with self.store.transaction(write=False) as conn:
            start = 0
            if after:
                start = int(self._partner_row(conn, after)["seq"])
            rows = conn.execute(
                f"{self._ACCOUNTS_SELECT} WHERE p.seq > ? ORDER BY p.seq LIMIT ?",
                (start, limit + 1),
            ).fetchall()
        page = [self._partner(r) for r in rows[:limit]]
        more = len(rows) > limit
        return page, (page[-1].account_id if more and page else None)

    def get_partner_account(self, account_id: str) -> PartnerAccount:
        """One account (state, offerings) by id."""
        with self.store.transaction(write=False) as conn:
            return self._partner(self._partner_row(conn, account_id))

    def delete_partner_account(self, account_id: str) -> None:
        """``DELETE /v3/partners/accounts/{id}``: irreversible; its keys go with it."""
        with self.store.transaction(write=True) as conn:
            row = self._partner_row(conn, account_id)
            conn.execute("DELETE FROM accounts WHERE user_id = ?", (row["user_id"],))

    def set_partner_state(self, account_id: str, state: str | None, control: bool = False) -> None:
        """``PUT .../state`` (activated / deactivated), or any state from the control API."""
        allowed = STATES if control else WRITABLE_STATES
        if state not in allowed:
            raise FieldValidationError.single(
                "state", f"state must be one of: {', '.join(allowed)}"
            )
        with self.store.transaction(write=True) as conn:
            row = self._partner_row(conn, account_id)
            current = str(row["state"])
            if not control and current not in WRITABLE_STATES:
                raise AccountStateLockedError(current)
            conn.execute(
                "UPDATE partner_accounts SET state = ?, updated_at = ? WHERE account_id = ?",
                (state, _now(), account_id),
            )

    def set_partner_offerings(self, account_id: str, offerings: list[Offering]) -> list[Offering]:
        """``PUT .../offerings``: the account's offerings are now exactly these."""
        with self.store.transaction(write=True) as conn:
            self._partner_row(conn, account_id)
            conn.execute(
                "UPDATE partner_accounts SET offerings = ?, updated_at = ? WHERE account_id = ?",
                (json.dumps([o.body() for o in offerings]), _now(), account_id),
            )
        return offerings

    @state_dump("partner_accounts")
    def partners_state(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        """Every account, for the state dump."""
        rows = conn.execute(f"{self._ACCOUNTS_SELECT} ORDER BY p.seq").fetchall()
        return [self._partner(r).state_body() for r in rows]
