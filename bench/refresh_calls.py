"""SendGrid calls of a clean ``pulumi refresh``, each read its own call against bulk reads.

One stack of N tenants (each a Customer, its CustomerIpAssignment, a Subuser and its
SubuserMonitor: four resources, two SendGrid accounts) is created once, then refreshed
twice through the real engine: with ``SENDGRID_BULK_READS=off`` (every read its own call:
the provider before bulk reads) and with bulk reads on (the default). The calls are
counted from the emulator's request log; both refreshes must report no change.

Run: ``bash scripts/bench.sh --refresh-calls [--sizes 40,200]``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._emulator import EmulatorProcess
from ._programs import TenantSpec, make_stack
from .measure import changes, quiet

REFRESH_SIZES = (40, 200)
"""Tenants per stack unless ``--sizes`` says otherwise."""


@dataclass
class RefreshCalls:
    """The calls of one clean refresh of N tenants, one read per call and in bulk."""

    tenants: int
    calls: dict[str, int] = field(default_factory=dict)  # "single" / "bulk" -> total
    endpoints: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    changes: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Both refreshes reported no change."""
        return all(set(c) == {"same"} for c in self.changes.values())

    def json(self) -> dict[str, Any]:
        """The figures, per tenant (4 resources) and per SendGrid account (2 a tenant)."""
        return {
            "tenants": self.tenants,
            "calls": self.calls,
            "per_tenant": {k: v / self.tenants for k, v in self.calls.items()},
            "per_account": {k: v / (2 * self.tenants) for k, v in self.calls.items()},
            "seconds": self.seconds,
            "endpoints": self.endpoints,
            "ok": self.ok,
        }


def measure_refresh_calls(
    emu: EmulatorProcess, n: int, root: Path, run_id: str, log: Callable[[str], None]
) -> RefreshCalls:
    """Create N tenants, refresh them without and with bulk reads, then destroy them."""
    spec = TenantSpec(prefix=f"{run_id}rf{n}", count=n)
    stack = make_stack(f"refresh{n}", spec.program(), root, emu.env())
    out = RefreshCalls(n)
    stack.up(on_output=quiet)
    try:
        for mode, switch in (("single", "off"), ("bulk", "on")):
            stack.workspace.env_vars = {**stack.workspace.env_vars, "SENDGRID_BULK_READS": switch}
            emu.clear_calls()
            began = time.perf_counter()
            result = stack.refresh(on_output=quiet)
            out.seconds[mode] = time.perf_counter() - began
            calls = emu.calls()
            out.calls[mode] = calls.total
            out.endpoints[mode] = dict(sorted(calls.counts.items()))
            out.changes[mode] = changes(result)
            log(
                f"  refresh of {n} tenants, {mode:<6}: {calls.total} calls "
                f"({calls.total / n:.2f} a tenant), {changes(result)}"
            )
    finally:
        stack.destroy(on_output=quiet)
    return out


def render_refresh_calls(results: list[RefreshCalls]) -> str:
    """A table: calls of a clean refresh, per tenant and per account, before and after."""
    lines = [
        "Calls of a clean refresh (tenant = Customer + CustomerIpAssignment + Subuser + "
        "SubuserMonitor)",
        f"{'N':>5} {'one read a call':>16} {'a tenant':>9} {'bulk reads':>11} {'a tenant':>9} "
        f"{'an account':>11} {'ok':>3}",
    ]
    for r in results:
        single, bulk = r.calls.get("single", 0), r.calls.get("bulk", 0)
        lines.append(
            f"{r.tenants:>5} {single:>16} {single / r.tenants:>9.2f} {bulk:>11} "
            f"{bulk / r.tenants:>9.2f} {bulk / (2 * r.tenants):>11.2f} {'yes' if r.ok else 'NO':>3}"
        )
    return "\n".join(lines)
