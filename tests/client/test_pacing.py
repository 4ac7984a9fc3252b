"""Pacing against SendGrid's announced budget, on an injected clock (no test is timed)."""

from __future__ import annotations

import itertools
import math
import threading
from collections.abc import Iterator

import pytest

from pulumi_sendgrid_reseller.client import RateBudgets
from pulumi_sendgrid_reseller.client._pacing import Account, route_of
from sendgrid_emulator.control.ratelimit import PathRateLimit

from ._stub import FakeClock, Reply, stub_client

ACCOUNT: Account = ("https://sg.test", "reseller", "digest")
T0 = 1_700_000_000.0


def announced(limit: int, remaining: int, reset: float) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(reset),
    }


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def budgets(clock: FakeClock) -> RateBudgets:
    return RateBudgets(clock=clock.time, sleep=clock.sleep)


def send(
    budgets: RateBudgets, clock: FakeClock, headers: dict[str, str], route: str = "v3:x"
) -> float:
    """One request through the budgets: the time it was let through."""
    ticket = budgets.before(ACCOUNT, route)
    sent_at = clock.time()
    budgets.after(ticket, headers, refused=False)
    return sent_at


def test_routes() -> None:
    assert route_of("/apiv2/reseller.manage.json") == "v2"
    assert route_of("/v3/subusers") == "v3:subusers"
    assert route_of("/v3/subusers/alice/monitor") == "v3:subusers"
    assert route_of("/v3/user/email") == "v3:user"


def test_nothing_learned_nothing_held(budgets: RateBudgets, clock: FakeClock) -> None:
    for _ in range(20):
        send(budgets, clock, {})
    assert clock.sleeps == []
    assert budgets.describe(ACCOUNT, "v3:x") == {}


def test_budget_is_learned_from_the_headers(budgets: RateBudgets, clock: FakeClock) -> None:
    send(budgets, clock, announced(5, 2, T0 + 30))
    known = budgets.describe(ACCOUNT, "v3:x")
    assert (known["limit"], known["remaining"], known["reset"]) == (5, 2, T0 + 30)
    assert known["available"] == 2
    # Relative resets (small numbers) are seconds from now.
    send(budgets, clock, announced(5, 1, 20))
    assert budgets.describe(ACCOUNT, "v3:x")["reset"] == T0 + 20


def test_a_spent_budget_delays_until_the_reset(budgets: RateBudgets, clock: FakeClock) -> None:
    reset = T0 + 10
    send(budgets, clock, announced(3, 1, reset))
    assert send(budgets, clock, announced(3, 0, reset)) == T0  # the last request left
    assert clock.sleeps == []
    ticket = budgets.before(ACCOUNT, "v3:x")  # spent: held back, not sent
    assert clock.time() >= reset
    assert sum(clock.sleeps) == pytest.approx(10)
    budgets.after(ticket, announced(3, 2, reset + 10), refused=False)
    # A fresh window: the next two go at once.
    before = len(clock.sleeps)
    send(budgets, clock, announced(3, 1, reset + 10))
    send(budgets, clock, announced(3, 0, reset + 10))
    assert len(clock.sleeps) == before


def test_requests_in_flight_count_against_the_budget(
    budgets: RateBudgets, clock: FakeClock
) -> None:
    send(budgets, clock, announced(10, 3, T0 + 5))
    tickets = [budgets.before(ACCOUNT, "v3:x") for _ in range(3)]  # 3 left: all go at once
    assert clock.sleeps == []
    late = budgets.before(ACCOUNT, "v3:x")  # the fourth waits for the window
    assert clock.time() >= T0 + 5
    for ticket in [*tickets, late]:
        budgets.after(ticket, {}, refused=False)


def test_a_refilling_budget_is_paced_request_by_request() -> None:
    clock = FakeClock(T0 + 0.3)
    budgets = RateBudgets(clock=clock.time, sleep=clock.sleep)
    # A token bucket of 10 refilling one request every 0.1 s, announced as the emulator
    # does (reset: when the whole bucket is full again, rounded up to a second).
    interval, burst = 0.1, 10
    tolerance = (burst - 1) * interval
    tat = 0.0
    sent: list[float] = []
    refused = 0
    for _ in range(60):
        ticket = budgets.before(ACCOUNT, "v3:x")
        now = clock.time()
        allowed_from = max(tat, now) - tolerance
        if now < allowed_from:
            refused += 1
            headers = announced(burst, 0, math.ceil(allowed_from))
            budgets.after(ticket, headers, refused=True)
            continue
        tat = max(tat, now) + interval
        slack = tolerance - (tat - now)
        remaining = 0 if slack < 0 else min(burst, int(slack / interval + 1e-9) + 1)
        sent.append(now)
        budgets.after(ticket, announced(burst, remaining, math.ceil(tat)), refused=False)
    known = budgets.describe(ACCOUNT, "v3:x")
    assert known["gradual"] is True
    assert known["refill"] is not None and known["refill"] >= interval
    assert refused == 0  # held back, never refused
    # After the first burst, close to the bucket's rate: at least 90% of it.
    steady = sent[burst:]
    assert (len(steady) - 1) / (steady[-1] - steady[0]) >= 0.9 / interval


def test_retry_after_holds_every_request(budgets: RateBudgets, clock: FakeClock) -> None:
    send(budgets, clock, announced(10, 5, T0 + 60))
    ticket = budgets.before(ACCOUNT, "v3:x")
    budgets.after(ticket, {**announced(10, 0, T0 + 60), "Retry-After": "4"}, refused=True)
    # The refused request's retry (its wait done by the retry policy) goes at once...
    retry = budgets.before(ACCOUNT, "v3:x", after_refusal=True)
    assert clock.sleeps == []
    budgets.after(retry, announced(10, 4, T0 + 60), refused=False)
    # ...any other request waits as SendGrid said.
    budgets.before(ACCOUNT, "v3:x")
    assert clock.time() >= T0 + 4


def test_the_ceiling_is_respected(budgets: RateBudgets, clock: FakeClock) -> None:
    sent = []
    for _ in range(10):
        ticket = budgets.before(ACCOUNT, "v3:x", ceiling=4.0)
        sent.append(clock.time())
        budgets.after(ticket, {}, refused=False)
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    assert all(gap >= 0.25 - 1e-9 for gap in gaps), gaps
    # Any one-second window holds at most 4 requests.
    assert max(sum(1 for t in sent if start <= t < start + 1) for start in sent) <= 4


def test_routes_announcing_the_same_budget_share_it(budgets: RateBudgets, clock: FakeClock) -> None:
    send(budgets, clock, announced(4, 1, T0 + 9), route="v2")
    send(budgets, clock, announced(4, 0, T0 + 9), route="v3:subusers")
    budgets.before(ACCOUNT, "v2")  # the v3 answer spent the budget the v2 route uses too
    assert clock.time() >= T0 + 9


class SharedClock:
    """A clock shared by threads: sleeping moves it forward for everybody."""

    def __init__(self) -> None:
        self.now = T0
        self.lock = threading.Lock()

    def time(self) -> float:
        with self.lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def test_the_budget_is_shared_across_threads() -> None:
    clock = SharedClock()
    budgets = RateBudgets(clock=clock.time, sleep=clock.sleep)
    first = budgets.before(ACCOUNT, "v3:x")
    budgets.after(first, announced(100, 20, T0 + 3600), refused=False)
    let_through: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        for _ in range(5):
            ticket = budgets.before(ACCOUNT, "v3:x")
            with lock:
                let_through.append(clock.time())
            # Answers in any order, each as SendGrid counted when it came.
            budgets.after(ticket, announced(100, 20, T0 + 3600), refused=False)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 20 requests were left: 8 threads together sent 20 before the reset, and no more.
    assert len(let_through) == 40
    assert sum(1 for t in let_through if t < T0 + 3600) == 20


def test_a_client_paces_against_the_announced_budget() -> None:
    reset = 1_700_000_030
    clock = FakeClock(1_700_000_000.0)
    client, adapter, _ = stub_client(
        [
            Reply(200, [], announced(2, 1, reset)),
            Reply(200, [], announced(2, 0, reset)),
            Reply(200, [], announced(2, 1, reset + 30)),
        ],
        clock=clock,
    )
    client.subusers.list()
    client.subusers.list()
    assert clock.sleeps == []
    client.subusers.list()  # the budget is spent: held back until the reset, not refused
    assert len(adapter.requests) == 3
    assert clock.time() >= reset and sum(clock.sleeps) == pytest.approx(30)


def test_clients_given_one_table_share_the_budget() -> None:
    clock = FakeClock(1_700_000_000.0)
    shared = RateBudgets(clock=clock.time, sleep=clock.sleep)
    script = [Reply(200, [], announced(1, 0, 1_700_000_020))]
    one, _, _ = stub_client(list(script), clock=clock, budgets=shared)
    two, adapter, _ = stub_client(list(script), clock=clock, budgets=shared)
    one.subusers.list()
    two.subusers.list()  # same account: waits for the budget the other client spent
    assert len(adapter.requests) == 1
    assert clock.time() >= 1_700_000_020


@pytest.fixture(autouse=True)
def _no_leftover_threads() -> Iterator[None]:
    before = threading.active_count()
    yield
    assert threading.active_count() == before


def test_answers_of_two_budgets_with_one_limit_never_stall_the_pacing() -> None:
    clock = FakeClock(T0)

    def sleep(seconds: float) -> None:
        assert clock.time() - T0 < 60, "the pacing stalled"
        clock.sleep(seconds)

    budgets = RateBudgets(clock=clock.time, sleep=sleep)
    # Two endpoints, each with its own refilling budget of 4, announce the same limit: they
    # are paced as one. Their answers disagree (one says 3 left, the other 2, for the same
    # reset); requests must keep going all the same.
    send(budgets, clock, announced(4, 2, T0 + 1), route="v2")
    send(budgets, clock, announced(4, 2, T0 + 2), route="v3:subusers")
    assert budgets.describe(ACCOUNT, "v2")["gradual"] is True
    for i in range(12):
        route = "v2" if i % 2 else "v3:subusers"
        reset = math.ceil(clock.time()) + 2
        send(budgets, clock, announced(4, 3 if i % 2 else 2, reset), route=route)
    assert clock.time() - T0 < 60


def paced_against(
    limiter: PathRateLimit,
    budgets: RateBudgets,
    clock: FakeClock,
    requests: int,
) -> tuple[list[float], int]:
    """Send ``requests`` requests one after the other through ``budgets`` to ``limiter``.

    Returns the times of the accepted requests and the number refused.
    """
    accepted: list[float] = []
    refused = 0
    for _ in range(requests):
        ticket = budgets.before(ACCOUNT, "v3:x")
        decision = limiter.hit()
        if decision.allowed:
            accepted.append(clock.time())
        else:
            refused += 1
        budgets.after(ticket, decision.headers(), refused=not decision.allowed)
    return accepted, refused


def refill_of(budgets: RateBudgets) -> float:
    refill = budgets.describe(ACCOUNT, "v3:x")["refill"]
    assert isinstance(refill, float)
    return refill


def test_the_refill_rate_is_counted_exactly_despite_whole_second_resets() -> None:
    # The emulator's token bucket of 10 a second, whose reset is rounded up to a second:
    # (reset - now) / (limit - remaining - 1) is 11% to 20% too long here; what the bucket
    # regained over the answers is not.
    clock = FakeClock(T0 + 0.3)
    budgets = RateBudgets(clock=clock.time, sleep=clock.sleep)
    limiter = PathRateLimit(1, ".*", 10.0, clock=clock.time)
    accepted, refused = paced_against(limiter, budgets, clock, 300)
    assert refused == 0
    assert budgets.describe(ACCOUNT, "v3:x")["gradual"] is True
    assert 0.1 <= refill_of(budgets) <= 0.1 * 1.01  # never faster than the bucket
    steady = accepted[10:]
    assert (len(steady) - 1) / (steady[-1] - steady[0]) >= 9.9


@pytest.mark.parametrize("per_second", [7.5, 20.0, 50.0])
def test_the_counted_rate_converges_for_other_rates(per_second: float) -> None:
    clock = FakeClock(T0 + 0.7)
    budgets = RateBudgets(clock=clock.time, sleep=clock.sleep)
    limiter = PathRateLimit(1, ".*", per_second, clock=clock.time)
    accepted, refused = paced_against(limiter, budgets, clock, 120 * math.floor(per_second))
    assert refused == 0
    assert 1 / per_second <= refill_of(budgets) <= 1.02 / per_second
    steady = accepted[len(accepted) // 4 :]
    assert (len(steady) - 1) / (steady[-1] - steady[0]) >= 0.98 * per_second


def test_a_full_bucket_between_bursts_does_not_slow_the_count() -> None:
    # Bursts with pauses in between: the bucket is full again after each pause and stops
    # regaining; those pauses are left out of the count. (Each span of 3 s ends on a
    # rounded-down count, which makes it at most a third of a request a second slower.)
    clock = FakeClock(T0 + 0.3)
    budgets = RateBudgets(clock=clock.time, sleep=clock.sleep)
    limiter = PathRateLimit(1, ".*", 10.0, clock=clock.time)
    for _ in range(6):
        _, refused = paced_against(limiter, budgets, clock, 40)
        assert refused == 0
        clock.sleep(5.0)
    assert 0.1 <= refill_of(budgets) <= 0.1 * 1.04


def test_a_429_backs_off_then_the_rate_is_counted_again() -> None:
    clock = FakeClock(T0 + 0.3)
    budgets = RateBudgets(clock=clock.time, sleep=clock.sleep)
    limiter = PathRateLimit(1, ".*", 10.0, clock=clock.time)
    paced_against(limiter, budgets, clock, 100)
    learned = refill_of(budgets)
    # A 429 (another tool spent the budget meanwhile): the pacing slows down at once...
    ticket = budgets.before(ACCOUNT, "v3:x")
    budgets.after(ticket, announced(10, 0, math.ceil(clock.time()) + 1), refused=True)
    backed_off = refill_of(budgets)
    assert backed_off >= learned * 1.25
    # ...so that the next request waits longer than the learned rate would have had it.
    before = clock.time()
    ticket = budgets.before(ACCOUNT, "v3:x")
    assert clock.time() - before >= learned * 1.25 - 1e-9
    budgets.after(ticket, limiter.hit().headers(), refused=False)
    # The counted spans were dropped: the rate is counted again from the bucket's answers;
    # the process, now pacing at a share of the budget, grows it back to the whole budget.
    accepted, refused = paced_against(limiter, budgets, clock, 300)
    assert refused == 0
    assert 0.1 <= refill_of(budgets) <= 0.1 * 1.02
    steady = accepted[-100:]
    assert (len(steady) - 1) / (steady[-1] - steady[0]) >= 9.5
