"""Snapshots: one bulk call serving the reads of many objects, dropped at every write.

A refresh reads every object of a stack. SendGrid answers many of those reads with one
call: the v2 customer list (every customer's profile), the v3 subuser list (500 a page), the
IP inventory with its users (``reseller.ip task=usage``). :class:`Snapshots` keeps such an
answer for the reads that follow, under these rules:

- **Fresh.** A snapshot lives in memory only, as long as the :class:`Snapshots` object
  that holds it; its owner decides how long that is (the provider keeps one per provider
  process, that is, per engine operation), so no read sees data older than the operation
  it serves.
- **Never stale after a write.** Every request that is not a read (see :func:`is_read`)
  drops every snapshot, after it is answered or failed (the transport tells
  :meth:`Snapshots.after_request`); a bulk call that was in flight meanwhile is not kept.
- **Coalesced.** Concurrent reads of one snapshot share one bulk call: the first caller
  makes it, the others wait for its answer.

The snapshots are off (``enabled=False``) unless their owner turns them on: off, the
client's :class:`~._bulk.BulkReads` make one call per object, as without them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Final, TypeVar, cast

__all__ = ["Snapshots", "is_read"]

T = TypeVar("T")

#: v2 calls that only read, whatever their form (the IP inventory).
_V2_READ_PATHS: Final = frozenset({"/apiv2/reseller.ip.json", "/apiv2/customer.ip.json"})
#: v2 calls that read with these form values, and change something with others.
_V2_READ_FORMS: Final[dict[str, dict[str, str]]] = {
    "/apiv2/customer.sendip.json": {"task": "list"},
    "/apiv2/reseller.manage.json": {"method": "profile", "task": "get"},
}


def is_read(method: str, path: str, form: Iterable[tuple[str, str]] | None = None) -> bool:
    """Whether a request only reads: a ``GET``, or a v2 call that lists or gets.

    Anything else counts as a write (the safe side: a write drops the snapshots).
    """
    if method.upper() == "GET":
        return True
    bare = path.split("?", 1)[0]
    if bare in _V2_READ_PATHS:
        return True
    wanted = _V2_READ_FORMS.get(bare)
    if wanted is None:
        return False
    sent = dict(form or ())
    return all(sent.get(key) == value for key, value in wanted.items())


class _Flight:
    """One bulk call in progress, which later readers of the same snapshot wait for."""

    __slots__ = ("done", "generation", "value")

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.done = threading.Event()
        self.value: Any = None  # set when the call succeeded; None when it failed


class Snapshots:
    """Answers of bulk calls, kept until the next write; thread-safe.

    Args:
        enabled: whether :class:`~._bulk.BulkReads` use the snapshots (off: one call per
            object read). Writes drop the snapshots either way.

    Attributes:
        bulk_calls: how many bulk calls were made (a figure for tests and benchmarks).
    """

    def __init__(self, *, enabled: bool = False) -> None:
        self._lock = threading.Lock()
        self._enabled = enabled
        self._values: dict[Hashable, Any] = {}
        self._flights: dict[Hashable, _Flight] = {}
        self._generation = 0
        self.bulk_calls = 0

    @property
    def enabled(self) -> bool:
        """Whether reads are served from snapshots."""
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Turn the snapshots on or off; either way, every snapshot kept is dropped."""
        with self._lock:
            self._enabled = enabled
            self._drop()

    def get(self, key: Hashable, fetch: Callable[[], T]) -> T:
        """The snapshot ``key``, made by ``fetch`` (one bulk call) if there is none.

        Concurrent callers share one ``fetch``. A fetch that a write overtook still answers
        the readers that were waiting for it (they started before the write), but is not
        kept: later reads make a new one. When the fetch fails, its error reaches the
        caller that made it; each waiting caller then tries once more itself.
        """
        while True:
            with self._lock:
                if key in self._values:
                    return cast(T, self._values[key])
                flight = self._flights.get(key)
                leader = flight is None
                if flight is None:
                    flight = self._flights[key] = _Flight(self._generation)
                    self.bulk_calls += 1
            if not leader:
                flight.done.wait()
                if flight.value is not None:
                    return cast(T, flight.value)
                continue  # the call failed: try again (this caller may lead now)
            try:
                value = fetch()
            except BaseException:
                with self._lock:
                    if self._flights.get(key) is flight:
                        del self._flights[key]
                flight.done.set()
                raise
            with self._lock:
                if self._flights.get(key) is flight:
                    del self._flights[key]
                if self._generation == flight.generation:
                    self._values[key] = value
            flight.value = value
            flight.done.set()
            return value

    def invalidate(self) -> None:
        """Drop every snapshot, and keep no answer of a bulk call in flight."""
        with self._lock:
            self._drop()

    def after_request(
        self, method: str, path: str, form: Iterable[tuple[str, str]] | None = None
    ) -> None:
        """Told by the transport after each attempt: a write drops every snapshot."""
        if not is_read(method, path, form):
            self.invalidate()

    def _drop(self) -> None:
        self._generation += 1
        self._values.clear()
        self._flights.clear()
