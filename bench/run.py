"""Benchmarks of pulumi-sendgrid-reseller against the emulator: overhead, calls, scale.

Run: ``bash scripts/bench.sh [--quick]`` (or ``python -m bench [--quick]`` with the engine
on PATH). Prints tables, then ONE line of JSON with every figure. Figures are printed,
never asserted on: this is a benchmark, not a test.

What is measured, all on this machine in one run, against one emulator process:

* **overhead**: wall time of ``pulumi up`` creating N tenants (4N resources) divided by
  the wall time of ``pulumi up`` creating the same graph of 4N ``Noop`` resources (the
  engine's own floor for dynamic resources); also no-change ``preview``, ``refresh`` and
  ``destroy`` against their Noop floors;
* **calls per operation**, from the emulator's request log, per resource type, against
  the minimum the documented API allows;
* **growth**: time at the largest N divided by time at the previous N;
* **emulator**: requests per second and p99 latency with 8 clients (bench/emulator_rps.py);
* **scale**: the largest stack (1000 resources at N = 250) applies and destroys cleanly.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pulumi import automation as auto

from ._emulator import CallLog, EmulatorProcess
from ._programs import (
    CUSTOMER_PASSWORD,
    KINDS,
    SUBUSER_PASSWORD,
    TenantSpec,
    make_stack,
    noop_program,
    shaped_floor_program,
    urns_of,
)

FULL_SIZES = (25, 100, 250)
QUICK_SIZES = (5, 10)
CALLS_TENANTS = 4
"""Tenants of the calls-per-operation stack (counts are divided by it)."""
INVENTORY_CALL = "POST /apiv2/reseller.ip.json?task=all"
"""The parent's IP list: read by ``check`` to verify IP ownership, cached per process."""

T = TypeVar("T")

# The fewest calls the documented API allows, and why.
MINIMUM: dict[str, dict[str, int]] = {
    "Customer": {"create": 2, "preview": 0, "noop_up": 0, "refresh": 1, "update": 1, "delete": 1},
    "CustomerIpAssignment": {
        "create": 1,
        "preview": 0,
        "noop_up": 0,
        "refresh": 1,
        "update": 1,
        "delete": 1,
    },
    "Subuser": {"create": 1, "preview": 0, "noop_up": 0, "refresh": 2, "update": 1, "delete": 1},
    "SubuserMonitor": {
        "create": 1,
        "preview": 0,
        "noop_up": 0,
        "refresh": 1,
        "update": 1,
        "delete": 1,
    },
}
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


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """Run ``action``; return its result and its wall time in seconds."""
    began = time.perf_counter()
    result = action()
    return result, time.perf_counter() - began


def changes(result: Any) -> dict[str, int]:
    """The change counts of an up/refresh/destroy result or of a preview result."""
    summary = getattr(result, "summary", None)
    if summary is not None:
        return {str(k): int(v) for k, v in (summary.resource_changes or {}).items()}
    return {str(k): int(v) for k, v in (result.change_summary or {}).items()}


def quiet(_line: str) -> None:
    """Swallow the engine's progress output."""


# --------------------------------------------------------------------------------------
# Scale: the same graph with the provider and with Noop resources
# --------------------------------------------------------------------------------------


@dataclass
class Step:
    """One engine operation: wall time, CPU time, change counts, and the SendGrid calls.

    CPU seconds are split by process: ``cpu_engine`` is the ``pulumi`` command and its
    plugins (among them the dynamic-provider host, where the provider code runs),
    ``cpu_program`` the inline program (this process), ``cpu_emulator`` the emulator.
    Unlike wall time, CPU time hardly depends on what else the machine is doing.
    """

    seconds: float
    changes: dict[str, int]
    calls: int = 0
    errors: int = 0
    rate_limited: int = 0
    cpu_engine: float = 0.0
    cpu_program: float = 0.0
    cpu_emulator: float = 0.0
    load: float = 0.0
    """The machine's 1-minute load average when the operation ended."""

    @property
    def cpu(self) -> float:
        """CPU seconds of every process taking part."""
        return self.cpu_engine + self.cpu_program + self.cpu_emulator


@dataclass
class ScaleResult:
    """Every operation of one size, with the provider and with the Noop floor."""

    tenants: int
    resources: int
    checkpoints: bool = True
    tenant: dict[str, Step] = field(default_factory=dict)
    floor: dict[str, Step] = field(default_factory=dict)
    shaped: dict[str, Step] = field(default_factory=dict)
    """The floor with the tenant's state shape (see ``shaped_floor_program``), if measured."""
    ok: bool = True
    error: str = ""
    samples: int = 1
    """How many runs of this size the figures are the median of."""
    run_seconds: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    """With several runs: side (tenant, floor, shaped) -> operation -> wall time of each."""

    def ratio(self, op: str, *, cpu: bool = False, shaped: bool = False) -> float | None:
        """Provider wall (or CPU) time over the floor's (or the shaped floor's)."""
        mine, base = self.tenant.get(op), (self.shaped if shaped else self.floor).get(op)
        if mine is None or base is None:
            return None
        num, den = (mine.cpu, base.cpu) if cpu else (mine.seconds, base.seconds)
        return num / den if den > 0 else None


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_step(
    emu: EmulatorProcess, label: str, action: Callable[[], Any], log: Callable[[str], None]
) -> Step:
    """Run one engine operation; time it and count its SendGrid calls."""
    emu.clear_calls()
    cpu_self, cpu_children, cpu_emu = _cpu_self(), _cpu_children(), emu.cpu_seconds()
    result, seconds = timed(action)
    step = Step(
        seconds,
        changes(result),
        cpu_engine=_cpu_children() - cpu_children,
        cpu_program=_cpu_self() - cpu_self,
        cpu_emulator=emu.cpu_seconds() - cpu_emu,
        load=round(os.getloadavg()[0], 2),
    )
    calls = emu.calls()
    step.calls, step.errors, step.rate_limited = calls.total, calls.errors, calls.rate_limited
    log(
        f"  {label:<9} {seconds:8.2f} s  cpu {step.cpu:6.2f} s (engine {step.cpu_engine:.2f}, "
        f"program {step.cpu_program:.2f}, emulator {step.cpu_emulator:.2f})  "
        f"{step.changes}  calls={step.calls}  load {step.load}"
    )
    return step


OPS: dict[str, Callable[[auto.Stack], Any]] = {
    "up": lambda s: s.up(on_output=quiet),
    "preview": lambda s: s.preview(on_output=quiet, expect_no_changes=True),
    "noop_up": lambda s: s.up(on_output=quiet, expect_no_changes=True),
    "refresh": lambda s: s.refresh(on_output=quiet, expect_no_changes=True),
    "destroy": lambda s: s.destroy(on_output=quiet),
}
"""The measured operations, in order: create, no-change preview, no-change up, refresh,
destroy."""
FAST_OPS = ("up", "destroy")
"""The operations measured again without per-step checkpoints."""


def measure_scale(
    emu: EmulatorProcess,
    tenants: int,
    root: Path,
    run_id: str,
    log: Callable[[str], None],
    *,
    checkpoints: bool = True,
    ops: tuple[str, ...] = tuple(OPS),
    shaped: bool = False,
) -> ScaleResult:
    """Run ``ops`` on N tenants and on the same graph of Noops, one after the other.

    With ``checkpoints=False`` the engine runs with ``PULUMI_SKIP_CHECKPOINTS=true``: it
    writes the state once at the end instead of after every step. The file backend
    rewrites the whole state at each checkpoint, which costs O(N) per step and O(N^2) per
    operation, whatever the provider; without it, what remains is the provider's own cost.
    With ``shaped``, ``up`` and ``destroy`` also run on the floor with the tenant's state
    shape, which tells the engine's per-property cost from the provider's.
    """
    mode = "" if checkpoints else "-nockpt"
    result = ScaleResult(tenants, 4 * tenants, checkpoints)
    env = emu.env() | ({} if checkpoints else {"PULUMI_SKIP_CHECKPOINTS": "true"})
    floor = make_stack(f"floor-{tenants}{mode}", noop_program(tenants), root, env)
    spec = TenantSpec(prefix=f"{run_id}{'n' if checkpoints else 'k'}{tenants}", count=tenants)
    stack = make_stack(f"tenants-{tenants}{mode}", spec.program(), root, env)
    try:
        for op in ops:
            log(f" N={tenants} {op}{' (no checkpoints)' if not checkpoints else ''}")
            result.floor[op] = run_step(emu, "floor", partial(OPS[op], floor), log)
            result.tenant[op] = run_step(emu, "provider", partial(OPS[op], stack), log)
            if shaped and op in FAST_OPS:
                like = make_stack(
                    f"shaped-{tenants}{mode}", shaped_floor_program(tenants), root, env
                )
                result.shaped[op] = run_step(emu, "shaped", partial(OPS[op], like), log)
    except auto.errors.CommandError as exc:
        text = str(exc).strip()
        result.ok = False
        result.error = text.splitlines()[-1][:300] if text else repr(exc)
        log(f"  FAILED: {result.error}")
        for leftover in (stack, floor):
            with contextlib.suppress(auto.errors.CommandError):
                leftover.destroy(on_output=quiet)
    created = result.tenant.get("up")
    deleted = result.tenant.get("destroy")
    result.ok = (
        result.ok
        and created is not None
        and created.changes.get("create", 0) == result.resources + 1  # + the stack
        and deleted is not None
        and deleted.changes.get("delete", 0) == result.resources + 1
        and created.errors == 0
    )
    return result


def median_result(runs: list[ScaleResult]) -> ScaleResult:
    """One result from repeated runs of a size: per operation, the run of median wall time.

    The median is taken separately for the provider, the floor and the shaped floor; the
    result counts as successful only if every run succeeded.
    """
    first = runs[0]
    out = ScaleResult(first.tenants, first.resources, first.checkpoints)
    out.ok = all(r.ok for r in runs)
    out.error = "; ".join(r.error for r in runs if r.error)
    out.samples = len(runs)
    for attr in ("tenant", "floor", "shaped"):
        merged: dict[str, Step] = getattr(out, attr)
        for op in getattr(first, attr):
            steps = sorted(
                (getattr(r, attr)[op] for r in runs if op in getattr(r, attr)),
                key=lambda st: st.seconds,
            )
            merged[op] = steps[(len(steps) - 1) // 2]
            if len(runs) > 1:
                out.run_seconds.setdefault(attr, {})[op] = [
                    getattr(r, attr)[op].seconds for r in runs if op in getattr(r, attr)
                ]
    return out


# --------------------------------------------------------------------------------------
# Calls per operation and resource type
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# The provider's client alone
# --------------------------------------------------------------------------------------


def measure_client(
    emu: EmulatorProcess, run_id: str, log: Callable[[str], None], calls: int = 400
) -> dict[str, Any]:
    """CPU and wall time per call of the provider's own client, one thread, reused session.

    The client is the one the provider uses (``client_for``), against the emulator; the
    figure is this process's CPU per call, so it leaves out the emulator's own work.
    """
    from pulumi_sendgrid_reseller.client import SubuserCreate
    from pulumi_sendgrid_reseller.config import resolve_credentials
    from pulumi_sendgrid_reseller.resources._base import client_for

    saved = {k: os.environ.get(k) for k in emu.env()}
    os.environ.update(emu.env())
    try:
        client = client_for(resolve_credentials({}))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    name = f"{run_id}-client"
    client.subusers.create(
        SubuserCreate(
            username=name, email=f"{name}@example.com", password="Client-1234", ips=["192.0.2.10"]
        )
    )
    out: dict[str, Any] = {"calls": calls}
    for label, call in (
        ("v2_sendip_list", lambda: client.ips.get_send_ips(name)),
        ("v3_subuser_get", lambda: client.subusers.get(name)),
    ):
        for _ in range(20):
            call()
        samples = []
        for _ in range(3):
            cpu, wall = time.thread_time(), time.perf_counter()
            for _ in range(calls):
                call()
            samples.append(
                ((time.thread_time() - cpu) / calls, (time.perf_counter() - wall) / calls)
            )
        cpu_ms = min(s[0] for s in samples) * 1000
        wall_ms = min(s[1] for s in samples) * 1000
        out[label] = {"cpu_ms": cpu_ms, "wall_ms": wall_ms}
        log(f" client {label}: {cpu_ms:.3f} ms CPU, {wall_ms:.3f} ms wall per call (best of 3)")
    client.subusers.delete(name)
    return out


# --------------------------------------------------------------------------------------
# check and diff, in this process
# --------------------------------------------------------------------------------------


def _sample_inputs() -> dict[str, tuple[Any, dict[str, Any]]]:
    from pulumi_sendgrid_reseller.resources.customer import CustomerProvider
    from pulumi_sendgrid_reseller.resources.customer_ip_assignment import (
        CustomerIpAssignmentProvider,
    )
    from pulumi_sendgrid_reseller.resources.subuser import SubuserProvider
    from pulumi_sendgrid_reseller.resources.subuser_monitor import SubuserMonitorProvider

    customer = {
        "username": "tenant-0001",
        "password": CUSTOMER_PASSWORD,
        "email": "tenant-0001@example.com",
        "first_name": "Ada",
        "last_name": "Tenant",
        "address": "1 Bench Street",
        "city": "Testville",
        "state": "CA",
        "zip": "91234",
        "country": "US",
        "phone": "555-0100",
        "website": "example.com",
    }
    subuser = {
        "username": "tenant-0001-sub",
        "email": "tenant-0001@example.com",
        "password": SUBUSER_PASSWORD,
        "ips": ["192.0.2.11", "192.0.2.12"],
    }
    monitor = {"subuser": "tenant-0001-sub", "email": "tenant-0001@example.com", "frequency": 100.0}
    assignment = {"customer": "tenant-0001", "ips": ["192.0.2.11", "192.0.2.12"]}
    return {
        "Customer": (CustomerProvider(), customer),
        "CustomerIpAssignment": (CustomerIpAssignmentProvider(), assignment),
        "Subuser": (SubuserProvider(), subuser),
        "SubuserMonitor": (SubuserMonitorProvider(), monitor),
    }


def measure_methods(
    emu: EmulatorProcess, log: Callable[[str], None], rounds: int = 500
) -> dict[str, Any]:
    """Time ``check`` and ``diff`` of an unchanged resource; size of its pickled provider.

    Inputs are plain dicts as the engine hands them over (ints as floats). ``check`` gets
    the same inputs as old and new, as in a no-change preview, so it must not call SendGrid;
    the emulator's log shows whether it did.
    """
    from pulumi.dynamic.dynamic import serialize_provider

    out: dict[str, Any] = {}
    emu.clear_calls()
    saved = {k: os.environ.get(k) for k in emu.env()}
    os.environ.update(emu.env())
    try:
        for kind, (provider, inputs) in _sample_inputs().items():
            news = {"__provider": "x", **inputs}
            checked = provider.check(news, news)
            assert not checked.failures, checked.failures
            olds = {**checked.inputs, "user_id": 1.0}
            began = time.perf_counter()
            for _ in range(rounds):
                provider.check(olds, news)
            check_us = (time.perf_counter() - began) / rounds * 1e6
            began = time.perf_counter()
            for _ in range(rounds):
                diff = provider.diff("1", olds, checked.inputs)
            diff_us = (time.perf_counter() - began) / rounds * 1e6
            out[kind] = {
                "check_us": check_us,
                "diff_us": diff_us,
                "diff_changes": bool(diff.changes),
                "pickled_provider_chars": len(serialize_provider(provider)),
            }
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    out["calls"] = emu.calls().total
    for kind in KINDS:
        m = out[kind]
        log(
            f" {kind}: check {m['check_us']:.0f} us, diff {m['diff_us']:.0f} us, pickled "
            f"provider {m['pickled_provider_chars']} chars"
        )
    log(f" SendGrid calls made by those checks and diffs: {out['calls']}")
    return out


# --------------------------------------------------------------------------------------
# The emulator alone
# --------------------------------------------------------------------------------------


def measure_emulator(seconds: float, clients: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Run bench/emulator_rps.py in its own process and return its JSON figures."""
    script = Path(__file__).with_name("emulator_rps.py")
    log(f" emulator: {clients} clients, {seconds:g} s per scenario")
    proc = subprocess.run(
        [sys.executable, str(script), "--seconds", str(seconds), "--clients", str(clients)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    figures: dict[str, Any] = json.loads(lines[-1])
    return figures


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """The conditions of the run: CPUs, load, versions."""
    version = subprocess.run(
        ["pulumi", "version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "load_1m_start": round(load[0], 2),
        "python": platform.python_version(),
        "pulumi": version,
        "platform": platform.platform(terse=True),
    }


def _fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _cell(got: float | None, minimum: int) -> str:
    shown = "-" if got is None else f"{got:g}"
    return f"{shown} / {minimum}"


def _status(ok: bool | None) -> str:
    return {True: "MET", False: "NOT MET", None: "n/a"}[ok]


def _growth(scale: list[ScaleResult], side: str) -> tuple[float | None, list[int] | None]:
    """Up time at the largest N over up time at the previous N (both must have succeeded)."""
    done = sorted((r for r in scale if r.ok and "up" in r.tenant), key=lambda r: r.tenants)
    if len(done) < 2:
        return None, None
    big, prev = done[-1], done[-2]
    steps = (big.tenant, prev.tenant) if side == "tenant" else (big.floor, prev.floor)
    return steps[0]["up"].seconds / steps[1]["up"].seconds, [prev.tenants, big.tenants]


def goals(
    scale: list[ScaleResult], fast: list[ScaleResult], calls: CallsResult | None
) -> dict[str, Any]:
    """Where each goal stands (reference N = 100 when measured, else the largest N)."""
    by_n = {r.tenants: r for r in scale}
    sizes = sorted(by_n)
    ref = by_n.get(100) or (by_n[sizes[-1]] if sizes else None)
    out: dict[str, Any] = {"reference_tenants": ref.tenants if ref else None}
    ratio = ref.ratio("up") if ref else None
    fast_ref = next((r for r in fast if ref and r.tenants == ref.tenants), None)
    out["overhead_ratio"] = {
        "value": ratio,
        "cpu_ratio": ref.ratio("up", cpu=True) if ref else None,
        "no_checkpoints": fast_ref.ratio("up") if fast_ref else None,
        "vs_shaped_floor": ref.ratio("up", shaped=True) if ref else None,
        "target": 1.3,
        "met": None if ratio is None else ratio <= 1.3,
    }
    growth, pair = _growth(scale, "tenant")
    out["growth"] = {
        "value": growth,
        "sizes": pair,
        "floor": _growth(scale, "floor")[0],
        "no_checkpoints": _growth(fast, "tenant")[0],
        "no_checkpoints_floor": _growth(fast, "floor")[0],
        "target": 2.75,
        "met": None if growth is None else growth <= 2.75,
    }
    no_change = [
        r.tenant[op].calls for r in scale for op in ("preview", "noop_up") if op in r.tenant
    ]
    if calls is not None:
        no_change += [calls.totals.get("preview", 0), calls.totals.get("noop_up", 0)]
    out["no_change_calls"] = {
        "value": sum(no_change),
        "target": 0,
        "met": sum(no_change) == 0 if no_change else None,
    }
    per_type: dict[str, float] = {}
    met: bool | None = None
    if calls is not None:
        per_type = {k: calls.per_resource[k].get("refresh", 0.0) for k in KINDS}
        met = all(per_type[k] <= MINIMUM[k]["refresh"] for k in KINDS)
    at_ref = ref.tenant["refresh"].calls / ref.tenants if ref and "refresh" in ref.tenant else None
    if at_ref is not None:
        met = (met is not False) and at_ref <= sum(MINIMUM[k]["refresh"] for k in KINDS)
    out["refresh_calls"] = {
        "value": per_type,
        "per_tenant_at_reference": at_ref,
        "target": {k: MINIMUM[k]["refresh"] for k in KINDS},
        "met": met,
    }
    largest = max(scale, key=lambda r: r.resources) if scale else None
    out["largest_stack"] = {
        "resources": largest.resources if largest else None,
        "ok": largest.ok if largest else None,
        "target": 1000,
        "met": None if largest is None else largest.ok and largest.resources >= 1000,
    }
    return out


def _figure(step: Step | None, *, cpu: bool) -> float | None:
    if step is None:
        return None
    return step.cpu if cpu else step.seconds


def _scale_table(scale: list[ScaleResult], ops: tuple[str, ...], *, cpu: bool) -> list[str]:
    names = {"up": "up", "preview": "preview", "noop_up": "no-op up", "refresh": "refresh"}
    names["destroy"] = "destroy"
    header = f"{'tenants':>7} {'res':>5}"
    for op in ops:
        header += f" | {names[op]:>8} {'floor':>6} {'x':>5}"
    header += " | load | ok"
    lines = [header, "-" * len(header)]
    for r in scale:
        row = f"{r.tenants:>7} {r.resources:>5}"
        for op in ops:
            mine = _figure(r.tenant.get(op), cpu=cpu)
            base = _figure(r.floor.get(op), cpu=cpu)
            row += f" | {_fmt(mine):>8} {_fmt(base):>6} {_fmt(r.ratio(op, cpu=cpu)):>5}"
        loads = [st.load for st in (*r.tenant.values(), *r.floor.values())]
        row += f" | {max(loads, default=0.0):>4.1f} | {'yes' if r.ok else 'NO: ' + r.error}"
        lines.append(row)
    return lines


def render(
    report: dict[str, Any],
    scale: list[ScaleResult],
    fast: list[ScaleResult],
    calls: CallsResult | None,
) -> str:
    """The human-readable tables."""
    lines: list[str] = []
    m = report["machine"]
    lines.append(
        f"pulumi-sendgrid-reseller benchmarks - run {report['run_id']} - {m['cpus']} CPUs, "
        f"load {m['load_1m_start']} -> {m['load_1m_end']} (1-min avg), pulumi {m['pulumi']}, "
        f"Python {m['python']}, {report['total_seconds']:.0f} s in all"
        + (f"; each figure the median of {report['repeat']} runs" if report["repeat"] > 1 else "")
    )
    if scale:
        lines += [
            "",
            "Wall seconds, engine defaults; floor = the same graph of Noop resources; x = "
            "provider / floor; load = highest 1-min load average seen",
        ]
        lines += _scale_table(scale, tuple(OPS), cpu=False)
        lines += ["", "CPU seconds of all processes (engine + provider host, program, emulator)"]
        lines += _scale_table(scale, tuple(OPS), cpu=True)
    for r in scale:
        if r.shaped:
            lines += [
                "",
                f"Floor with the tenant's state shape (Noop resources carrying the same "
                f"properties and secrets), N = {r.tenants}: "
                + "; ".join(
                    f"{op} {r.shaped[op].seconds:.2f} s, provider / shaped floor "
                    f"{_fmt(r.ratio(op, shaped=True))}"
                    for op in r.shaped
                ),
            ]
    if fast:
        lines += [
            "",
            "Wall seconds without per-step checkpoints (PULUMI_SKIP_CHECKPOINTS=true): the "
            "provider's own cost",
        ]
        lines += _scale_table(fast, FAST_OPS, cpu=False)
    if scale:
        lines += ["", "SendGrid calls per tenant (4 resources) in the same runs"]
        header = (
            f"{'tenants':>7} | {'up':>6} {'preview':>8} {'no-op up':>9} {'refresh':>8} "
            f"{'destroy':>8} | {'429s':>5} {'errors':>6}"
        )
        lines += [header, "-" * len(header)]
        for r in scale:
            cells = []
            for op in OPS:
                step = r.tenant.get(op)
                cells.append(_fmt(step.calls / r.tenants if step else None))
            limited = sum(st.rate_limited for st in r.tenant.values())
            errors = sum(st.errors for st in r.tenant.values())
            lines.append(
                f"{r.tenants:>7} | {cells[0]:>6} {cells[1]:>8} {cells[2]:>9} {cells[3]:>8} "
                f"{cells[4]:>8} | {limited:>5} {errors:>6}"
            )
    if calls is not None:
        lines += _calls_table(calls)
    lines += _provider_lines(report)
    emu = report.get("emulator")
    if emu:
        lines.append("")
        lines.append(
            f"Emulator alone (bench/emulator_rps.py): {emu['clients']} concurrent clients, "
            f"{emu['seconds']:g} s per scenario"
        )
        lines.append(f"{'scenario':<32} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for name, r in emu.items():
            if isinstance(r, dict):
                lines.append(
                    f"{name:<32} {r['rps']:>9} {r['p50_ms']:>8} {r['p99_ms']:>8} {r['errors']:>7}"
                )
    lines += _goals_lines(report["goals"])
    return "\n".join(lines)


def _provider_lines(report: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    client = report.get("client")
    if client:
        lines += [
            "",
            "The provider's client alone (one thread, reused connection): per call "
            + ", ".join(
                f"{k} {v['cpu_ms']:.2f} ms CPU / {v['wall_ms']:.2f} ms wall"
                for k, v in client.items()
                if isinstance(v, dict)
            ),
        ]
    methods = report.get("methods")
    if methods:
        lines.append(
            "check / diff of an unchanged resource, in process; pickled provider size: "
            + "; ".join(
                f"{k} {methods[k]['check_us']:.0f} / {methods[k]['diff_us']:.0f} us, "
                f"{methods[k]['pickled_provider_chars']} chars"
                for k in KINDS
            )
            + f"; SendGrid calls: {methods['calls']}"
        )
    return lines


def _calls_table(calls: CallsResult) -> list[str]:
    lines = [
        "",
        f"SendGrid calls per resource and operation ({calls.tenants} tenants): measured / the "
        "minimum the documented API allows",
    ]
    ops = ("create", "preview", "noop_up", "refresh", "update", "delete")
    header = f"{'resource':<21}" + "".join(f"{op:>10}" for op in ops)
    lines += [header, "-" * len(header)]
    for kind in KINDS:
        row = f"{kind:<21}"
        for op in ops:
            row += f"{_cell(calls.per_resource[kind].get(op), MINIMUM[kind][op]):>10}"
        lines.append(row)
    lines.append("  update = one field: " + ", ".join(f"{k}.{UPDATED_FIELD[k]}" for k in KINDS))
    if calls.per_operation:
        once = ", ".join(f"{k} x{v}" for k, v in sorted(calls.per_operation.items()))
        lines.append(f"  once per operation, not per resource (IP ownership check, cached): {once}")
    for kind in KINDS:
        lines.append(f"  minimum {kind}: {MINIMUM_WHY[kind]}")
    for kind in KINDS:
        for op, counts in calls.endpoints[kind].items():
            shown = ", ".join(f"{ep} x{n}" for ep, n in counts.items()) or "none"
            lines.append(f"  {kind}.{op}: {shown}")
    return lines


def _goals_lines(g: dict[str, Any]) -> list[str]:
    lines = ["", f"Goals (reference N = {g['reference_tenants']}, engine defaults)"]
    o = g["overhead_ratio"]
    lines.append(
        f"  overhead ratio of up <= 1.3: {_fmt(o['value'])}  {_status(o['met'])}  "
        f"(CPU ratio {_fmt(o['cpu_ratio'])}; against the same-shape floor "
        f"{_fmt(o['vs_shaped_floor'])}; without checkpoints {_fmt(o['no_checkpoints'])})"
    )
    gr = g["growth"]
    sizes = gr["sizes"]
    label = f"growth of up {sizes[1]}/{sizes[0]}" if sizes else "growth of up"
    lines.append(
        f"  {label} <= 2.75: {_fmt(gr['value'])}  {_status(gr['met'])}  (floor "
        f"{_fmt(gr['floor'])}; without checkpoints {_fmt(gr['no_checkpoints'])}, floor "
        f"{_fmt(gr['no_checkpoints_floor'])})"
    )
    nc = g["no_change_calls"]
    lines.append(f"  no-change preview and up make 0 calls: {nc['value']}  {_status(nc['met'])}")
    rc = g["refresh_calls"]
    per = ", ".join(f"{k} {v:g}" for k, v in rc["value"].items()) or "-"
    lines.append(
        f"  refresh <= 1 call per resource, 2 per subuser: {per}; "
        f"{_fmt(rc['per_tenant_at_reference'])} per tenant  {_status(rc['met'])}"
    )
    lg = g["largest_stack"]
    lines.append(
        f"  {lg['resources']} resources (target 1000) apply and destroy without error: "
        f"{'yes' if lg['ok'] else 'no'}  {_status(lg['met'])}"
    )
    return lines


def _scale_json(results: list[ScaleResult]) -> dict[str, Any]:
    return {
        str(r.tenants): {
            "resources": r.resources,
            "samples": r.samples,
            "run_seconds": r.run_seconds or None,
            "ok": r.ok,
            "error": r.error or None,
            "provider": {op: {**asdict(st), "cpu": st.cpu} for op, st in r.tenant.items()},
            "floor": {op: {**asdict(st), "cpu": st.cpu} for op, st in r.floor.items()},
            "ratio": {op: r.ratio(op) for op in r.tenant},
            "cpu_ratio": {op: r.ratio(op, cpu=True) for op in r.tenant},
            "shaped_floor": {op: {**asdict(st), "cpu": st.cpu} for op, st in r.shaped.items()},
            "ratio_to_shaped_floor": {op: r.ratio(op, shaped=True) for op in r.shaped},
        }
        for r in results
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; print the tables, then one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="N = 5, 10 and a shorter emulator run, to try things"
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(x) for x in text.split(",")),
        help="tenant counts, e.g. 25,100,250 (the default; --quick: 5,10)",
    )
    parser.add_argument("--skip-calls", action="store_true", help="skip the calls-per-op stack")
    parser.add_argument(
        "--skip-no-checkpoints", action="store_true", help="skip the runs without checkpoints"
    )
    parser.add_argument(
        "--only-no-checkpoints", action="store_true", help="only the runs without checkpoints"
    )
    parser.add_argument("--skip-emulator", action="store_true", help="skip the emulator-alone run")
    parser.add_argument(
        "--ops",
        type=lambda text: tuple(op for op in text.split(",") if op),
        default=tuple(OPS),
        help=f"the operations measured at each size, in order (default: {','.join(OPS)})",
    )
    parser.add_argument(
        "--skip-shaped", action="store_true", help="skip the floor with the tenant's state shape"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure each size this many times and report the median of each operation",
    )
    args = parser.parse_args(argv)
    unknown = [op for op in args.ops if op not in OPS]
    if unknown:
        parser.error(f"--ops: unknown operation {', '.join(unknown)} (known: {', '.join(OPS)})")
    sizes: tuple[int, ...] = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    if shutil.which("pulumi") is None:
        print(
            "bench: the `pulumi` engine is not on PATH; run `bash scripts/bench.sh`",
            file=sys.stderr,
        )
        return 2

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    run_id = "b" + uuid.uuid4().hex[:6]
    began = time.perf_counter()
    report: dict[str, Any] = {
        "run_id": run_id,
        "sizes": list(sizes),
        "repeat": args.repeat,
        "machine": machine(),
    }
    scale: list[ScaleResult] = []
    fast: list[ScaleResult] = []
    calls: CallsResult | None = None
    with tempfile.TemporaryDirectory(prefix="sendgrid-bench-") as tmp:
        root = Path(tmp)
        with EmulatorProcess() as emu:
            log(f"bench {run_id}: emulator at {emu.url}, state under {root}")
            report["client"] = measure_client(emu, run_id, log)
            report["methods"] = measure_methods(emu, log)
            if not args.skip_calls and not args.only_no_checkpoints:
                calls = measure_calls(emu, root / "calls", run_id, log)
            reference = 100 if 100 in sizes else max(sizes)
            for n in sizes:
                if not args.only_no_checkpoints:
                    runs = [
                        measure_scale(
                            emu,
                            n,
                            root / f"n{n}-{k}",
                            f"{run_id}r{k}",
                            log,
                            ops=args.ops,
                            shaped=n == reference and not args.skip_shaped,
                        )
                        for k in range(args.repeat)
                    ]
                    scale.append(median_result(runs))
                if not args.skip_no_checkpoints:
                    runs = [
                        measure_scale(
                            emu,
                            n,
                            root / f"k{n}-{k}",
                            f"{run_id}r{k}",
                            log,
                            checkpoints=False,
                            ops=tuple(op for op in args.ops if op in FAST_OPS),
                        )
                        for k in range(args.repeat)
                    ]
                    fast.append(median_result(runs))
    if not args.skip_emulator:
        report["emulator"] = measure_emulator(2.0 if args.quick else 5.0, 8, log)
    report["machine"]["load_1m_end"] = round(os.getloadavg()[0], 2)
    report["total_seconds"] = round(time.perf_counter() - began, 1)
    report["scale"] = _scale_json(scale)
    report["scale_no_checkpoints"] = _scale_json(fast)
    if calls is not None:
        report["calls"] = {
            "tenants": calls.tenants,
            "per_resource": calls.per_resource,
            "minimum": MINIMUM,
            "per_operation": calls.per_operation,
            "totals": calls.totals,
            "endpoints": calls.endpoints,
        }
    report["goals"] = goals(scale, fast, calls)
    print(render(report, scale, fast, calls))
    print(json.dumps(_rounded(report), separators=(",", ":")))
    return 0 if all(r.ok for r in scale + fast) else 1


def _rounded(value: Any) -> Any:
    """``value`` with every float rounded to 4 digits, for a readable JSON line."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


if __name__ == "__main__":
    raise SystemExit(main())
