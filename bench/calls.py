"""SendGrid calls per resource type and operation, against the documented minimum."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ._emulator import CallLog, EmulatorProcess
from ._programs import KINDS, TenantSpec, make_stack, urns_of
from .measure import changes, quiet

CALLS_TENANTS = 4
"""Tenants of the calls-per-operation stack (counts are divided by it)."""
INVENTORY_CALL = "POST /apiv2/reseller.ip.json?task=all"
"""The parent's IP list: read by ``check`` to verify IP ownership, cached per process."""


def _minimum(create: int, refresh: int) -> dict[str, int]:
    """The fewest calls per operation: no-change preview and up make none, edits one."""
    return {
        "create": create,
        "preview": 0,
        "noop_up": 0,
        "refresh": refresh,
        "update": 1,
        "delete": 1,
    }


MINIMUM: dict[str, dict[str, int]] = {
    "Customer": _minimum(create=2, refresh=1),
    "CustomerIpAssignment": _minimum(create=1, refresh=1),
    "Subuser": _minimum(create=1, refresh=2),
    "SubuserMonitor": _minimum(create=1, refresh=1),
}
"""The fewest calls the documented API allows, per resource type and operation."""
MINIMUM_WHY = {
    "Customer": "create: reseller.add answers only 'success', so one profile get learns the "
    "id; refresh: profile get; update first_name: profile set; delete: reseller.delete",
    "CustomerIpAssignment": "create/update: one sendip append set=specify defines the "
    "result (reading it back is optional); refresh: sendip list; delete: append set=none",
    "Subuser": "create: POST /v3/subusers answers user_id; refresh: GET /v3/subusers plus "
    "sendip list (its IPs live behind another call); update disabled: PATCH; delete: DELETE",
    "SubuserMonitor": "create: POST; refresh: GET; update frequency: PUT; delete: DELETE",
}
UPDATED_FIELD = {
    "Customer": "first_name",
    "CustomerIpAssignment": "ips",
    "Subuser": "disabled",
    "SubuserMonitor": "frequency",
}


@dataclass
class CallsResult:
    """Calls per resource, per type and operation, with the calls made once per operation."""

    tenants: int
    per_resource: dict[str, dict[str, float]] = field(default_factory=dict)
    endpoints: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    per_operation: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)


def measure_calls(
    emu: EmulatorProcess, root: Path, run_id: str, log: Callable[[str], None]
) -> CallsResult:
    """Count the calls of each operation on each resource type, from the request log.

    One stack of a few tenants goes through: creating each type in turn, a no-change
    preview and up, a refresh of each type alone, an update of one field of each type in
    turn, and removing each type in turn. The subuser's IPs are given literally here, so
    that an IP change of the assignment does not also update the subuser.
    """
    k = CALLS_TENANTS
    spec = TenantSpec(prefix=f"{run_id}calls", count=k, kinds=0, chain_ips=False)
    stack = make_stack("calls", spec.program(), root, emu.env())
    out = CallsResult(k, {kind: {} for kind in KINDS}, {kind: {} for kind in KINDS})

    def record(kind: str, op: str, calls: CallLog) -> None:
        once = calls.counts.get(INVENTORY_CALL, 0)
        if once:
            out.per_operation[f"{kind}.{op}"] = once
        rest = calls.without(INVENTORY_CALL)
        out.per_resource[kind][op] = round(rest.total / k, 2)
        out.endpoints[kind][op] = dict(sorted(rest.counts.items()))

    def run(label: str, action: Callable[[], Any]) -> CallLog:
        emu.clear_calls()
        result = action()
        calls = emu.calls()
        log(f"  calls {label:<34} {changes(result)}  calls={calls.total}")
        return calls

    for depth, kind in enumerate(KINDS, start=1):
        spec.kinds = depth
        record(kind, "create", run(f"create {kind}", lambda: stack.up(on_output=quiet)))
    out.totals["preview"] = run(
        "no-change preview", lambda: stack.preview(on_output=quiet, expect_no_changes=True)
    ).total
    out.totals["noop_up"] = run(
        "no-change up", lambda: stack.up(on_output=quiet, expect_no_changes=True)
    ).total
    for kind in KINDS:
        out.per_resource[kind]["preview"] = out.totals["preview"] / (4 * k)
        out.per_resource[kind]["noop_up"] = out.totals["noop_up"] / (4 * k)
    out.totals["refresh"] = run(
        "refresh (all)", lambda: stack.refresh(on_output=quiet, expect_no_changes=True)
    ).total
    for kind in KINDS:
        targets = urns_of(stack, kind)
        record(
            kind,
            "refresh",
            run(
                f"refresh {kind}",
                partial(stack.refresh, on_output=quiet, target=targets, expect_no_changes=True),
            ),
        )
    for kind in KINDS:
        spec.changed.add(kind)
        record(
            kind,
            "update",
            run(f"update {kind}.{UPDATED_FIELD[kind]}", lambda: stack.up(on_output=quiet)),
        )
    for depth, kind in reversed(list(enumerate(KINDS))):
        spec.kinds = depth
        record(kind, "delete", run(f"delete {kind}", lambda: stack.up(on_output=quiet)))
    return out
