"""Fault injection and per-path rate limits, and the control state that holds them.

Faults and rate limits are registered through the control API and act on the SendGrid
paths only. They live in memory: a restart or a reset forgets them.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import ControlRequestError
from .ratelimit import PathRateLimit, RateDecision, WindowCounter
from .requestlog import RequestLog

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
#: The fault's attributes the control API shows as they are.
_DESCRIBED = (
    "id",
    "method",
    "status",
    "latency_ms",
    "drop_after_commit",
    "remaining",
    "fraction",
    "fired",
)
_Rule = TypeVar("_Rule", "Fault", PathRateLimit)


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
        shown = {name: getattr(self, name) for name in _DESCRIBED}
        return {
            **shown,
            "path": self.pattern,
            "body": self.body if self.has_body else None,
            "headers": dict(self.headers),
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

    def _register(self, rules: list[_Rule], parse: Callable[[int, Any], _Rule], spec: Any) -> _Rule:
        """Parse ``spec`` with the next id and add it to ``rules``; return it."""
        with self._lock:
            rule = parse(self._next_id, spec)
            self._next_id += 1
            rules.append(rule)
            return rule

    def add_fault(self, spec: Any) -> Fault:
        """Register a fault; return it with its id."""
        return self._register(self._faults, parse_fault, spec)

    def add_rate_limit(self, spec: Any) -> PathRateLimit:
        """Register a per-path rate limit; return it with its id."""
        return self._register(self._limits, parse_rate_limit, spec)

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
