"""The report: where each goal stands, the human-readable tables and the JSON figures."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import asdict
from typing import Any

from ._programs import KINDS
from .calls import MINIMUM, MINIMUM_WHY, UPDATED_FIELD, CallsResult
from .measure import OPS, ScaleResult, Step
from .rate_limit import EFFICIENCY_GOAL, REFUSED_GOAL, RateLimitResult

LARGEST_GOAL = 4000
"""Resources (1,000 tenants) the largest stack applies, refreshes and destroys cleanly."""


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
    everything = scale + fast
    largest = max(everything, key=lambda r: (r.resources, r.checkpoints)) if everything else None
    out["largest_stack"] = {
        "resources": largest.resources if largest else None,
        "checkpoints": largest.checkpoints if largest else None,
        "ok": largest.ok if largest else None,
        "operations": [op for op in OPS if op in largest.tenant] if largest else [],
        "target": LARGEST_GOAL,
        "met": None
        if largest is None
        else largest.ok
        and largest.resources >= LARGEST_GOAL
        and {"up", "refresh", "destroy"} <= set(largest.tenant),
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
    rate_limited: list[RateLimitResult] | None = None,
) -> str:
    """The human-readable tables (only those of what was measured)."""
    lines: list[str] = []
    m = report["machine"]
    lines.append(
        f"pulumi-sendgrid-reseller benchmarks - run {report['run_id']} - {m['cpus']} CPUs, "
        f"load {m['load_1m_start']} -> {m['load_1m_end']} (1-min avg), pulumi {m['pulumi']}, "
        f"Python {m['python']}, {report['total_seconds']:.0f} s in all"
        + _repeat_note(report["repeat"], bool(rate_limited))
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
        measured = tuple(op for op in OPS if any(op in r.tenant for r in fast))
        lines += _scale_table(fast, measured, cpu=False)
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
    if rate_limited:
        lines += _rate_limit_lines(rate_limited)
    if "goals" in report:
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
        f"  {lg['resources']} resources (target {lg['target']}) apply, refresh and destroy "
        f"without error ({', '.join(lg['operations'])} measured"
        f"{'' if lg['checkpoints'] in (True, None) else ', without checkpoints'}): "
        f"{'yes' if lg['ok'] else 'no'}  {_status(lg['met'])}"
    )
    return lines


def _repeat_note(repeat: int, every_run: bool) -> str:
    if repeat <= 1:
        return ""
    return (
        f"; {repeat} runs, each shown"
        if every_run
        else f"; each figure the median of {repeat} runs"
    )


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _rate_limit_lines(results: list[RateLimitResult]) -> list[str]:
    rates = ", ".join(sorted({f"{r.per_second:g}" for r in results}))
    lines = [
        "",
        f"Under ONE budget of {rates} requests a second shared by every v2 and v3 path (429 "
        "beyond it); floor = max(accepted calls / R, the same operation with no limit); "
        "efficiency = floor / wall",
    ]
    header = (
        f"{'tenants':>7} {'ckpt':>4} {'op':<8} {'wall s':>7} {'no limit s':>10} {'calls':>6} "
        f"{'429s':>5} {'429 share':>9} {'accepted/R':>10} {'floor s':>7} {'efficiency':>10} | ok"
    )
    lines += [header, "-" * len(header)]
    for r in results:
        for op, st in r.steps.items():
            lines.append(
                f"{r.tenants:>7} {'yes' if r.checkpoints else 'no':>4} {op:<8} "
                f"{st.limited.seconds:>7.2f} {st.unlimited.seconds:>10.2f} "
                f"{st.limited.calls:>6} {st.limited.rate_limited:>5} "
                f"{_percent(st.refused_share):>9} {st.accepted / st.per_second:>10.2f} "
                f"{st.floor:>7.2f} {_fmt(st.efficiency):>10} | "
                f"{'yes' if r.ok else 'NO: ' + r.error}"
                + (f" ({st.other_errors} other errors)" if st.other_errors else "")
            )
        if not r.steps:
            lines.append(
                f"{r.tenants:>7} {'yes' if r.checkpoints else 'no':>4} {'-':<8} NO: {r.error}"
            )
    met = [r.met() for r in results]
    status = None if None in met else all(met)
    lines.append(
        f"  goal: efficiency >= {EFFICIENCY_GOAL:g} and at most {REFUSED_GOAL:.0%} of requests "
        f"answered 429, for up and destroy at every N: {_status(status)}"
    )
    return lines


def rate_limit_json(results: list[RateLimitResult]) -> list[dict[str, Any]]:
    """The rate-limited scenario's figures, one entry per run."""
    return [
        {
            "tenants": r.tenants,
            "per_second": r.per_second,
            "checkpoints": r.checkpoints,
            "ok": r.ok,
            "error": r.error or None,
            "met": r.met(),
            **{
                op: {
                    "seconds": st.limited.seconds,
                    "no_limit_seconds": st.unlimited.seconds,
                    "calls": st.limited.calls,
                    "rate_limited": st.limited.rate_limited,
                    "other_errors": st.other_errors,
                    "accepted": st.accepted,
                    "floor": st.floor,
                    "efficiency": st.efficiency,
                    "refused_share": st.refused_share,
                    "no_limit_calls": st.unlimited.calls,
                    "load": st.limited.load,
                }
                for op, st in r.steps.items()
            },
        }
        for r in results
    ]


def scale_json(results: list[ScaleResult]) -> dict[str, Any]:
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


def rounded(value: Any) -> Any:
    """``value`` with every float rounded to 4 digits, for a readable JSON line."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    return value
