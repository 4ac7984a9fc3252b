"""How the transport retries, and how it paces requests to stay within SendGrid's budget.

:class:`RetryPolicy` decides whether and how long to wait after a failed attempt (the one
place that handles a 429 that still comes); :class:`RateBudgets` holds requests back before
they are sent when the budget SendGrid announced is spent.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

__all__ = ["RetryPolicy", "header"]

#: ``X-RateLimit-Reset`` values below this are read as a number of seconds, not an epoch.
_EPOCH_THRESHOLD: Final = 1_000_000_000


def _uniform() -> float:
    return random.random()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How the transport retries.

    Attributes:
        max_attempts: attempts per call, the first included (1 disables retries).
        max_elapsed: no retry starts (nor is waited for) beyond this many seconds after
            the first attempt began.
        backoff_base: first backoff ceiling; attempt ``n`` waits a uniformly random time
            in ``[0, min(backoff_max, backoff_base * 2 ** (n - 1))]`` (full jitter).
        backoff_max: ceiling of one backoff wait.
        max_rate_limit_wait: ceiling of one wait asked for by a 429 (``Retry-After`` or
            ``X-RateLimit-Reset``).
        rate_limit_jitter: up to this many seconds are added to a 429 wait, so that
            threads refused together do not all come back at the same instant.
        sleep: how to wait (injectable for tests).
        monotonic: clock for the ``max_elapsed`` budget (injectable for tests).
        wall_clock: Unix time, to read ``X-RateLimit-Reset`` and HTTP dates (injectable).
        random: returns a float in ``[0, 1)`` for the jitter (injectable).
    """

    max_attempts: int = 5
    max_elapsed: float = 120.0
    backoff_base: float = 1.0
    backoff_max: float = 20.0
    max_rate_limit_wait: float = 60.0
    rate_limit_jitter: float = 0.5
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)
    monotonic: Callable[[], float] = field(default=time.monotonic, compare=False, repr=False)
    wall_clock: Callable[[], float] = field(default=time.time, compare=False, repr=False)
    random: Callable[[], float] = field(default=_uniform, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        for name in (
            "max_elapsed",
            "backoff_base",
            "backoff_max",
            "max_rate_limit_wait",
            "rate_limit_jitter",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")

    def backoff(self, attempt: int) -> float:
        """Wait after failed attempt number ``attempt`` (1-based): full jitter."""
        ceiling = min(self.backoff_max, self.backoff_base * 2.0 ** max(0, attempt - 1))
        return self.random() * ceiling

    def rate_limit_hint(self, headers: Mapping[str, str]) -> float | None:
        """Seconds a 429 asks to wait, from ``Retry-After`` then ``X-RateLimit-Reset``.

        ``None`` when neither header gives a wait in the future.
        """
        retry_after = header(headers, "Retry-After")
        if retry_after is not None:
            seconds = _parse_retry_after(retry_after, self.wall_clock())
            if seconds is not None and seconds > 0:
                return seconds
        reset = header(headers, "X-RateLimit-Reset")
        if reset is not None:
            try:
                value = float(reset)
            except ValueError:
                return None
            if not math.isfinite(value):
                return None
            seconds = value if value < _EPOCH_THRESHOLD else value - self.wall_clock()
            if seconds > 0:
                return seconds
        return None

    def rate_limit_wait(self, headers: Mapping[str, str], attempt: int) -> float:
        """Wait before retrying after a 429 on attempt ``attempt`` (1-based)."""
        hint = self.rate_limit_hint(headers)
        if hint is None:
            return self.backoff(attempt)
        return min(self.max_rate_limit_wait, hint + self.random() * self.rate_limit_jitter)


def header(headers: Mapping[str, str], name: str) -> str | None:
    """The value of header ``name`` (any case), stripped; ``None`` when absent."""
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        for key, val in headers.items():
            if key.lower() == lowered:
                return val.strip()
        return None
    return value.strip()


def _parse_retry_after(value: str, now: float) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP date."""
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return when.timestamp() - now
