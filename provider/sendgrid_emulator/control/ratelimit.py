"""Rate limiters: SendGrid's per-key window on v3, and per-path limits set by tests."""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

_MAX_KEYS = 10_000


@dataclass(frozen=True)
class RateDecision:
    """Whether a request may go on, and the ``X-RateLimit-*`` headers to send."""

    allowed: bool
    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        """Return the ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset`` headers."""
        names = ("limit", "remaining", "reset")
        return {f"X-RateLimit-{name.title()}": str(getattr(self, name)) for name in names}


class WindowCounter:
    """A fixed-window counter per key: ``limit`` requests per ``window`` seconds."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}

    def _current(self, key: str, now: float) -> tuple[float, int]:
        start, used = self._windows.get(key, (now, 0))
        if now >= start + self.window:
            start, used = now, 0
        return start, used

    def hit(self, key: str) -> RateDecision:
        """Count one request for the key."""
        now = self._clock()
        with self._lock:
            start, used = self._current(key, now)
            allowed = used < self.limit
            if allowed:
                used += 1
            self._windows[key] = (start, used)
            if len(self._windows) > _MAX_KEYS:
                # Forget finished windows so that random keys cannot grow the table for ever.
                self._windows = {k: v for k, v in self._windows.items() if now < v[0] + self.window}
        return RateDecision(allowed, self.limit, self.limit - used, math.ceil(start + self.window))

    def peek(self, key: str) -> RateDecision:
        """Return the decision for the key without counting a request."""
        now = self._clock()
        with self._lock:
            start, used = self._current(key, now)
        return RateDecision(True, self.limit, self.limit - used, math.ceil(start + self.window))

    def clear(self) -> None:
        """Forget every window."""
        with self._lock:
            self._windows.clear()


class PathRateLimit:
    """A generic cell rate algorithm limit on paths matching a regular expression.

    ``per_second`` requests a second on average, with a burst of ``max(1, per_second)``
    requests. When a request is refused, ``X-RateLimit-Reset`` is the (rounded up) Unix
    time at which the next request will be allowed; on an allowed request it is the time
    at which the whole burst is available again.
    """

    def __init__(
        self,
        rule_id: int,
        pattern: str,
        per_second: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.id = rule_id
        self.pattern = pattern
        self.regex = re.compile(pattern)
        self.per_second = per_second
        self.interval = 1.0 / per_second
        self.burst = max(1, math.floor(per_second))
        self._tolerance = (self.burst - 1) * self.interval
        self._tat = 0.0
        self._clock = clock
        self._lock = threading.Lock()

    def matches(self, paths: tuple[str, ...]) -> bool:
        """Tell whether the rule covers any spelling of the request path."""
        return any(self.regex.search(p) for p in paths)

    def hit(self) -> RateDecision:
        """Count one request and decide."""
        now = self._clock()
        with self._lock:
            tat = max(self._tat, now)
            allowed_from = tat - self._tolerance
            if now < allowed_from:
                return RateDecision(False, self.burst, 0, math.ceil(allowed_from))
            self._tat = tat + self.interval
            slack = self._tolerance - (self._tat - now)
            remaining = 0 if slack < 0 else math.floor(slack / self.interval + 1e-9) + 1
            full_at = self._tat
        return RateDecision(True, self.burst, min(remaining, self.burst), math.ceil(full_at))

    def describe(self) -> dict[str, object]:
        """Describe the rule as the control API shows it."""
        return {"id": self.id, "path": self.pattern, "per_second": self.per_second}
