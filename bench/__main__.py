"""Benchmarks of pulumi-sendgrid-reseller against the emulator: overhead, calls, scale.

Run: ``bash scripts/bench.sh [--quick | --rate-limit R]`` (or ``python -m bench ...`` with
the engine on PATH). Prints tables, then ONE line of JSON with every figure. Figures are printed,
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
* **scale**: the largest stack (4N resources at the largest N) applies, refreshes and
  destroys cleanly (``--sizes 1000`` for 4,000 resources);
* **rate limit** (``--rate-limit R``, alone): ``up`` and ``destroy`` under one budget of R
  requests a second on every path, against their floor (:mod:`bench.rate_limit`).

The modules: :mod:`bench.measure` (engine operations against the Noop floor),
:mod:`bench.calls` (calls per operation), :mod:`bench.unit_costs` (client, check/diff and
emulator alone), :mod:`bench.rate_limit`, :mod:`bench.report` (goals, tables, JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from ._emulator import EmulatorProcess
from .calls import MINIMUM, CallsResult, measure_calls
from .measure import FAST_OPS, OPS, ScaleResult, measure_scale, median_result
from .rate_limit import RATE_LIMIT_SIZES, RateLimitResult, measure_rate_limited
from .refresh_calls import (
    REFRESH_SIZES,
    RefreshCalls,
    measure_refresh_calls,
    render_refresh_calls,
)
from .report import goals, machine, rate_limit_json, render, rounded, scale_json
from .shared_budget import (
    STACKS_RATE,
    STACKS_TENANTS,
    SharedResult,
    measure_stacks,
    render_stacks,
)
from .unit_costs import measure_client, measure_emulator, measure_methods

FULL_SIZES = (25, 100, 250)
QUICK_SIZES = (5, 10)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="N = 5, 10 and a shorter emulator run, to try things"
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(x) for x in text.split(",")),
        help="tenant counts, e.g. 25,100,250 (the default; --quick: 5,10; --rate-limit: "
        + ",".join(str(n) for n in RATE_LIMIT_SIZES)
        + ")",
    )
    parser.add_argument(
        "--rate-limit",
        type=float,
        metavar="R",
        help="only the rate-limited scenario: up and destroy under ONE budget of R requests "
        "a second on every v2 and v3 path, against the same operations with no limit",
    )
    parser.add_argument(
        "--stacks",
        type=int,
        metavar="K",
        help="only the shared-budget scenario: up, then destroy, of K stacks at the same "
        "time, each in its own process and home folder, under ONE budget (--rate-limit, "
        f"default {STACKS_RATE:g}); --sizes gives the tenants per stack (default "
        f"{STACKS_TENANTS})",
    )
    parser.add_argument(
        "--refresh-calls",
        action="store_true",
        help="only the refresh scenario: the calls of a clean refresh of N tenants, each read "
        "its own call against bulk reads (--sizes, default "
        + ",".join(str(n) for n in REFRESH_SIZES)
        + ")",
    )
    parser.add_argument("--skip-calls", action="store_true", help="skip the calls-per-op stack")
    parser.add_argument(
        "--skip-no-checkpoints", action="store_true", help="skip the runs without checkpoints"
    )
    parser.add_argument(
        "--only-no-checkpoints", action="store_true", help="only the runs without checkpoints"
    )
    parser.add_argument(
        "--rate-limit-no-checkpoints",
        action="store_true",
        help="with --rate-limit: also run each size without checkpoints",
    )
    parser.add_argument("--skip-emulator", action="store_true", help="skip the emulator-alone run")
    parser.add_argument(
        "--ops",
        type=lambda text: tuple(op for op in text.split(",") if op),
        help=f"the operations measured at each size, in order (default: {','.join(OPS)}; "
        f"without checkpoints {','.join(FAST_OPS)})",
    )
    parser.add_argument(
        "--skip-shaped", action="store_true", help="skip the floor with the tenant's state shape"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure each size this many times and report the median of each operation "
        "(with --rate-limit: every run is shown)",
    )
    return parser


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _checkpoint_modes(args: argparse.Namespace) -> tuple[bool, ...]:
    """The rate-limited scenario's engine modes: with checkpoints, without, or both."""
    if args.only_no_checkpoints:
        return (False,)
    return (True, False) if args.rate_limit_no_checkpoints else (True,)


def _measure_sizes(
    emu: EmulatorProcess,
    sizes: tuple[int, ...],
    root: Path,
    run_id: str,
    args: argparse.Namespace,
) -> tuple[list[ScaleResult], list[ScaleResult]]:
    """Every size with the engine's defaults, then without checkpoints (as asked)."""
    scale: list[ScaleResult] = []
    fast: list[ScaleResult] = []
    reference = 100 if 100 in sizes else max(sizes)
    for n in sizes:
        if not args.only_no_checkpoints:
            runs = [
                measure_scale(
                    emu,
                    n,
                    root / f"n{n}-{k}",
                    f"{run_id}r{k}",
                    _log,
                    ops=args.ops or tuple(OPS),
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
                    _log,
                    checkpoints=False,
                    ops=args.ops or FAST_OPS,
                )
                for k in range(args.repeat)
            ]
            fast.append(median_result(runs))
    return scale, fast


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; print the tables, then one JSON line."""
    parser = _parser()
    args = parser.parse_args(argv)
    unknown = [op for op in args.ops or () if op not in OPS]
    if unknown:
        parser.error(f"--ops: unknown operation {', '.join(unknown)} (known: {', '.join(OPS)})")
    if args.rate_limit is not None and not args.rate_limit > 0:
        parser.error("--rate-limit: R must be a number of requests a second above 0")
    if args.stacks is not None:
        if args.stacks < 1:
            parser.error("--stacks: K must be at least 1")
        return _stacks_main(args)
    if args.refresh_calls:
        return _refresh_main(args)
    default_sizes = QUICK_SIZES if args.quick else FULL_SIZES
    if args.rate_limit is not None:
        default_sizes = RATE_LIMIT_SIZES
    sizes: tuple[int, ...] = args.sizes or default_sizes
    if shutil.which("pulumi") is None:
        print(
            "bench: the `pulumi` engine is not on PATH; run `bash scripts/bench.sh`",
            file=sys.stderr,
        )
        return 2

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
    limited: list[RateLimitResult] = []
    calls: CallsResult | None = None
    with tempfile.TemporaryDirectory(prefix="sendgrid-bench-") as tmp:
        root = Path(tmp)
        with EmulatorProcess() as emu:
            _log(f"bench {run_id}: emulator at {emu.url}, state under {root}")
            if args.rate_limit is not None:
                limited = [
                    measure_rate_limited(
                        emu,
                        n,
                        args.rate_limit,
                        root / f"r{n}-{k}{'' if checkpoints else 'k'}",
                        f"{run_id}{'r' if checkpoints else 'q'}{k}",
                        _log,
                        checkpoints=checkpoints,
                    )
                    for n in sizes
                    for checkpoints in _checkpoint_modes(args)
                    for k in range(args.repeat)
                ]
            else:
                report["client"] = measure_client(emu, run_id, _log)
                report["methods"] = measure_methods(emu, _log)
                if not args.skip_calls and not args.only_no_checkpoints:
                    calls = measure_calls(emu, root / "calls", run_id, _log)
                scale, fast = _measure_sizes(emu, sizes, root, run_id, args)
    if args.rate_limit is None and not args.skip_emulator:
        report["emulator"] = measure_emulator(2.0 if args.quick else 5.0, 8, _log)
    report["machine"]["load_1m_end"] = round(os.getloadavg()[0], 2)
    report["total_seconds"] = round(time.perf_counter() - began, 1)
    if limited:
        report["rate_limited"] = rate_limit_json(limited)
    else:
        report["scale"] = scale_json(scale)
        report["scale_no_checkpoints"] = scale_json(fast)
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
    print(render(report, scale, fast, calls, limited))
    print(json.dumps(rounded(report), separators=(",", ":")))
    return 0 if all(r.ok for r in scale + fast) and all(r.ok for r in limited) else 1


def _stacks_main(args: argparse.Namespace) -> int:
    """The shared-budget scenario alone: K stacks (and one stack alone) at each size."""
    if shutil.which("pulumi") is None:
        print(
            "bench: the `pulumi` engine is not on PATH; run `bash scripts/bench.sh`",
            file=sys.stderr,
        )
        return 2
    per_second = args.rate_limit or STACKS_RATE
    sizes: tuple[int, ...] = args.sizes or (STACKS_TENANTS,)
    run_id = "k" + uuid.uuid4().hex[:6]
    results: list[SharedResult] = []
    with tempfile.TemporaryDirectory(prefix="sendgrid-bench-") as tmp, EmulatorProcess() as emu:
        _log(f"bench {run_id}: emulator at {emu.url}, state under {tmp}")
        for n in sizes:
            for k in sorted({1, args.stacks}):
                for r in range(args.repeat):
                    results.append(
                        measure_stacks(
                            emu,
                            k,
                            n,
                            per_second,
                            Path(tmp) / f"k{k}n{n}r{r}",
                            f"{run_id}{k}n{n}r{r}",
                            _log,
                        )
                    )
    print(render_stacks(results))
    report = {"run_id": run_id, "machine": machine(), "stacks": [r.json() for r in results]}
    print(json.dumps(rounded(report), separators=(",", ":")))
    return 0 if all(r.ok for r in results) else 1


def _refresh_main(args: argparse.Namespace) -> int:
    """The refresh scenario alone: calls of a clean refresh, one read a call and in bulk."""
    if shutil.which("pulumi") is None:
        print(
            "bench: the `pulumi` engine is not on PATH; run `bash scripts/bench.sh`",
            file=sys.stderr,
        )
        return 2
    sizes: tuple[int, ...] = args.sizes or REFRESH_SIZES
    run_id = "f" + uuid.uuid4().hex[:6]
    results: list[RefreshCalls] = []
    with tempfile.TemporaryDirectory(prefix="sendgrid-bench-") as tmp, EmulatorProcess() as emu:
        _log(f"bench {run_id}: emulator at {emu.url}, state under {tmp}")
        for n in sizes:
            results.append(measure_refresh_calls(emu, n, Path(tmp) / f"n{n}", run_id, _log))
    print(render_refresh_calls(results))
    report = {"run_id": run_id, "machine": machine(), "refresh": [r.json() for r in results]}
    print(json.dumps(rounded(report), separators=(",", ":")))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
