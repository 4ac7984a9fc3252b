"""The HTTP API of the local DNS server: JSON over ``http.server``, no dependency.

| call | answer |
| --- | --- |
| ``GET /health`` | ``{"status": "ok", "dns": "HOST:PORT"}`` |
| ``GET /zones`` / ``PUT /zones/{zone}`` | ``{"zones": [...]}`` / the zone is served |
| ``GET /records?zone=&name=&type=`` | ``{"records": [record, ...]}`` |
| ``POST /records`` ``{zone, name, type, value, ttl}`` | 201 record (400 rule, 409 conflict) |
| ``GET /records/{id}`` | record, or 404 |
| ``PATCH /records/{id}`` ``{value, ttl}`` | record, or 404 |
| ``DELETE /records/{id}`` | 204, or 404 |
| ``POST /reset`` | every record and zone removed: ``{"deleted": n}`` |

A record is ``{id, zone, name, type, value, ttl}`` (``name`` fully qualified); errors are
``{"error": message}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ._store import DEFAULT_TTL, RecordError, RecordStore

_MAX_BODY = 64 * 1024


def make_handler(
    store: RecordStore, dns_address: Callable[[], str]
) -> type[BaseHTTPRequestHandler]:
    """A request handler class serving ``store``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "localdns"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the demo's output stays readable."""

        def _send(self, status: int, body: Any = None) -> None:
            data = b"" if body is None else json.dumps(body).encode("utf-8")
            self.send_response(status)
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _json(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            if length > _MAX_BODY:
                raise RecordError(413, "the body is too large")
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except ValueError as exc:
                raise RecordError(400, "the body is not JSON") from exc
            if not isinstance(body, dict):
                raise RecordError(400, "the body must be a JSON object")
            return body

        def _dispatch(self, method: str) -> None:
            parts = urlsplit(self.path)
            segments = [s for s in parts.path.split("/") if s]
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            try:
                status, body = self._route(method, segments, query)
            except RecordError as exc:
                status, body = exc.status, {"error": exc.message}
            except (TypeError, ValueError) as exc:
                status, body = 400, {"error": str(exc)}
            self._send(status, body)

        def _route(
            self, method: str, segments: list[str], query: dict[str, str]
        ) -> tuple[int, Any]:
            if segments == ["health"] and method == "GET":
                return 200, {"status": "ok", "dns": dns_address()}
            if segments == ["zones"] and method == "GET":
                return 200, {"zones": store.zones()}
            if len(segments) == 2 and segments[0] == "zones" and method == "PUT":
                store.add_zone(segments[1])
                return 200, {"zones": store.zones()}
            if segments == ["reset"] and method == "POST":
                return 200, {"deleted": store.clear()}
            if segments == ["records"]:
                if method == "GET":
                    found = store.list(query.get("zone"), query.get("name"), query.get("type"))
                    return 200, {"records": [r.body() for r in found]}
                if method == "POST":
                    body = self._json()
                    record = store.create(
                        _text(body, "zone"),
                        _text(body, "name"),
                        _text(body, "type"),
                        _text(body, "value"),
                        _ttl(body.get("ttl", DEFAULT_TTL)),
                    )
                    return 201, record.body()
            if len(segments) == 2 and segments[0] == "records":
                record_id = segments[1]
                if method == "GET":
                    return 200, store.get(record_id).body()
                if method == "PATCH":
                    body = self._json()
                    value = body.get("value")
                    if value is not None and not isinstance(value, str):
                        raise RecordError(400, "value: must be a string")
                    ttl = None if body.get("ttl") is None else _ttl(body["ttl"])
                    return 200, store.update(record_id, value, ttl).body()
                if method == "DELETE":
                    store.delete(record_id)
                    return 204, None
            raise RecordError(404, f"no call {method} {'/'.join(segments)}")

        def do_GET(self) -> None:
            """``GET``."""
            self._dispatch("GET")

        def do_POST(self) -> None:
            """``POST``."""
            self._dispatch("POST")

        def do_PUT(self) -> None:
            """``PUT``."""
            self._dispatch("PUT")

        def do_PATCH(self) -> None:
            """``PATCH``."""
            self._dispatch("PATCH")

        def do_DELETE(self) -> None:
            """``DELETE``."""
            self._dispatch("DELETE")

    return Handler


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RecordError(400, f"{name}: required, a string")
    return value


def _ttl(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(400, "ttl: must be a whole number of seconds")
    return value


class ApiServer(ThreadingHTTPServer):
    """The HTTP API's server (threads die with the process)."""

    daemon_threads = True
