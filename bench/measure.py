"""Engine operations on N tenants and on the engine's own floor: wall time, CPU, calls.

The floor is the same graph of ``Noop`` resources (see :mod:`bench._programs`): the
ratio of the two is the provider's overhead. Also the small helpers every measurement
uses (:func:`timed`, :func:`changes`, :func:`quiet`, :func:`run_step`, :func:`give_up`).
"""

from __future__ import annotations

import contextlib
import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pulumi import automation as auto

from ._emulator import EmulatorProcess
from ._programs import TenantSpec, make_stack, noop_program, shaped_floor_program

T = TypeVar("T")


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


def give_up(
    exc: auto.errors.CommandError, stacks: tuple[auto.Stack, ...], log: Callable[[str], None]
) -> str:
    """After a failed operation: log the error's last line, destroy ``stacks``, return it."""
    text = str(exc).strip()
    error = text.splitlines()[-1][:300] if text else repr(exc)
    log(f"  FAILED: {error}")
    for leftover in stacks:
        with contextlib.suppress(auto.errors.CommandError):
            leftover.destroy(on_output=quiet)
    return error


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
        result.ok = False
        result.error = give_up(exc, (stack, floor), log)
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
