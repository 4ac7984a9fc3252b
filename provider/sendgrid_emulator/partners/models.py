"""The rules of Account Provisioning: the offerings catalog, states, profile fields.

Pure functions over plain values; they raise :class:`~.errors.InvalidRequestError` naming the
field and the rule, and know nothing of HTTP or SQLite.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlparse

from .errors import InvalidRequestError, Problem

OfferingType = Literal["package", "addon"]

#: Every state an account can be in; only the first two can be set through the API.
STATES = ("activated", "deactivated", "suspended", "banned", "indeterminate")
SETTABLE_STATES = ("activated", "deactivated")
#: States only SendGrid sets (the emulator's control API stands in for it).
LOCKED_STATES = ("suspended", "banned")

MAX_QUANTITY = 1000


@dataclass(frozen=True)
class CatalogEntry:
    """One offering of the catalog and its entitlements."""

    name: str
    type: OfferingType
    entitlements: dict[str, int]

    def body(self) -> dict[str, Any]:
        """The ``catalog[]`` entry of ``GET /v3/partners/offerings``."""
        return {
            "offering": {"name": self.name, "type": self.type, "quantity": 1},
            "entitlements": dict(self.entitlements),
        }


def _ent(sends: int, ips: int, teammates: int, users: int) -> dict[str, int]:
    return {
        "email_sends_max_monthly": sends,
        "ip_count": ips,
        "teammates_max_total": teammates,
        "users_max_total": users,
    }


#: The offerings the emulated reseller may assign (the document's ``org.ei.free.v1`` first;
#: the others follow SendGrid's naming: ``org.ei.<plan>.v1`` packages, ``org.<feature>.v1``
#: add-ons).
CATALOG: tuple[CatalogEntry, ...] = (
    CatalogEntry("org.ei.free.v1", "package", _ent(10_000, 0, 0, 0)),
    CatalogEntry("org.ei.essentials.v1", "package", _ent(100_000, 0, 1, 0)),
    CatalogEntry("org.ei.pro.v1", "package", _ent(1_500_000, 1, 1000, 15)),
    CatalogEntry("org.ei.premier.v1", "package", _ent(10_000_000, 2, 1000, 250)),
    CatalogEntry("org.dedicated_ip.v1", "addon", _ent(0, 1, 0, 0)),
    CatalogEntry("org.mc.basic.v1", "addon", _ent(0, 0, 0, 0)),
    CatalogEntry("org.ease.v1", "addon", _ent(0, 0, 0, 0)),
)
_BY_NAME = {entry.name: entry for entry in CATALOG}


@dataclass(frozen=True)
class Offering:
    """An offering assigned to an account."""

    name: str
    type: OfferingType
    quantity: int

    def body(self) -> dict[str, Any]:
        """The JSON form."""
        return {"name": self.name, "type": self.type, "quantity": self.quantity}


def parse_offerings(value: Any) -> list[Offering]:
    """Read and check an ``offerings`` array: known offerings, exactly one package."""
    if not isinstance(value, list) or not value:
        raise InvalidRequestError.single(
            "offerings", "offerings must be a non-empty array", "10-40001"
        )
    problems: list[Problem] = []
    out: list[Offering] = []
    for index, item in enumerate(value):
        where = f"offerings[{index}]"
        if not isinstance(item, dict) or set(item) - {"name", "type", "quantity"}:
            problems.append(
                Problem(f"{where} must be an object of name, type and quantity", where, "10-40001")
            )
            continue
        name, kind, quantity = item.get("name"), item.get("type"), item.get("quantity", 1)
        if not isinstance(name, str) or name not in _BY_NAME:
            problems.append(Problem(f"{where}.name is not a known offering", where, "10-40004"))
            continue
        if kind not in ("package", "addon") or kind != _BY_NAME[name].type:
            problems.append(
                Problem(f"{where}.type must be {_BY_NAME[name].type}", where, "10-40005")
            )
            continue
        if isinstance(quantity, float) and quantity.is_integer():
            quantity = int(quantity)
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            problems.append(Problem(f"{where}.quantity must be an integer", where, "10-40006"))
            continue
        if kind == "package" and quantity != 1:
            problems.append(Problem(f"{where}.quantity must be 1 for a package", where, "10-40006"))
            continue
        if not 1 <= quantity <= MAX_QUANTITY:
            problems.append(
                Problem(f"{where}.quantity must be from 1 to {MAX_QUANTITY}", where, "10-40006")
            )
            continue
        out.append(Offering(name, kind, quantity))
    if not problems:
        names = [o.name for o in out]
        if len(set(names)) != len(names):
            problems.append(
                Problem("offerings must not repeat an offering", "offerings", "10-40007")
            )
        packages = [o for o in out if o.type == "package"]
        if len(packages) != 1:
            problems.append(
                Problem(
                    "an account must have exactly one package offering", "offerings", "10-40007"
                )
            )
    if problems:
        raise InvalidRequestError(problems)
    return out


#: Profile fields of ``POST /v3/partners/accounts`` and their longest length.
PROFILE_LIMITS: dict[str, int] = {
    "first_name": 50,
    "last_name": 50,
    "company_name": 100,
    "company_website": 255,
    "email": 255,
    "phone": 16,
    "timezone": 64,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")


def check_email(value: str, field: str = "email") -> Problem | None:
    """The problem with an email address, if any."""
    if not _EMAIL.match(value) or len(value) > PROFILE_LIMITS["email"]:
        return Problem("Field must be a valid email", field, "10-40002")
    return None


def check_url(value: str, field: str) -> Problem | None:
    """The problem with a website URL, if any."""
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in value:
        return Problem("Field must be a valid URL", field, "10-40008")
    return None


def check_phone(value: str, field: str = "phone") -> Problem | None:
    """The problem with an E.164 phone number, if any."""
    if not _E164.match(value):
        return Problem(
            "Field must be formatted using the E.164 standard consisting of [+] [country code] "
            "[subscriber number including area code] and can have a maximum of fifteen digits.",
            field,
            "10-40010",
        )
    return None


def check_timezone(value: str) -> Problem | None:
    """The problem with an IANA time zone name, if any."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return Problem("Field must be an IANA time zone such as Asia/Tokyo", "timezone", "10-40011")
    return None


def parse_profile(value: Any) -> dict[str, str]:
    """Read and check a create call's ``profile`` object."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidRequestError.single("profile", "profile must be an object", "10-40001")
    problems: list[Problem] = []
    out: dict[str, str] = {}
    for name, raw in value.items():
        if name not in PROFILE_LIMITS:
            problems.append(Problem(f"{name} is not a profile field", name, "10-40001"))
            continue
        if not isinstance(raw, str):
            problems.append(Problem(f"{name} must be a string", name, "10-40001"))
            continue
        if len(raw) > PROFILE_LIMITS[name]:
            problems.append(
                Problem(
                    f"{name} must be at most {PROFILE_LIMITS[name]} characters", name, "10-40009"
                )
            )
            continue
        checker = {
            "email": lambda v: check_email(v),
            "company_website": lambda v: check_url(v, "company_website"),
            "phone": lambda v: check_phone(v),
            "timezone": check_timezone,
        }.get(name)
        problem = checker(raw) if checker is not None else None
        if problem is not None:
            problems.append(problem)
            continue
        out[name] = raw
    if problems:
        raise InvalidRequestError(problems)
    return out


#: ``/v3/user/profile`` field -> the account profile column it is.
USER_PROFILE_COLUMNS: dict[str, str] = {
    "first_name": "first_name",
    "last_name": "last_name",
    "company": "company_name",
    "website": "company_website",
    "phone": "phone",
}
#: ``/v3/user/profile`` fields an account has beyond its provisioning profile.
USER_PROFILE_EXTRA = ("address", "address2", "city", "state", "zip", "country")
