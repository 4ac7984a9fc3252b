"""Process-wide state, in one place: stack settings, clients, snapshots, IP inventory, claims.

The engine runs a provider with several threads, and a program may declare resources from
several threads too, so every table here is shared by every thread of the process.

Lock discipline: one lock, :data:`_lock`, guards every table of this module. It is held
only to read or write a table, never while calling SendGrid, the engine or user code, and
no other lock is taken while it is held. Clients are kept per thread (each has its own
connection pool) and need no lock; what their threads must share, the pacing of requests
against SendGrid's budget, is :data:`_budgets`, and the snapshots of bulk reads,
:data:`_snapshots`; both lock themselves.

Bulk reads. In the provider process the engine starts for one operation (``pulumi
refresh``, ``up``, ``preview --refresh``: ``python -m pulumi.dynamic``), the reads of
customers, subusers, users' IPs and accounts' emails are served by SendGrid's bulk calls
(see :mod:`.client._bulk`): one call (or one per 500 subusers) answers the reads of every
object of the operation. The process lives as long as the operation, so a snapshot is
never older than the operation it serves; every write made by any client of the process
drops the snapshots (:mod:`.client._snapshots`), so a read after a write asks again.
Anywhere else (a program's lookups, providers driven in-process by tests), no operation
bounds a snapshot's life: each read makes its own calls. ``SENDGRID_BULK_READS=off``
turns bulk reads off in the provider process too.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from typing import Any, Final

from .client import Credentials, RateBudgets, SendGridClient, Snapshots
from .config import bulk_reads_allowed, resolve_options, stack_values

__all__ = [
    "claim",
    "client_for",
    "parent_ips",
    "reset",
    "set_stack_config",
    "snapshots",
    "stack_config",
]

_lock = threading.Lock()

# ----------------------------------------------------------------------------- settings

_stack_config: dict[str, str] = {}


def set_stack_config(values: Mapping[str, Any]) -> None:
    """Record the stack configuration handed to ``configure`` (the provider's keys only)."""
    recorded = stack_values(values)
    with _lock:
        _stack_config.clear()
        _stack_config.update(recorded)


def stack_config() -> dict[str, str]:
    """A copy of the recorded stack configuration."""
    with _lock:
        return dict(_stack_config)


# ------------------------------------------------------------------------------ clients

_ClientKey = tuple[str, str | None, str, float, float, float | None]
_clients = threading.local()
_budgets = RateBudgets()
"""The request budgets of the process: every client paces against them."""


def _in_engine_provider_process() -> bool:
    """Whether this process is the engine's dynamic provider host (one per operation)."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == "pulumi.dynamic.__main__"


_snapshots = Snapshots(enabled=_in_engine_provider_process() and bulk_reads_allowed())
"""The snapshots of bulk reads of the process, shared by every client (see the module)."""


def snapshots() -> Snapshots:
    """The process's snapshots of bulk reads (on in the engine's provider process)."""
    return _snapshots


def client_for(
    credentials: Credentials, *, config: Mapping[str, str] | None = None
) -> SendGridClient:
    """A client for these credentials, reused by the calling thread.

    Its timeouts and pacing ceiling come from ``config`` (default: the recorded stack
    configuration), then the environment. Every client paces against the process's one
    table of request budgets, so that all threads together stay within SendGrid's.
    """
    options = resolve_options(stack_config() if config is None else config)
    key: _ClientKey = (
        credentials.api_url,
        credentials.api_user,
        _digest(credentials),
        options.timeouts.connect,
        options.timeouts.read,
        options.max_requests_per_second,
    )
    cache: dict[_ClientKey, SendGridClient] | None = getattr(_clients, "cache", None)
    if cache is None:
        cache = {}
        _clients.cache = cache
    client = cache.get(key)
    if client is None:
        client = SendGridClient(
            credentials,
            timeouts=options.timeouts,
            budgets=_budgets,
            snapshots=_snapshots,
            max_requests_per_second=options.max_requests_per_second,
        )
        cache[key] = client
    return client


def _digest(creds: Credentials) -> str:
    return hashlib.sha256(creds.api_key.get_secret_value().encode()).hexdigest()


# ---------------------------------------------------------------------------- inventory

_INVENTORY_TTL: Final = 30.0
_inventory: dict[tuple[str, str | None], tuple[float, frozenset[str]]] = {}


def parent_ips(
    credentials: Credentials,
    fetch: Callable[[], frozenset[str]],
    *,
    clock: Callable[[], float] = time.monotonic,
) -> frozenset[str]:
    """Every IP of the parent account, cached for a few seconds per endpoint and user.

    ``fetch`` asks SendGrid; it is called outside the lock, so two threads may both ask
    when the cache is cold (the answer is the same).
    """
    key = (credentials.api_url, credentials.api_user)
    now = clock()
    with _lock:
        hit = _inventory.get(key)
        if hit is not None and now - hit[0] < _INVENTORY_TTL:
            return hit[1]
    ips = fetch()
    with _lock:
        _inventory[key] = (now, ips)
    return ips


# ------------------------------------------------------------------------------- claims

_claims: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], str]] = weakref.WeakKeyDictionary()
_claims_without_root: dict[tuple[str, str], str] = {}


def claim(run: object | None, namespace: str, name: str, owner: str) -> str:
    """Claim ``name`` in ``namespace`` for ``owner``; return the owner that holds it.

    The holder is ``owner`` itself unless another claimed the name first in this run.

    ``run`` identifies the program run (the engine's root resource; weakly referenced, so
    a finished run's claims go with it); ``None`` when there is none.
    """
    with _lock:
        seen = _claims.setdefault(run, {}) if run is not None else _claims_without_root
        return seen.setdefault((namespace, name), owner)


def reset() -> None:
    """Forget every recorded setting, snapshot, cached inventory and claim (clients stay)."""
    _snapshots.invalidate()
    with _lock:
        _stack_config.clear()
        _inventory.clear()
        _claims.clear()
        _claims_without_root.clear()
