"""The records a local DNS server holds: zones, records, their rules, an optional file.

A record is one value at one name: ``{id, zone, name, type, value, ttl}``, ``name`` the
fully qualified name (lower case, no final dot). Several records may share a name and a
type (two TXT values, say), but never the same value twice, and a CNAME stands alone at
its name, as DNS requires.
"""

from __future__ import annotations

import builtins
import ipaddress
import json
import os
import re
import secrets
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

#: The record types the server holds.
TYPES = ("A", "AAAA", "CNAME", "MX", "TXT")
DEFAULT_TTL = 300
MAX_TTL = 604_800
MAX_TXT = 4000
DEFAULT_MX_PREFERENCE = 10
_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


class RecordError(Exception):
    """A request the store refuses: ``status`` is the HTTP status of the answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def normalise(name: str) -> str:
    """A name as DNS compares it: lower case, no final dot."""
    return name.strip().rstrip(".").lower()


def is_host(name: str) -> bool:
    """Tell whether ``name`` is a host name (labels of letters, digits, ``-`` and ``_``)."""
    parts = normalise(name).split(".")
    return bool(name.strip()) and len(name) <= 253 and all(_LABEL.match(p) for p in parts)


def qualify(name: str, zone: str) -> str:
    """The fully qualified name of ``name`` in ``zone``.

    ``@`` or the zone itself is the apex; a name ending in ``.<zone>`` is already
    qualified; anything else is relative to the zone (``mail`` in ``example.com`` is
    ``mail.example.com``).
    """
    wanted, apex = normalise(name), normalise(zone)
    if wanted in ("@", "", apex) or wanted.endswith("." + apex):
        return apex if wanted in ("@", "") else wanted
    return f"{wanted}.{apex}"


def split_mx(value: str) -> tuple[int, str]:
    """``"10 mx.example.com"`` (or the host alone: preference 10) to (preference, host)."""
    parts = value.split()
    if len(parts) == 2 and parts[0].isdigit():
        return int(parts[0]), normalise(parts[1])
    return DEFAULT_MX_PREFERENCE, normalise(value)


@dataclass(frozen=True)
class ZoneRecord:
    """One record of the server."""

    id: str
    zone: str
    name: str
    type: str
    value: str
    ttl: int

    def body(self) -> dict[str, Any]:
        """The record as the HTTP API shows it."""
        return asdict(self)


def check_value(record_type: str, value: str) -> str:
    """The value of a record of that type, normalised.

    Raises:
        RecordError: the value does not suit the type (HTTP 400).
    """
    text = value.strip()
    try:
        if record_type == "A":
            return str(ipaddress.IPv4Address(text))
        if record_type == "AAAA":
            return str(ipaddress.IPv6Address(text))
    except ValueError as exc:
        raise RecordError(400, f"value: {text!r} is not an {record_type} address") from exc
    if record_type == "CNAME":
        if not is_host(text):
            raise RecordError(400, f"value: {text!r} is not a host name")
        return normalise(text)
    if record_type == "MX":
        preference, host = split_mx(text)
        if not is_host(host) or preference > 65535:
            raise RecordError(400, f"value: {text!r} is not '[preference] host'")
        return f"{preference} {host}"
    if not text or len(text) > MAX_TXT:
        raise RecordError(400, f"value: a TXT value has 1 to {MAX_TXT} characters")
    return text


class RecordStore:
    """Zones and records, safe to share between the DNS and HTTP threads.

    With ``path``, every change is written to that JSON file (atomically) and the file is
    read at start, so the records outlive the process.
    """

    def __init__(self, path: Path | None = None, zones: tuple[str, ...] = ()) -> None:
        self._lock = threading.RLock()
        self._path = path
        self._records: dict[str, ZoneRecord] = {}
        self._zones: set[str] = set()
        if path is not None and path.exists():
            saved = json.loads(path.read_text())
            self._zones = {normalise(z) for z in saved.get("zones", [])}
            for raw in saved.get("records", []):
                record = ZoneRecord(**raw)
                self._records[record.id] = record
        for zone in zones:
            self.add_zone(zone)
        if path is not None and not path.exists():
            self._save()

    # --- zones -------------------------------------------------------------------------

    def add_zone(self, zone: str) -> str:
        """Serve ``zone`` (idempotent); return its normalised name."""
        apex = normalise(zone)
        if not is_host(apex) or "." not in apex:
            raise RecordError(400, f"zone: {zone!r} is not a domain name")
        with self._lock:
            if apex not in self._zones:
                self._zones.add(apex)
                self._save()
        return apex

    def zones(self) -> list[str]:
        """Every zone served."""
        with self._lock:
            return sorted(self._zones)

    def zone_of(self, name: str) -> str | None:
        """The longest zone ``name`` falls in, or ``None`` when the server holds none."""
        wanted = normalise(name)
        with self._lock:
            found = [z for z in self._zones if wanted == z or wanted.endswith("." + z)]
        return max(found, key=len) if found else None

    # --- records -----------------------------------------------------------------------

    def list(
        self, zone: str | None = None, name: str | None = None, record_type: str | None = None
    ) -> list[ZoneRecord]:
        """The records, filtered by zone, name and type."""
        with self._lock:
            found = list(self._records.values())
        if zone:
            found = [r for r in found if r.zone == normalise(zone)]
        if name:
            found = [r for r in found if r.name == normalise(name)]
        if record_type:
            found = [r for r in found if r.type == record_type.upper()]
        return sorted(found, key=lambda r: (r.name, r.type, r.value))

    def at(self, name: str) -> builtins.list[ZoneRecord]:
        """The records at exactly ``name``."""
        wanted = normalise(name)
        with self._lock:
            return [r for r in self._records.values() if r.name == wanted]

    def has_below(self, name: str) -> bool:
        """Tell whether some record lies below ``name`` (so the name exists, empty)."""
        suffix = "." + normalise(name)
        with self._lock:
            return any(r.name.endswith(suffix) for r in self._records.values())

    def get(self, record_id: str) -> ZoneRecord:
        """One record.

        Raises:
            RecordError: no record has that id (HTTP 404).
        """
        with self._lock:
            record = self._records.get(record_id)
        if record is None:
            raise RecordError(404, f"record {record_id} not found")
        return record

    def create(self, zone: str, name: str, record_type: str, value: str, ttl: int) -> ZoneRecord:
        """Add a record (its zone is served from now on).

        Raises:
            RecordError: a broken rule (400) or a conflict with a record there (409).
        """
        kind = record_type.upper()
        if kind not in TYPES:
            raise RecordError(400, f"type: {record_type!r} is not one of {', '.join(TYPES)}")
        apex = normalise(zone)
        if not is_host(apex) or "." not in apex:
            raise RecordError(400, f"zone: {zone!r} is not a domain name")
        fqdn = qualify(name, apex)
        if not is_host(fqdn):
            raise RecordError(400, f"name: {name!r} is not a host name")
        _check_ttl(ttl)
        data = check_value(kind, value)
        with self._lock:
            _check_conflicts(self.at(fqdn), kind, data, fqdn)
            record = ZoneRecord(secrets.token_hex(8), apex, fqdn, kind, data, ttl)
            self._zones.add(apex)
            self._records[record.id] = record
            self._save()
        return record

    def update(self, record_id: str, value: str | None, ttl: int | None) -> ZoneRecord:
        """Change a record's value or TTL (its name, type and zone stay)."""
        with self._lock:
            record = self.get(record_id)
            data = record.value if value is None else check_value(record.type, value)
            if ttl is not None:
                _check_ttl(ttl)
            others = [r for r in self.at(record.name) if r.id != record_id]
            _check_conflicts(others, record.type, data, record.name)
            changed = ZoneRecord(
                record.id,
                record.zone,
                record.name,
                record.type,
                data,
                record.ttl if ttl is None else ttl,
            )
            self._records[record_id] = changed
            self._save()
        return changed

    def delete(self, record_id: str) -> None:
        """Remove a record.

        Raises:
            RecordError: no record has that id (HTTP 404).
        """
        with self._lock:
            self.get(record_id)
            del self._records[record_id]
            self._save()

    def clear(self) -> int:
        """Remove every record and zone; return how many records there were."""
        with self._lock:
            count = len(self._records)
            self._records.clear()
            self._zones.clear()
            self._save()
        return count

    def _save(self) -> None:
        if self._path is None:
            return
        body = {
            "zones": sorted(self._zones),
            "records": [r.body() for r in self._records.values()],
        }
        self._path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self._path.parent, prefix=".localdns-")
        with os.fdopen(handle, "w") as out:
            json.dump(body, out, indent=1)
        os.replace(temp, self._path)


def _check_ttl(ttl: int) -> None:
    if isinstance(ttl, bool) or not isinstance(ttl, int) or not 1 <= ttl <= MAX_TTL:
        raise RecordError(400, f"ttl: a TTL is a whole number of seconds from 1 to {MAX_TTL}")


def _check_conflicts(there: builtins.list[ZoneRecord], kind: str, data: str, fqdn: str) -> None:
    if any(r.type == kind and r.value == data for r in there):
        raise RecordError(409, f"a {kind} record {data!r} already exists at {fqdn}")
    if kind == "CNAME" and there:
        raise RecordError(409, f"{fqdn} already has records: a CNAME must stand alone")
    if any(r.type == "CNAME" for r in there):
        raise RecordError(409, f"{fqdn} has a CNAME record: nothing else can be there")
