"""The receiver's state and HTTP server (standard library, one thread per request)."""

from __future__ import annotations

import binascii
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sendgrid.helpers.eventwebhook import EventWebhook
from sendgrid.helpers.eventwebhook.eventwebhook_header import EventWebhookHeader

SIGNATURE_HEADER: str = EventWebhookHeader.SIGNATURE
TIMESTAMP_HEADER: str = EventWebhookHeader.TIMESTAMP
KEY_PATH = "/key"
RECEIVED_PATH = "/received"
HEALTH_PATH = "/health"
MAX_BODY = 8 * 1024 * 1024


def verify_signature(public_key: str, payload: str, signature: str, timestamp: str) -> bool:
    """Check one signed POST with the official library (``False`` for any malformed input)."""
    try:
        verifier = EventWebhook(public_key)
        return bool(verifier.verify_signature(payload, signature, timestamp))
    except (ValueError, TypeError, binascii.Error):
        return False


@dataclass
class Delivery:
    """One POST the receiver got, and what its verification found."""

    id: int
    path: str
    received_at: float
    body: str
    signature: str | None
    timestamp: str | None
    verified: bool | None = None
    detail: str = "no public key yet"

    def check(self, public_key: str | None) -> None:
        """Verify the delivery with ``public_key`` (without one, leave it unchecked)."""
        if public_key is None:
            self.verified, self.detail = None, "no public key yet"
        elif self.signature is None or self.timestamp is None:
            self.verified, self.detail = False, "not signed"
        elif verify_signature(public_key, self.body, self.signature, self.timestamp):
            self.verified, self.detail = True, "signature verified"
        else:
            self.verified, self.detail = False, "signature does not match the public key"

    def events(self) -> list[str]:
        """The event names of the payload (empty when it is not an array of events)."""
        try:
            payload = json.loads(self.body)
        except ValueError:
            return []
        if not isinstance(payload, list):
            return []
        return [str(e.get("event")) for e in payload if isinstance(e, dict)]

    def report(self) -> dict[str, Any]:
        """The delivery as ``GET /received`` shows it."""
        try:
            payload: Any = json.loads(self.body)
        except ValueError:
            payload = self.body
        return {
            "id": self.id,
            "path": self.path,
            "received_at": self.received_at,
            "signed": self.signature is not None,
            "verified": self.verified,
            "detail": self.detail,
            "events": self.events(),
            "payload": payload,
        }


@dataclass
class ReceiverState:
    """Deliveries and the public key, shared by the request threads."""

    key_file: Path | None = None
    deliveries: list[Delivery] = field(default_factory=list)
    _key: str | None = None
    _key_file_mtime: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _current_key(self) -> str | None:
        """The key; a key file that changed since last read is read again (lock held)."""
        if self.key_file is not None and self.key_file.exists():
            mtime = self.key_file.stat().st_mtime
            if mtime != self._key_file_mtime:
                self._key_file_mtime = mtime
                text = self.key_file.read_text("utf-8").strip()
                if text and text != self._key:
                    self._key = text
                    for delivery in self.deliveries:
                        delivery.check(text)
        return self._key

    def set_key(self, public_key: str) -> None:
        """Use ``public_key`` from now on, and verify what came before it."""
        with self._lock:
            self._key = public_key.strip()
            for delivery in self.deliveries:
                delivery.check(self._key)

    def receive(
        self, path: str, body: str, signature: str | None, timestamp: str | None
    ) -> Delivery:
        """Record and verify one POST."""
        with self._lock:
            delivery = Delivery(
                len(self.deliveries) + 1, path, time.time(), body, signature, timestamp
            )
            delivery.check(self._current_key())
            self.deliveries.append(delivery)
            return delivery

    def report(self) -> dict[str, Any]:
        """``GET /received``."""
        with self._lock:
            key = self._current_key()
            deliveries = [d.report() for d in self.deliveries]
        counts = {
            "verified": sum(d["verified"] is True for d in deliveries),
            "failed": sum(d["verified"] is False for d in deliveries),
            "unverified": sum(d["verified"] is None for d in deliveries),
        }
        return {"public_key_set": key is not None, "counts": counts, "deliveries": deliveries}

    def clear(self) -> None:
        """``DELETE /received``."""
        with self._lock:
            self.deliveries.clear()


class _Handler(BaseHTTPRequestHandler):
    server: ReceiverServer

    def _json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _read(self) -> str | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._json(413, {"error": f"the body is larger than {MAX_BODY} bytes"})
            return None
        try:
            return self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            self._json(400, {"error": "the body is not UTF-8"})
            return None

    def do_GET(self) -> None:
        """``GET /received`` and ``GET /health``."""
        if self.path == RECEIVED_PATH:
            self._json(200, self.server.state.report())
        elif self.path == HEALTH_PATH:
            self._json(200, {"ok": True})
        else:
            self._json(404, {"error": f"nothing at {self.path}"})

    def do_DELETE(self) -> None:
        """``DELETE /received``."""
        if self.path != RECEIVED_PATH:
            self._json(404, {"error": f"nothing at {self.path}"})
            return
        self.server.state.clear()
        self._json(200, {"message": "cleared"})

    def do_POST(self) -> None:
        """A delivery, or ``POST /key``."""
        body = self._read()
        if body is None:
            return
        if self.path == KEY_PATH:
            try:
                key = json.loads(body).get("public_key")
            except (ValueError, AttributeError):
                key = None
            if not isinstance(key, str) or not key.strip():
                self._json(400, {"error": 'the body must be {"public_key": "<base64 key>"}'})
                return
            self.server.state.set_key(key)
            self._json(200, self.server.state.report())
            return
        delivery = self.server.state.receive(
            self.path, body, self.headers.get(SIGNATURE_HEADER), self.headers.get(TIMESTAMP_HEADER)
        )
        status = 200
        if delivery.verified is False:
            status = 401 if delivery.signature is None else 403
        self._json(status, delivery.report())

    def log_message(self, format: str, *args: Any) -> None:
        """Log one line per request to stderr, unless quiet."""
        if not self.server.quiet:
            super().log_message(format, *args)


class ReceiverServer(ThreadingHTTPServer):
    """The receiver on ``host:port`` (port 0: any free port; see :attr:`url`)."""

    daemon_threads = True

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        key_file: Path | None = None,
        public_key: str | None = None,
        quiet: bool = False,
    ) -> None:
        super().__init__((host, port), _Handler)
        self.state = ReceiverState(key_file=key_file)
        self.quiet = quiet
        if public_key:
            self.state.set_key(public_key)

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` of the listening socket."""
        host, port = self.server_address[0], self.server_address[1]
        return f"http://{host!s}:{port}"
