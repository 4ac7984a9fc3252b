"""What authenticated domains and branded links share: owners, host name rules, validation.

An object belongs to the account the call acts for (the parent, or with ``on-behalf-of``
a subuser or an Account Provisioning account) and is invisible to every other. Its DNS
records (:mod:`.dns_records`) are checked by real DNS queries through the emulator's
resolver (:mod:`.resolver`), outside any database transaction.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from .dns_records import DnsRecord, check
from .errors import FieldValidationError
from .models import SUBUSER, Actor, Rules
from .resolver import DnsResolver
from .user import PARENT_USER_ID, UserCalls

#: The documented maximum of authenticated domains, and of branded links, per user.
MAX_PER_USER = 3000
#: The two tables of sender authentication objects.
Table = Literal["domains", "links"]
_WHAT: dict[str, str] = {"domains": "authenticated domains", "links": "branded links"}
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_HOST_LIMIT = 253


@dataclass(frozen=True)
class Owner:
    """The account an object belongs to.

    ``row_id`` is its ``accounts`` row (``None``: the parent); ``user_id`` the id the API
    shows (the parent's is 0).
    """

    row_id: int | None
    username: str
    user_id: int


@dataclass
class SenderAuthObject:
    """What an authenticated domain and a branded link both store."""

    id: int
    owner: Owner
    domain: str
    subdomain: str
    default: bool
    region: str
    valid: bool
    record_valid: dict[str, bool]


_Object = TypeVar("_Object", bound=SenderAuthObject)


@dataclass(frozen=True)
class Validation:
    """The answer of a validate call: overall validity and each record's result."""

    object_id: int
    valid: bool
    results: dict[str, tuple[bool, str | None]]

    def body(self) -> dict[str, object]:
        """``{id, valid, validation_results: {name: {valid, reason}}}``."""
        return {
            "id": self.object_id,
            "valid": self.valid,
            "validation_results": {
                name: {"valid": ok, "reason": reason} for name, (ok, reason) in self.results.items()
            },
        }


def check_host(rules: Rules, name: str, value: str | None, required: bool, labels: int) -> str:
    """Check a host name (``labels``: the fewest labels it may have); return it lower-cased."""
    if not rules.text(name, value, _HOST_LIMIT, required=required) or not value:
        return ""
    host = value.strip().rstrip(".").lower()
    parts = host.split(".")
    if len(parts) < labels or not all(_LABEL.match(p) for p in parts):
        what = "a domain name such as example.com" if labels > 1 else "a DNS label such as mail"
        rules.add(name, f"{name} must be {what}")
        return ""
    if labels > 1 and parts[-1].isdigit():
        rules.add(name, f"{name} must be a domain name, not an IP address")
        return ""
    return host


def check_bool(obj: dict[str, object], name: str, default: bool) -> bool:
    """An optional boolean field of a request body."""
    value = obj.get(name, default)
    if not isinstance(value, bool):
        raise FieldValidationError.single(name, f"{name} must be a boolean")
    return value


def load_record_valid(text: str) -> dict[str, bool]:
    """The stored per-record validity (record name to bool)."""
    loaded = json.loads(text)
    return {str(k): bool(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


class SenderAuthBase(UserCalls):
    """Owners, subusers and validation for :mod:`.domains` and :mod:`.links`."""

    dns: DnsResolver

    def _owner(self, conn: sqlite3.Connection, actor: Actor) -> Owner:
        row = self._acting(conn, actor)
        if row is None:
            return Owner(None, self.parent_username, PARENT_USER_ID)
        return Owner(int(row["user_id"]), str(row["username"]), int(row["user_id"]))

    def _owner_of(self, row: sqlite3.Row) -> Owner:
        """The owner of a row of :attr:`~sendgrid_emulator.owned.OwnedTable.select`."""
        if row["user_id"] is None:
            return Owner(None, self.parent_username, PARENT_USER_ID)
        user_id = int(row["user_id"])
        return Owner(user_id, str(row["owner"]), user_id)

    @staticmethod
    def _check_region(rules: Rules, region: str | None, regions: tuple[str, ...]) -> str:
        """``region``, one of ``regions`` (the first when it is not given)."""
        zone = regions[0] if region is None else region
        if zone not in regions:
            rules.add("region", f"region must be {' or '.join(regions)}")
        return zone

    @staticmethod
    def _pick_default(found: Sequence[_Object], domain: str | None) -> _Object | None:
        """The object of ``domain`` (a default one first), else the owner's default."""
        ranked = sorted(found, key=lambda o: not o.default)
        if domain:
            wanted = domain.strip().rstrip(".").lower()
            matching = [o for o in ranked if o.domain == wanted]
            if matching:
                return matching[0]
        return ranked[0] if ranked and ranked[0].default else None

    def _stored(self, row: sqlite3.Row) -> dict[str, Any]:
        """The :class:`SenderAuthObject` fields of a row of ``domains`` or ``links``."""
        return {
            "id": int(row["id"]),
            "owner": self._owner_of(row),
            "domain": str(row["domain"]),
            "subdomain": str(row["subdomain"]),
            "default": bool(row["is_default"]),
            "region": str(row["region"]),
            "valid": bool(row["valid"]),
            "record_valid": load_record_valid(str(row["record_valid"])),
        }

    @staticmethod
    def _subuser_row(conn: sqlite3.Connection, username: str | None) -> sqlite3.Row:
        """The subuser an association names (400 naming ``username`` when there is none)."""
        if not username:
            raise FieldValidationError.single("username", "username is required")
        row: sqlite3.Row | None = conn.execute(
            "SELECT * FROM accounts WHERE username = ? AND kind = ?", (username, SUBUSER)
        ).fetchone()
        if row is None:
            raise FieldValidationError.single(
                "username", f"username {username} is not a subuser of this account"
            )
        return row

    @staticmethod
    def _check_room(conn: sqlite3.Connection, table: Table, owner: Owner) -> None:
        """Refuse a new object past the documented maximum per user."""
        count = conn.execute(
            f"SELECT COUNT(*) FROM {table} WHERE user_id IS ?",  # noqa: S608 - fixed names
            (owner.row_id,),
        ).fetchone()[0]
        if int(count) >= MAX_PER_USER:
            raise FieldValidationError.single(
                "domain", f"a user can have at most {MAX_PER_USER} {_WHAT[table]}"
            )

    @staticmethod
    def _set_default(
        conn: sqlite3.Connection, table: Table, owner: Owner, object_id: int, default: bool
    ) -> None:
        """Set ``default``; one default per owner, so setting it clears the others."""
        conn.execute(
            f"UPDATE {table} SET is_default = ? WHERE id = ?",  # noqa: S608 - fixed names
            (int(default), object_id),
        )
        if default:
            conn.execute(
                f"UPDATE {table} SET is_default = 0 WHERE user_id IS ? AND id != ?",  # noqa: S608
                (owner.row_id, object_id),
            )

    def _store_validation(
        self, table: Table, object_id: int, valid: bool, per_record: dict[str, bool]
    ) -> None:
        """Keep a validation's result (and, for a domain, when it was made)."""
        with self.store.transaction(write=True) as conn:
            conn.execute(
                f"UPDATE {table} SET valid = ?, record_valid = ? WHERE id = ?",  # noqa: S608
                (int(valid), json.dumps(per_record), object_id),
            )
            if table == "domains":
                conn.execute(
                    "UPDATE domains SET last_validation_attempt_at = ? WHERE id = ?",
                    (int(time.time()), object_id),
                )

    def _run_checks(self, records: list[DnsRecord]) -> dict[str, tuple[bool, str | None]]:
        """Check every record against the DNS (no transaction is open meanwhile)."""
        return {record.name: check(record, self.dns) for record in records}

    def _validated(
        self,
        table: Table,
        object_id: int,
        records: list[DnsRecord],
        still_there: Callable[[sqlite3.Connection], object],
    ) -> Validation:
        """Check the records, then store the result if the object is still there."""
        results = self._run_checks(records)
        valid = all(ok for ok, _ in results.values())
        with self.store.transaction(write=False) as conn:
            still_there(conn)
        self._store_validation(table, object_id, valid, {n: ok for n, (ok, _) in results.items()})
        return Validation(object_id, valid, results)
