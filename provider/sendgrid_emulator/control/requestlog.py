"""The request log of the SendGrid paths, and the outermost WSGI layer that writes it.

The wire layer also loses the response of a call that an injected fault marked
``drop_after_commit``: the call has run and committed, the client sees a closed connection.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from ..paths import is_control_path

#: WSGI environ keys the Flask layer sets for the wire layer.
LOG_PATH_KEY = "sendgrid_emulator.log_path"
FAULT_KEY = "sendgrid_emulator.fault"
DROP_KEY = "sendgrid_emulator.drop"


@dataclass
class RequestLog:
    """Every call made to the SendGrid paths: method, logged path, status, fault, time.

    ``time`` is the Unix time at which the answer was decided.
    """

    max_entries: int = 100_000
    _entries: deque[dict[str, Any]] = field(default_factory=deque)
    _counts: Counter[str] = field(default_factory=Counter)
    _total: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, method: str, path: str, status: int, fault: int | str | None) -> None:
        """Add one entry (the oldest entries go beyond ``max_entries``; counts stay)."""
        entry = {
            "method": method,
            "path": path,
            "status": status,
            "fault": fault,
            "time": time.time(),
        }
        with self._lock:
            self._entries.append(entry)
            while len(self._entries) > self.max_entries:
                self._entries.popleft()
            self._counts[f"{method} {path}"] += 1
            self._total += 1

    def snapshot(self) -> dict[str, Any]:
        """Return the ``GET /_emulator/requests`` body."""
        with self._lock:
            return {
                "requests": [dict(e) for e in self._entries],
                "counts": dict(self._counts),
                "total": self._total,
            }

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
            self._counts.clear()
            self._total = 0


class ConnectionDroppedError(ConnectionAbortedError):
    """Raised to the WSGI server to close the connection without any response."""


class WireMiddleware:
    """The outermost WSGI layer: logs SendGrid calls and drops responses when asked.

    The Flask layer marks the environ (logged path, fault id, drop flag). A dropped call
    has run and committed; its response is discarded and an :class:`OSError` is raised to
    the server, which then closes the connection without writing a byte (waitress does so
    when started with ``log_socket_errors=False``).
    """

    def __init__(self, app: WSGIApplication, log: RequestLog) -> None:
        self.app = app
        self.log = log

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Serve one request."""
        path = str(environ.get("PATH_INFO", ""))
        if is_control_path(path):
            return self.app(environ, start_response)
        seen: dict[str, str] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"] = status
            if environ.get(DROP_KEY):
                return lambda data: None
            return start_response(status, headers, exc_info)

        body = self.app(environ, capture)
        status = int(seen.get("status", "500").split(" ", 1)[0])
        self.log.record(
            str(environ.get("REQUEST_METHOD", "GET")),
            str(environ.get(LOG_PATH_KEY, path)),
            status,
            environ.get(FAULT_KEY),
        )
        if environ.get(DROP_KEY):
            close = getattr(body, "close", None)
            if close is not None:
                close()
            raise ConnectionDroppedError("response dropped after commit by an injected fault")
        return body
