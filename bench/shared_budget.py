"""K stacks, each in its own process with its own home folder, under ONE budget.

Teams run many stacks against one SendGrid account at once (a CI matrix, one job per
tenant group, Automation API workers). They share the account's budget and nothing else.
This scenario runs ``up`` of K stacks of N tenants at the same time, each stack in a
process of its own (its own ``PULUMI_HOME``, its own backend folder: nothing on this machine
in common but the emulator), against one budget of R requests a second on every SendGrid
path, then ``destroy`` of all K at the same time. For each operation it gives:

* the share of requests answered 429 (from the emulator's request log);
* the use of the budget while requests flow: the requests accepted while every stack was
  still running, over what the budget allowed in that time (from the first request until
  the first stack finished);
* whether every run succeeded, and whether anything was left in the emulator after
  ``destroy``.

Run: ``bash scripts/bench.sh --stacks K [--rate-limit R] [--sizes N]`` (defaults: R = 10,
N = 14). A single stack (K = 1) is the reference: it should keep 0 429s and use the whole
budget too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._emulator import EmulatorProcess

STACKS_OPS = ("up", "destroy")
"""The operations run on every stack at the same time, in order."""
STACKS_TENANTS = 14
"""Tenants per stack unless ``--sizes`` says otherwise."""
STACKS_RATE = 10.0
"""The budget (requests a second) unless ``--rate-limit`` says otherwise."""


@dataclass
class StackRun:
    """One stack's operation, as its process reported it."""

    name: str
    ok: bool
    started: float
    ended: float
    error: str = ""


@dataclass
class SharedStep:
    """One operation of K stacks at the same time."""

    op: str
    runs: list[StackRun]
    requests: int
    refused: int
    accepted_flowing: int
    flowing_seconds: float
    per_second: float

    @property
    def refused_share(self) -> float:
        """The share of requests answered 429."""
        return self.refused / self.requests if self.requests else 0.0

    @property
    def use(self) -> float | None:
        """Accepted requests while every stack ran, over what the budget allowed then."""
        if self.flowing_seconds <= 0:
            return None
        return self.accepted_flowing / (self.flowing_seconds * self.per_second)

    @property
    def wall(self) -> float:
        """From the first stack's start to the last one's end."""
        return max(r.ended for r in self.runs) - min(r.started for r in self.runs)


@dataclass
class SharedResult:
    """K stacks of N tenants: ``up`` then ``destroy`` at the same time."""

    stacks: int
    tenants: int
    per_second: float
    steps: list[SharedStep] = field(default_factory=list)
    left_after_destroy: int = 0

    @property
    def ok(self) -> bool:
        """Every run of every stack succeeded and nothing was left."""
        return (
            bool(self.steps)
            and all(r.ok for s in self.steps for r in s.runs)
            and not self.left_after_destroy
        )

    def json(self) -> dict[str, Any]:
        """The figures, for the report's JSON line."""
        return {
            "stacks": self.stacks,
            "tenants_per_stack": self.tenants,
            "per_second": self.per_second,
            "ok": self.ok,
            "left_after_destroy": self.left_after_destroy,
            "steps": {
                s.op: {
                    "requests": s.requests,
                    "refused": s.refused,
                    "refused_share": round(s.refused_share, 4),
                    "use_while_flowing": None if s.use is None else round(s.use, 3),
                    "flowing_seconds": round(s.flowing_seconds, 1),
                    "wall_seconds": round(s.wall, 1),
                    "failed": [r.name for r in s.runs if not r.ok],
                }
                for s in self.steps
            },
        }


def _worker_command(name: str, prefix: str, tenants: int, root: Path, op: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "bench.shared_budget",
        "--name",
        name,
        "--prefix",
        prefix,
        "--tenants",
        str(tenants),
        "--root",
        str(root),
        "--op",
        op,
    ]


def _run_all(
    emu: EmulatorProcess, names: list[str], run_id: str, tenants: int, root: Path, op: str
) -> list[StackRun]:
    """Run ``op`` of every stack at once, each in a process with its own home folder."""
    procs = []
    for name in names:
        home = root / name / "pulumi-home"
        home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **emu.env(), "PULUMI_HOME": str(home)}
        command = _worker_command(name, f"{run_id}{name}", tenants, root / name, op)
        procs.append(
            subprocess.Popen(
                command,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                cwd=Path(__file__).resolve().parents[1],
            )
        )
    runs = []
    for name, proc in zip(names, procs, strict=True):
        out, _ = proc.communicate(timeout=3600)
        lines = [line for line in out.splitlines() if line.startswith("{")]
        if not lines:
            runs.append(StackRun(name, False, 0.0, 0.0, f"exit {proc.returncode}, no report"))
            continue
        report = json.loads(lines[-1])
        runs.append(
            StackRun(name, report["ok"], report["started"], report["ended"], report["error"])
        )
    return runs


def _step(emu: EmulatorProcess, op: str, runs: list[StackRun], per_second: float) -> SharedStep:
    log = emu.requests()
    entries = [e for e in log if e.get("time") is not None]
    first = min((e["time"] for e in entries), default=0.0)
    everyone = min((r.ended for r in runs if r.ok), default=first)
    accepted = sum(1 for e in entries if e["status"] != 429 and first <= e["time"] <= everyone)
    return SharedStep(
        op,
        runs,
        requests=len(entries),
        refused=sum(1 for e in entries if e["status"] == 429),
        accepted_flowing=accepted,
        flowing_seconds=max(0.0, everyone - first),
        per_second=per_second,
    )


def measure_stacks(
    emu: EmulatorProcess,
    stacks: int,
    tenants: int,
    per_second: float,
    root: Path,
    run_id: str,
    log: Callable[[str], None],
) -> SharedResult:
    """``up`` then ``destroy`` of K stacks of N tenants at once, under one budget."""
    result = SharedResult(stacks, tenants, per_second)
    names = [f"s{k}" for k in range(stacks)]
    emu.limit_rate(per_second)
    try:
        for op in STACKS_OPS:
            emu.clear_calls()
            log(f" {stacks} stack(s) of {tenants} tenants: {op} at once, {per_second:g}/s")
            runs = _run_all(emu, names, run_id, tenants, root, op)
            step = _step(emu, op, runs, per_second)
            result.steps.append(step)
            use = "-" if step.use is None else f"{step.use:.2f}"
            failed = [r.name for r in runs if not r.ok]
            log(
                f"  {op}: {step.requests} requests, {step.refused} answered 429 "
                f"({step.refused_share:.1%}), use while flowing {use}, wall {step.wall:.1f} s"
                + (f", FAILED: {', '.join(failed)}" if failed else "")
            )
            for run in runs:
                if not run.ok:
                    log(f"   {run.name}: {run.error}")
    finally:
        emu.unlimit_rate()
    prefixes = tuple(f"{run_id}{name}" for name in names)
    result.left_after_destroy = sum(
        1 for account in emu.accounts() if str(account.get("username", "")).startswith(prefixes)
    )
    return result


def render_stacks(results: list[SharedResult]) -> str:
    """A table of the figures."""
    lines = [
        "",
        "K stacks under one budget (each stack its own process and home folder)",
        f"{'K':>3} {'N':>4} {'R':>5} {'op':<8} {'requests':>8} {'429':>5} {'share':>7} "
        f"{'use':>5} {'wall s':>7} ok",
    ]
    for r in results:
        for s in r.steps:
            use = "-" if s.use is None else f"{s.use:.2f}"
            ok = all(run.ok for run in s.runs) and (s.op != "destroy" or not r.left_after_destroy)
            lines.append(
                f"{r.stacks:>3} {r.tenants:>4} {r.per_second:>5g} {s.op:<8} {s.requests:>8} "
                f"{s.refused:>5} {s.refused_share:>7.2%} {use:>5} {s.wall:>7.1f} "
                f"{'yes' if ok else 'NO'}"
            )
    return "\n".join(lines)


def _worker(argv: list[str]) -> int:
    """One stack's operation, in this process; prints one JSON line."""
    from pulumi import automation as auto

    from ._programs import TenantSpec, make_stack
    from .measure import OPS

    parser = argparse.ArgumentParser(prog="python -m bench.shared_budget")
    parser.add_argument("--name", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--tenants", type=int, required=True)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--op", choices=STACKS_OPS, required=True)
    args = parser.parse_args(argv)
    stack = make_stack(
        args.name,
        TenantSpec(prefix=args.prefix, count=args.tenants).program(),
        args.root,
        {k: os.environ[k] for k in ("SENDGRID_API_URL", "SENDGRID_API_USER", "SENDGRID_API_KEY")},
    )
    started = time.time()
    error = ""
    try:
        OPS[args.op](stack)
    except auto.errors.CommandError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower()]
        error = ((errors or lines or [repr(exc)])[-1])[:300]
    ended = time.time()
    print(json.dumps({"ok": not error, "started": started, "ended": ended, "error": error}))
    return 0 if not error else 1


if __name__ == "__main__":
    raise SystemExit(_worker(sys.argv[1:]))
