"""Several processes, one budget: each paces itself from SendGrid's answers alone.

K clients, each with its own pacing (nothing shared but the emulator's limiter, as two CI
runners share nothing but the account), send requests on virtual time (no test is timed).
"""

from __future__ import annotations

import pytest

from ._shared_budget import jain, run_shared


def flowing(run_clients: int, per_second: float, requests: int) -> tuple[float, float, float]:
    """429 share, budget use and fairness while every client still has requests to send."""
    run = run_shared(run_clients, per_second, requests)
    assert all(len(c.accepted) == requests for c in run.clients)  # nothing lost
    first_done = min(max(c.accepted) for c in run.clients)
    since = run.start + 2.0  # the first answers teach each client the budget
    return run.refused_share, run.use(since, first_done), jain(run.shares(since, first_done))


def test_one_client_alone_spends_the_whole_budget_without_a_429() -> None:
    refused, use, _ = flowing(1, 10.0, 300)
    assert refused == 0
    assert use >= 0.98


@pytest.mark.parametrize("clients", [2, 3])
def test_clients_that_share_nothing_share_the_budget(clients: int) -> None:
    refused, use, fairness = flowing(clients, 10.0, 300)
    assert refused <= 0.02
    assert use >= 0.9
    assert fairness >= 0.9


def test_five_clients_and_a_faster_budget() -> None:
    refused, use, fairness = flowing(5, 10.0, 300)
    assert refused <= 0.05
    assert use >= 0.9
    assert fairness >= 0.85
    refused, use, fairness = flowing(3, 50.0, 1500)
    assert refused <= 0.02
    assert use >= 0.9
    assert fairness >= 0.9


def test_a_client_that_comes_later_gets_its_share() -> None:
    run = run_shared(3, 10.0, [600, 600, 200].__getitem__, starts=[0.0, 0.0, 20.0].__getitem__)
    assert run.refused_share <= 0.02
    # From 10 s after it came until it was done, the late client had about a third.
    late_done = max(run.clients[2].accepted)
    shares = run.shares(run.start + 30.0, late_done)
    assert jain(shares) >= 0.9
    assert run.use(run.start + 30.0, late_done) >= 0.9


def test_a_client_held_back_by_its_own_work_leaves_the_budget_to_the_others() -> None:
    # Each thread pauses 0.3 s after each answer (the engine's own work): a client then
    # wants at most about 13 requests a second; together they still fill the budget.
    run = run_shared(3, 10.0, 300, think=0.3)
    first_done = min(max(c.accepted) for c in run.clients)
    assert run.refused_share <= 0.02
    assert run.use(run.start + 2.0, first_done) >= 0.9
