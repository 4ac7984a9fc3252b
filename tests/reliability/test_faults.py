"""`pulumi up` against a misbehaving SendGrid: it keeps working, loses and duplicates nothing."""

from __future__ import annotations

import pytest
from pulumi import automation as auto
from tenants import (
    RATE_LIMITED_PATHS,
    add_fault,
    add_rate_limit,
    assert_matches_stack,
    clear_faults,
    statuses,
    tenants_program,
)

from conftest import Emulator, StackFactory, change_summary


def test_rate_limited_up_waits_as_told(make_stack: StackFactory, emulator: Emulator) -> None:
    tenants = 20
    for path in RATE_LIMITED_PATHS:
        add_rate_limit(emulator, path, per_second=4)
    # The provider paces itself within the announced limits; these 429s come all the same.
    add_fault(emulator, method="POST", path=r"reseller\.add", status=429, count=3)
    emulator.clear_log()
    stack = make_stack(tenants_program("rl", tenants), env=emulator.env())

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 1 + 2 * tenants}
    assert_matches_stack(emulator, "rl", tenants)
    seen = statuses(emulator)
    throttled = seen.count(429)
    print(f"rate limited: {tenants} tenants applied, {len(seen)} calls, {throttled} answered 429")
    assert throttled >= 3, "the 429s must actually have come"
    assert all(s < 500 for s in seen)

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 1 + 2 * tenants}
    assert [a for a in emulator.state()["accounts"] if a["kind"] == "subuser"] == []


@pytest.mark.parametrize("fraction", [0.15, 0.3])
def test_server_errors_then_convergence(
    make_stack: StackFactory, emulator: Emulator, fraction: float
) -> None:
    tenants = 12
    prefix = f"se{int(fraction * 100)}"
    add_fault(emulator, method="*", path=r"^/(v3|apiv2)/", status=500, fraction=fraction)
    add_fault(emulator, method="*", path=r"^/(v3|apiv2)/", status=503, fraction=fraction / 2)
    emulator.clear_log()
    stack = make_stack(tenants_program(prefix, tenants), env=emulator.env())

    try:
        first = stack.up(on_output=print)
        print("first up completed despite the faults:", change_summary(first))
    except auto.errors.CommandError as exc:
        text = str(exc)
        assert "SendGrid" in text, text  # a clear error that says what failed
        print("first up failed clearly; converging with a second up")
    injected = sum(1 for s in statuses(emulator) if s >= 500)
    print(f"server errors injected at {fraction:.0%}+{fraction / 2:.0%}: {injected}")
    assert injected > 0

    clear_faults(emulator)
    stack.up(on_output=print)
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 1 + 2 * tenants}
    assert_matches_stack(emulator, prefix, tenants)
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 1 + 2 * tenants}


def test_lost_responses_are_resolved_by_reading(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    tenants = 8
    add_fault(emulator, method="POST", path=r"reseller\.add", drop_after_commit=True, count=3)
    add_fault(emulator, method="POST", path=r"^/v3/subusers$", drop_after_commit=True, count=3)
    add_fault(emulator, method="POST", path=r"/monitor$", drop_after_commit=True, count=2)
    add_fault(emulator, method="POST", path=r"customer\.sendip", drop_after_commit=True, count=2)
    emulator.clear_log()
    stack = make_stack(tenants_program("lost", tenants), env=emulator.env())

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 1 + 2 * tenants}
    assert_matches_stack(emulator, "lost", tenants)
    dropped = [r for r in emulator.request_log()["requests"] if r.get("fault") is not None]
    assert len(dropped) == 10
    creates = [
        r for r in emulator.request_log()["requests"] if r["path"].startswith("/apiv2/reseller.add")
    ]
    assert len(creates) == tenants // 2  # never repeated: each lost create was found by reading
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 1 + 2 * tenants}


def test_slow_server_beyond_the_read_timeout(make_stack: StackFactory, emulator: Emulator) -> None:
    tenants = 6
    add_fault(emulator, method="GET", path=r"^/v3/subusers", latency_ms=2500, count=2)
    add_fault(emulator, method="POST", path=r"reseller\.add", latency_ms=2500, count=1)
    add_fault(emulator, method="POST", path=r"^/v3/subusers$", latency_ms=2500, count=1)
    add_fault(emulator, method="POST", path=r"reseller\.manage", latency_ms=2500, count=2)
    env = {**emulator.env(), "SENDGRID_READ_TIMEOUT": "1"}
    stack = make_stack(tenants_program("slow", tenants), env=env)

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 1 + 2 * tenants}
    assert_matches_stack(emulator, "slow", tenants)
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 1 + 2 * tenants}


def test_many_operations_at_once(make_stack: StackFactory, emulator: Emulator) -> None:
    """Large enough that the provider's threads overlap; everything lands exactly once."""
    tenants = 40
    stack = make_stack(tenants_program("par", tenants), env=emulator.env())
    up = stack.up(on_output=print, parallel=16)
    assert change_summary(up) == {"create": 1 + 2 * tenants}
    assert_matches_stack(emulator, "par", tenants)

    stack.workspace.program = tenants_program("par", tenants, frequency=7)  # type: ignore[attr-defined]
    up = stack.up(on_output=print, parallel=16)
    assert change_summary(up) == {"same": 1 + tenants + tenants // 2, "update": tenants // 2}
    assert_matches_stack(emulator, "par", tenants, frequency=7)
    assert change_summary(stack.refresh(expect_no_changes=True, parallel=16)) == {
        "same": 1 + 2 * tenants
    }
    assert change_summary(stack.destroy(on_output=print, parallel=16)) == {
        "delete": 1 + 2 * tenants
    }
    assert [a for a in emulator.state()["accounts"] if a["kind"] == "subuser"] == []
    assert emulator.state()["monitors"] == []
