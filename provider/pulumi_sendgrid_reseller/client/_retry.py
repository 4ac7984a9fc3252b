"""How the transport retries, and the readers of the rate-limit headers.

:class:`RetryPolicy` is the one place that decides whether and how long to wait after a
failed attempt (a 429 that still comes included); the header readers are shared with the
pacing (:mod:`._pacing`).
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

__all__ = ["RetryPolicy", "count_header", "header", "parse_retry_after", "reset_time"]

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

    def wait_before_retry(
        self,
        attempt: int,
        started: float,
        rate_limit_headers: Mapping[str, str] | None = None,
    ) -> float | None:
        """How long to wait before retrying after failed attempt ``attempt`` (1-based).

        ``None`` when no retry may follow: ``max_attempts`` are spent, or the wait would
        end beyond ``max_elapsed`` seconds after ``started`` (a :attr:`monotonic` time).
        ``rate_limit_headers`` are those of a 429 answer (their wait wins over backoff).
        """
        if attempt >= self.max_attempts:
            return None
        if rate_limit_headers is not None:
            wait = self.rate_limit_wait(rate_limit_headers, attempt)
        else:
            wait = self.backoff(attempt)
        if self.monotonic() - started + wait > self.max_elapsed:
            return None
        return wait

    def rate_limit_hint(self, headers: Mapping[str, str]) -> float | None:
        """Seconds a 429 asks to wait, from ``Retry-After`` then ``X-RateLimit-Reset``.

        ``None`` when neither header gives a wait in the future.
        """
        retry_after = header(headers, "Retry-After")
        if retry_after is not None:
            seconds = parse_retry_after(retry_after, self.wall_clock())
            if seconds is not None and seconds > 0:
                return seconds
        now = self.wall_clock()
        reset = reset_time(header(headers, "X-RateLimit-Reset"), now)
        if reset is not None and reset > now:
            return reset - now
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


def parse_retry_after(value: str, now: float) -> float | None:
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


def reset_time(value: str | None, now: float) -> float | None:
    """``X-RateLimit-Reset`` as a Unix time: an epoch, or seconds from now when small."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    if not math.isfinite(seconds):
        return None
    return seconds if seconds >= _EPOCH_THRESHOLD else now + seconds


def count_header(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(float(value))
    except (ValueError, OverflowError):
        return None
    return number if number >= 0 else None
