"""The local DNS server's HTTP API from Python (standard library only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, urlencode

from ._store import DEFAULT_TTL, RecordError, ZoneRecord


class RecordsClient:
    """Create, read, change and delete records of a local DNS server at ``api_url``."""

    def __init__(self, api_url: str, timeout: float = 10.0) -> None:
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 - the URL is the configured API's
            self.api_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"} if data is not None else {},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                raw = answer.read()
        except urllib.error.HTTPError as exc:
            try:
                message = str(json.loads(exc.read() or b"{}").get("error", exc.reason))
            except ValueError:
                message = str(exc.reason)
            raise RecordError(exc.code, message) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise ConnectionError(
                f"the local DNS server's API at {self.api_url} does not answer: {exc}"
            ) from exc
        return json.loads(raw) if raw else None

    def create(
        self, zone: str, name: str, record_type: str, value: str, ttl: int = DEFAULT_TTL
    ) -> ZoneRecord:
        """Make a record (``name`` relative to ``zone`` or fully qualified).

        Raises:
            RecordError: a broken rule (status 400) or a conflicting record (409).
        """
        body = {"zone": zone, "name": name, "type": record_type, "value": value, "ttl": ttl}
        return ZoneRecord(**self._call("POST", "/records", body))

    def get(self, record_id: str) -> ZoneRecord | None:
        """One record, or ``None`` when it is gone."""
        try:
            return ZoneRecord(**self._call("GET", f"/records/{quote(record_id, safe='')}"))
        except RecordError as exc:
            if exc.status == 404:
                return None
            raise

    def update(
        self, record_id: str, value: str | None = None, ttl: int | None = None
    ) -> ZoneRecord:
        """Change a record's value or TTL."""
        body: dict[str, Any] = {}
        if value is not None:
            body["value"] = value
        if ttl is not None:
            body["ttl"] = ttl
        return ZoneRecord(**self._call("PATCH", f"/records/{quote(record_id, safe='')}", body))

    def delete(self, record_id: str) -> bool:
        """Remove a record; ``False`` when it was already gone."""
        try:
            self._call("DELETE", f"/records/{quote(record_id, safe='')}")
        except RecordError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def list(
        self, zone: str | None = None, name: str | None = None, record_type: str | None = None
    ) -> list[ZoneRecord]:
        """The records, filtered by zone, fully qualified name and type."""
        params = {k: v for k, v in (("zone", zone), ("name", name), ("type", record_type)) if v}
        suffix = f"?{urlencode(params)}" if params else ""
        return [ZoneRecord(**r) for r in self._call("GET", f"/records{suffix}")["records"]]

    def add_zone(self, zone: str) -> None:
        """Serve ``zone`` (records make their zone served anyway)."""
        self._call("PUT", f"/zones/{quote(zone, safe='')}")

    def reset(self) -> int:
        """Remove every record and zone; return how many records there were."""
        return int(self._call("POST", "/reset")["deleted"])
