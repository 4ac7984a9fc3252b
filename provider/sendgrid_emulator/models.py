"""The account model shared by both API generations, and the documented field rules.

A v2 customer and a v3 subuser are both an :class:`Account` of the parent, told apart by
``kind``. The rule helpers collect :class:`~sendgrid_emulator.errors.FieldError` values so
that one response can report every broken rule at once.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import FieldError, FieldValidationError

Kind = Literal["customer", "subuser", "account"]
CUSTOMER: Kind = "customer"
SUBUSER: Kind = "subuser"
#: An Account Provisioning account (``/v3/partners/accounts``).
PARTNER_ACCOUNT: Kind = "account"

REGIONS = ("global", "eu")

#: The profile fields of an account, in the order ``reseller.manage`` lists them.
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "address",
    "city",
    "state",
    "zip",
    "country",
    "phone",
    "website",
)

#: Maximum lengths of the documented fields (reseller.add and profile set).
FIELD_LIMITS: dict[str, int] = {
    "username": 64,
    "email": 64,
    "first_name": 50,
    "last_name": 50,
    "address": 100,
    "city": 100,
    "state": 100,
    "zip": 50,
    "country": 100,
    "phone": 50,
    "website": 255,
    "company": 255,
    "package": 255,
    "whitelabel": 255,
    "ip_group[]": 255,
}
SET_EMAIL_LIMIT = 100
SET_USERNAME_LIMIT = 64
MONITOR_EMAIL_LIMIT = 255
PASSWORD_MIN = 6
PASSWORD_MAX = 128
FREQUENCY_MAX = 2**31 - 1
DEFAULT_WHITELABEL = "sendgrid.me"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_USERNAME_FORBIDDEN = re.compile(r"[\s/]")


@dataclass
class Account:
    """One account of the parent: a v2 customer or a v3 subuser."""

    user_id: int
    username: str
    kind: Kind
    email: str
    active: bool
    website_access: bool
    region: str
    profile: dict[str, str]
    company: str
    package: str
    whitelabel: str
    free_user: bool
    billing_date: str | None
    reputation: float
    ips: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: sqlite3.Row, ips: list[str] | None = None) -> Account:
        """Build an account from an ``accounts`` row."""
        kind: Kind = _KINDS[str(row["kind"])]
        return cls(
            user_id=int(row["user_id"]),
            username=str(row["username"]),
            kind=kind,
            email=str(row["email"]),
            active=bool(row["active"]),
            website_access=bool(row["website_access"]),
            region=str(row["region"]),
            profile={name: str(row[name]) for name in PROFILE_FIELDS},
            company=str(row["company"]),
            package=str(row["package"]),
            whitelabel=str(row["whitelabel"]),
            free_user=bool(row["free_user"]),
            billing_date=None if row["billing_date"] is None else str(row["billing_date"]),
            reputation=float(row["reputation"]),
            ips=list(ips or []),
        )

    @property
    def disabled(self) -> bool:
        """The v3 view of ``active``: one switch for both generations."""
        return not self.active

    def v2_profile(self) -> dict[str, str]:
        """Return the ``reseller.manage method=profile task=get`` entry (all strings)."""
        out = {
            "id": str(self.user_id),
            "username": self.username,
            "email": self.email,
            "active": "true" if self.active else "false",
        }
        out.update(self.profile)
        return out

    def v3_listing(self, include_region: bool) -> dict[str, Any]:
        """Return the ``GET /v3/subusers`` entry."""
        out: dict[str, Any] = {
            "id": self.user_id,
            "username": self.username,
            "email": self.email,
            "disabled": self.disabled,
        }
        if include_region:
            out["region"] = self.region
        return out

    def state(self) -> dict[str, Any]:
        """Return the control API's view of the account (never a password or its hash)."""
        out: dict[str, Any] = {
            "username": self.username,
            "kind": self.kind,
            "user_id": self.user_id,
            "email": self.email,
            "active": self.active,
            "website_access": self.website_access,
            "disabled": self.disabled,
            "region": self.region,
            "ips": list(self.ips),
        }
        out.update(self.profile)
        out.update(
            {
                "company": self.company,
                "package": self.package,
                "whitelabel": self.whitelabel,
                "free_user": self.free_user,
                "billing_date": self.billing_date,
                "reputation": self.reputation,
            }
        )
        return out


_KINDS: dict[str, Kind] = {CUSTOMER: CUSTOMER, SUBUSER: SUBUSER, PARTNER_ACCOUNT: PARTNER_ACCOUNT}


@dataclass(frozen=True)
class Actor:
    """Whom a v3 call acts for: the parent, or the account its ``on-behalf-of`` names.

    ``on-behalf-of: <username>`` names a subuser; ``on-behalf-of: account-id <id>`` an
    Account Provisioning account. Without the header the call acts for the parent.
    """

    subuser: str | None = None
    account_id: str | None = None

    @classmethod
    def from_header(cls, value: str | None) -> Actor:
        """Read an ``on-behalf-of`` header value (``None`` or blank: the parent)."""
        if value is None or not value.strip():
            return cls()
        text = value.strip()
        head, _, rest = text.partition(" ")
        if head.lower() == "account-id" and rest.strip():
            return cls(account_id=rest.strip())
        return cls(subuser=text)

    @property
    def is_parent(self) -> bool:
        """Tell whether the call acts for the parent itself."""
        return self.subuser is None and self.account_id is None


@dataclass
class Monitor:
    """Monitor settings of a subuser."""

    username: str
    email: str
    frequency: int

    def body(self) -> dict[str, Any]:
        """Return the v3 response body."""
        return {"email": self.email, "frequency": self.frequency}

    def state(self) -> dict[str, Any]:
        """Return the control API's view."""
        return {"username": self.username, "email": self.email, "frequency": self.frequency}


# --- rules -----------------------------------------------------------------------------


class Rules:
    """Collects broken rules; :meth:`raise_if_any` raises them together."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field_name: str | None, message: str) -> None:
        """Record one broken rule."""
        self.errors.append(FieldError(field_name, message))

    def raise_if_any(self) -> None:
        """Raise :class:`FieldValidationError` when any rule was broken."""
        if self.errors:
            raise FieldValidationError(list(self.errors))

    def text(
        self,
        name: str,
        value: str | None,
        limit: int | None = None,
        required: bool = False,
    ) -> bool:
        """Check a text field: presence, encoding, control characters and length."""
        if value is None or value == "":
            if required:
                self.add(name, f"{name} is required")
                return False
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.add(name, f"{name} must be valid unicode text")
            return False
        if _CONTROL.search(value):
            self.add(name, f"{name} must not contain control characters")
            return False
        if limit is not None and len(value) > limit:
            self.add(name, f"{name} must be no more than {limit} characters")
            return False
        return True

    def email(self, name: str, value: str | None, limit: int, required: bool = True) -> None:
        """Check an email field: presence, length and format."""
        if not self.text(name, value, limit, required) or not value:
            return
        if not _EMAIL.match(value):
            self.add(name, f"{name} must be a valid email address")

    def username(self, name: str, value: str | None, limit: int) -> None:
        """Check a username: presence, length, no whitespace or ``/`` (it goes in v3 paths)."""
        if not self.text(name, value, limit, required=True) or not value:
            return
        if _USERNAME_FORBIDDEN.search(value):
            self.add(name, f"{name} must not contain whitespace or /")

    def password(
        self,
        password: str | None,
        confirm: str | None,
        need_confirm: bool,
        name: str = "password",
    ) -> None:
        """Check a password (6..128 characters) and its confirmation."""
        if not self.text(name, password, required=True) or password is None:
            if need_confirm and not confirm:
                self.add("confirm_password", "confirm_password is required")
            return
        if len(password) < PASSWORD_MIN:
            self.add(name, f"{name} must be at least {PASSWORD_MIN} characters")
        elif len(password) > PASSWORD_MAX:
            self.add(name, f"{name} must be no more than {PASSWORD_MAX} characters")
        if need_confirm:
            if not confirm:
                self.add("confirm_password", "confirm_password is required")
            elif confirm != password:
                self.add("confirm_password", "password and confirm_password do not match")

    def ip(self, name: str, value: str) -> str | None:
        """Check IP syntax; return the normalised address."""
        try:
            return str(ipaddress.ip_address(value.strip()))
        except ValueError:
            self.add(name, f"ip {value} is not a valid IP address")
            return None


def ip_sort_key(ip: str) -> tuple[int, int]:
    """Sort IPs numerically (IPv4 before IPv6)."""
    addr = ipaddress.ip_address(ip)
    return (addr.version, int(addr))


def sort_ips(ips: list[str]) -> list[str]:
    """Return the IPs in numeric order, without duplicates."""
    return sorted(set(ips), key=ip_sort_key)


def parse_billing_date(value: str, rules: Rules, today: dt.date | None = None) -> str | None:
    """Check ``billing_date``: ``YYYY-mm-dd``, today or later, within one billing cycle."""
    try:
        day = dt.date.fromisoformat(value)
        if len(value) != 10:
            raise ValueError(value)
    except ValueError:
        rules.add("billing_date", "billing_date must be in YYYY-mm-dd format")
        return None
    today = today or dt.datetime.now(dt.UTC).date()
    month = today.month % 12 + 1
    year = today.year + (1 if today.month == 12 else 0)
    day_of_month = today.day
    while True:
        try:
            latest = dt.date(year, month, day_of_month)
            break
        except ValueError:
            day_of_month -= 1
    if day < today or day > latest:
        rules.add("billing_date", "billing_date must be within one billing cycle from today")
        return None
    return day.isoformat()
