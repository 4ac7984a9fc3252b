"""Fault injection, per-path rate limits, the request log and the dropped-response wire hook.

Faults and rate limits are registered through the control API and act on the SendGrid
paths only. They live in memory: a restart or a reset forgets them.
"""

from __future__ import annotations

import random
import re
import threading
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from .errors import ControlRequestError
from .ratelimit import PathRateLimit, RateDecision, WindowCounter

#: WSGI environ keys the Flask layer sets for the wire layer.
LOG_PATH_KEY = "sendgrid_emulator.log_path"
FAULT_KEY = "sendgrid_emulator.fault"
DROP_KEY = "sendgrid_emulator.drop"

CONTROL_PREFIX = "/_emulator"

_FAULT_KEYS = {
    "method",
    "path",
    "status",
    "body",
    "headers",
    "latency_ms",
    "drop_after_commit",
    "count",
    "fraction",
}
_MAX_LATENCY_MS = 600_000


def is_control_path(path: str) -> bool:
    """Tell whether the path belongs to the control API."""
    return path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")


@dataclass
class Fault:
    """One registered fault."""

    id: int
    method: str
    pattern: str
    regex: re.Pattern[str]
    status: int | None
    body: Any
    has_body: bool
    headers: dict[str, str]
    latency_ms: int
    drop_after_commit: bool
    remaining: int | None
    fraction: float | None
    fired: int = 0

    def matches(self, method: str, paths: tuple[str, ...]) -> bool:
        """Tell whether the fault covers this call."""
        if self.method != "*" and self.method != method.upper():
            return False
        return any(self.regex.search(p) for p in paths)

    def describe(self) -> dict[str, Any]:
        """Describe the fault as the control API shows it."""
        return {
            "id": self.id,
            "method": self.method,
            "path": self.pattern,
            "status": self.status,
            "body": self.body if self.has_body else None,
            "headers": dict(self.headers),
            "latency_ms": self.latency_ms,
            "drop_after_commit": self.drop_after_commit,
            "remaining": self.remaining,
            "fraction": self.fraction,
            "fired": self.fired,
        }


def _int_field(spec: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
    value = spec.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ControlRequestError(f"{name} must be an integer from {low} to {high}")
    return value


def parse_fault(fault_id: int, spec: Any) -> Fault:
    """Validate a ``POST /_emulator/faults`` body."""
    if not isinstance(spec, dict):
        raise ControlRequestError("the body must be a JSON object")
    unknown = sorted(set(spec) - _FAULT_KEYS)
    if unknown:
        raise ControlRequestError(f"unknown fault fields: {', '.join(unknown)}")
    method = spec.get("method", "*")
    if not isinstance(method, str) or not re.fullmatch(r"\*|[A-Za-z]+", method):
        raise ControlRequestError('method must be an HTTP method or "*"')
    pattern = spec.get("path")
    if not isinstance(pattern, str) or not pattern:
        raise ControlRequestError("path is required: a regular expression")
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        raise ControlRequestError(f"path is not a valid regular expression: {exc}") from exc
    status = _int_field(spec, "status", 100, 599)
    headers = spec.get("headers") or {}
    if not isinstance(headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str | int | float) and not isinstance(v, bool)
        for k, v in headers.items()
    ):
        raise ControlRequestError("headers must be an object of header names to values")
    latency = _int_field(spec, "latency_ms", 0, _MAX_LATENCY_MS) or 0
    drop = spec.get("drop_after_commit", False)
    if not isinstance(drop, bool):
        raise ControlRequestError("drop_after_commit must be a boolean")
    has_body = "body" in spec
    if drop and (status is not None or has_body):
        raise ControlRequestError("drop_after_commit cannot be combined with status or body")
    if has_body and status is None:
        status = 200
    if status is None and not drop and not latency:
        raise ControlRequestError(
            "a fault needs at least one of status, body, latency_ms, drop_after_commit"
        )
    count = _int_field(spec, "count", 1, 10**9)
    fraction = spec.get("fraction")
    if fraction is not None:
        if (
            isinstance(fraction, bool)
            or not isinstance(fraction, int | float)
            or not 0 < fraction <= 1
        ):
            raise ControlRequestError("fraction must be a number in (0, 1]")
        if count is not None:
            raise ControlRequestError("give count or fraction, not both")
        fraction = float(fraction)
    elif count is None:
        count = 1
    return Fault(
        id=fault_id,
        method=method.upper(),
        pattern=pattern,
        regex=regex,
        status=status,
        body=spec.get("body"),
        has_body=has_body,
        headers={str(k): str(v) for k, v in headers.items()},
        latency_ms=latency,
        drop_after_commit=drop,
        remaining=count,
        fraction=fraction,
    )


def parse_rate_limit(rule_id: int, spec: Any) -> PathRateLimit:
    """Validate a ``POST /_emulator/ratelimits`` body."""
    if not isinstance(spec, dict):
        raise ControlRequestError("the body must be a JSON object")
    unknown = sorted(set(spec) - {"path", "per_second"})
    if unknown:
        raise ControlRequestError(f"unknown rate limit fields: {', '.join(unknown)}")
    pattern = spec.get("path")
    if not isinstance(pattern, str) or not pattern:
        raise ControlRequestError("path is required: a regular expression")
    per_second = spec.get("per_second")
    if (
        isinstance(per_second, bool)
        or not isinstance(per_second, int | float)
        or not 0 < per_second <= 1_000_000
    ):
        raise ControlRequestError("per_second must be a number above 0")
    try:
        return PathRateLimit(rule_id, pattern, float(per_second))
    except re.error as exc:
        raise ControlRequestError(f"path is not a valid regular expression: {exc}") from exc


@dataclass
class RequestLog:
    """Every call made to the SendGrid paths: method, logged path, status, fault."""

    max_entries: int = 100_000
    _entries: deque[dict[str, Any]] = field(default_factory=deque)
    _counts: Counter[str] = field(default_factory=Counter)
    _total: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, method: str, path: str, status: int, fault: int | str | None) -> None:
        """Add one entry (the oldest entries go beyond ``max_entries``; counts stay)."""
        entry = {"method": method, "path": path, "status": status, "fault": fault}
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


class ControlState:
    """The in-memory side of the emulator: faults, rate limits, request log, v3 window."""

    def __init__(self, v3_limit: int, v3_window: float) -> None:
        self.log = RequestLog()
        self.v3_window = WindowCounter(v3_limit, v3_window)
        self._faults: list[Fault] = []
        self._limits: list[PathRateLimit] = []
        self._next_id = 1
        self._lock = threading.Lock()
        self._random = random.Random()

    def add_fault(self, spec: Any) -> Fault:
        """Register a fault; return it with its id."""
        with self._lock:
            fault = parse_fault(self._next_id, spec)
            self._next_id += 1
            self._faults.append(fault)
            return fault

    def add_rate_limit(self, spec: Any) -> PathRateLimit:
        """Register a per-path rate limit; return it with its id."""
        with self._lock:
            rule = parse_rate_limit(self._next_id, spec)
            self._next_id += 1
            self._limits.append(rule)
            return rule

    def take_fault(self, method: str, paths: tuple[str, ...]) -> Fault | None:
        """Return the first registered fault that fires for this call (spending its budget)."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(method, paths):
                    continue
                if fault.fraction is not None:
                    if self._random.random() >= fault.fraction:
                        continue
                elif fault.remaining is not None:
                    if fault.remaining <= 0:
                        continue
                    fault.remaining -= 1
                fault.fired += 1
                return fault
        return None

    def check_rate_limits(self, paths: tuple[str, ...]) -> RateDecision | None:
        """Apply every matching per-path limit; the first refusal (or last grant) wins."""
        with self._lock:
            rules = [r for r in self._limits if r.matches(paths)]
        decision: RateDecision | None = None
        for rule in rules:
            decision = rule.hit()
            if not decision.allowed:
                return decision
        return decision

    def describe(self) -> dict[str, Any]:
        """Describe the registered faults and rate limits."""
        with self._lock:
            return {
                "faults": [f.describe() for f in self._faults],
                "ratelimits": [r.describe() for r in self._limits],
            }

    def clear_faults(self) -> None:
        """Forget every fault and rate limit."""
        with self._lock:
            self._faults.clear()
            self._limits.clear()

    def reset(self) -> None:
        """Forget faults, rate limits, the request log and the v3 windows."""
        self.clear_faults()
        self.log.clear()
        self.v3_window.clear()


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
