"""Applying and destroying N tenants under one shared request budget of R requests a second.

SendGrid's budget is per account, so a large ``pulumi up`` against a real account is bound by
it, not by the engine. Here the emulator refuses (429, with ``X-RateLimit-*`` headers) every
request beyond R a second, counted together on every v2 and v3 path. For ``up`` and
``destroy`` the scenario gives:

* the wall time under the budget;
* the floor: ``max(accepted calls / R, the same operation's wall time with no limit)``, the
  least time the operation can take when it spends the budget well;
* the efficiency, floor / wall time (1.0 is the best a client can do);
* the share of requests answered 429, from the emulator's request log: wasted work that,
  on a real account, is what gets an account throttled harder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pulumi import automation as auto

from ._emulator import EmulatorProcess
from ._programs import TenantSpec, make_stack
from .measure import OPS, Step, give_up, run_step

RATE_LIMIT_SIZES = (40, 200)
"""The tenant counts of the scenario unless ``--sizes`` says otherwise."""
RATE_LIMIT_OPS = ("up", "destroy")
"""The operations measured under the budget, in order."""
EFFICIENCY_GOAL = 0.9
"""Floor / wall time a pacing client reaches at least."""
REFUSED_GOAL = 0.02
"""The highest share of requests a pacing client gets answered 429."""


@dataclass(frozen=True)
class LimitedStep:
    """One operation under the budget, beside the same operation with no limit."""

    per_second: float
    limited: Step
    unlimited: Step

    @property
    def accepted(self) -> int:
        """The requests the emulator served (not answered 429) under the budget."""
        return self.limited.calls - self.limited.rate_limited

    @property
    def other_errors(self) -> int:
        """Requests answered with an error other than 429 under the budget."""
        return self.limited.errors - self.limited.rate_limited

    @property
    def floor(self) -> float:
        """The least wall time: the budget's share, or the time with no limit if longer."""
        return max(self.accepted / self.per_second, self.unlimited.seconds)

    @property
    def efficiency(self) -> float | None:
        """Floor / wall time under the budget (at most about 1.0)."""
        return self.floor / self.limited.seconds if self.limited.seconds > 0 else None

    @property
    def refused_share(self) -> float | None:
        """The share of requests answered 429."""
        return self.limited.rate_limited / self.limited.calls if self.limited.calls else None


@dataclass
class RateLimitResult:
    """``up`` and ``destroy`` of N tenants with and without the budget."""

    tenants: int
    per_second: float
    checkpoints: bool = True
    steps: dict[str, LimitedStep] = field(default_factory=dict)
    ok: bool = True
    error: str = ""

    def met(self) -> bool | None:
        """Whether every operation reached the efficiency and 429-share goals."""
        if not self.ok or not self.steps:
            return None
        return all(
            (st.efficiency or 0.0) >= EFFICIENCY_GOAL and (st.refused_share or 0.0) <= REFUSED_GOAL
            for st in self.steps.values()
        )


def measure_rate_limited(
    emu: EmulatorProcess,
    tenants: int,
    per_second: float,
    root: Path,
    run_id: str,
    log: Callable[[str], None],
    *,
    checkpoints: bool = True,
) -> RateLimitResult:
    """Run ``up`` then ``destroy`` of N tenants, each with no limit and then under the budget.

    Each operation runs on one stack with no limit and right after on a second stack under
    the budget, so that the pair sees about the same load on the machine. The stacks use
    different usernames (SendGrid keeps deleted usernames reserved). The
    budget is removed again whatever happens, and a stack left half-made by a failure is
    destroyed without it. With ``checkpoints=False`` the engine runs with
    ``PULUMI_SKIP_CHECKPOINTS=true`` (both stacks): its own cost, which grows with the square
    of the stack when it rewrites the state after every step, then no longer hides how well
    the budget is spent.
    """
    result = RateLimitResult(tenants, per_second, checkpoints)
    env = emu.env() | ({} if checkpoints else {"PULUMI_SKIP_CHECKPOINTS": "true"})
    free = make_stack(
        f"free-{tenants}",
        TenantSpec(prefix=f"{run_id}f{tenants}", count=tenants).program(),
        root,
        env,
    )
    limited = make_stack(
        f"limited-{tenants}",
        TenantSpec(prefix=f"{run_id}l{tenants}", count=tenants).program(),
        root,
        env,
    )
    try:
        for op in RATE_LIMIT_OPS:
            mode = "" if checkpoints else " (no checkpoints)"
            log(f" N={tenants} {op}{mode}, no limit, then {per_second:g} requests a second")
            unlimited = run_step(emu, "no limit", partial(OPS[op], free), log)
            emu.limit_rate(per_second)
            try:
                step = run_step(emu, f"{per_second:g}/s", partial(OPS[op], limited), log)
            finally:
                emu.unlimit_rate()
            result.steps[op] = LimitedStep(per_second, step, unlimited)
    except auto.errors.CommandError as exc:
        result.ok = False
        result.error = give_up(exc, (limited, free), log)
    created = result.steps.get("up")
    deleted = result.steps.get("destroy")
    expected = 4 * tenants + 1  # + the stack
    result.ok = (
        result.ok
        and created is not None
        and created.limited.changes.get("create", 0) == expected
        and created.unlimited.changes.get("create", 0) == expected
        and deleted is not None
        and deleted.limited.changes.get("delete", 0) == expected
        and deleted.unlimited.changes.get("delete", 0) == expected
    )
    return result
