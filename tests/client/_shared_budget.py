"""K clients against one budget, on virtual time: the emulator's limiter, the real pacing.

Each client stands for one provider process on its own machine: its own
:class:`RateBudgets` (nothing shared but the budget itself), and ``workers`` threads that
send requests one after the other (the engine runs a provider with four). Every thread
sleeps on one virtual clock, which moves only when every thread waits, to the earliest
time one of them waits for: the simulation is deterministic in what it measures and takes
no wall time for the seconds it simulates.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from pulumi_sendgrid_reseller.client import RateBudgets, RetryPolicy
from pulumi_sendgrid_reseller.client._pacing import Account
from sendgrid_emulator.control.ratelimit import PathRateLimit

T0 = 1_700_000_000.0
ACCOUNT: Account = ("https://sg.test", "reseller", "digest")


class VirtualTime:
    """A clock that threads sleep on, one thread running at a time.

    When the running thread sleeps (or leaves), the clock moves to the earliest wake-up
    time and wakes that one thread (ties by thread name): a run is the same each time.
    """

    def __init__(self, threads: int, start: float = T0) -> None:
        self.now = start
        self._active = threads
        self._waiting: dict[str, float] = {}
        self._running: str | None = None
        self._cv = threading.Condition()

    def time(self) -> float:
        """The virtual time."""
        with self._cv:
            return self.now

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of virtual time (at least a microsecond)."""
        me = threading.current_thread().name
        with self._cv:
            self._waiting[me] = self.now + max(seconds, 1e-6)
            if self._running == me:
                self._running = None
            self._schedule()
            while self._running != me:
                self._cv.wait()
            del self._waiting[me]

    def leave(self) -> None:
        """A thread is done: the clock no longer waits for it."""
        with self._cv:
            self._active -= 1
            if self._running == threading.current_thread().name:
                self._running = None
            self._schedule()

    def _schedule(self) -> None:
        if self._running is None and self._waiting and len(self._waiting) >= self._active:
            name = min(self._waiting, key=lambda n: (self._waiting[n], n))
            self.now = max(self.now, self._waiting[name])
            self._running = name
            self._cv.notify_all()


@dataclass
class ClientRun:
    """What one client did."""

    accepted: list[float] = field(default_factory=list)
    refused: int = 0


@dataclass
class SharedRun:
    """The outcome of K clients against one budget."""

    per_second: float
    clients: list[ClientRun]
    start: float
    end: float

    @property
    def requests(self) -> int:
        """Every request sent, refused ones included."""
        return sum(len(c.accepted) + c.refused for c in self.clients)

    @property
    def refused_share(self) -> float:
        """The share of requests answered 429."""
        return sum(c.refused for c in self.clients) / max(1, self.requests)

    def use(self, since: float, until: float) -> float:
        """Accepted requests between two times over what the budget allows in between."""
        accepted = sum(1 for c in self.clients for t in c.accepted if since <= t < until)
        return accepted / ((until - since) * self.per_second)

    def shares(self, since: float, until: float) -> list[int]:
        """Accepted requests of each client between two times."""
        return [sum(1 for t in c.accepted if since <= t < until) for c in self.clients]


def jain(values: list[int]) -> float:
    """Jain's fairness index: 1.0 when every client got the same, 1/K when one got all."""
    total = sum(values)
    squares = sum(v * v for v in values)
    return (total * total) / (len(values) * squares) if squares else 1.0


def run_shared(
    clients: int,
    per_second: float,
    requests: int | Callable[[int], int],
    *,
    workers: int = 4,
    latency: float = 0.02,
    think: float = 0.0,
    starts: Callable[[int], float] = lambda _: 0.0,
) -> SharedRun:
    """K clients, each ``workers`` threads sending ``requests`` in all, against one budget.

    ``requests`` may depend on the client's index, as may ``starts`` (seconds after the
    start when the client begins). ``latency`` is the time between the limiter's decision
    and the answer reaching the client; ``think`` a pause of each thread between requests
    (the engine's own work).
    """
    clock = VirtualTime(clients * workers)
    limiter = PathRateLimit(1, ".*", per_second, clock=clock.time)
    runs = [ClientRun() for _ in range(clients)]
    lock = threading.Lock()
    t0 = clock.time()

    def client(index: int) -> list[threading.Thread]:
        budgets = RateBudgets(clock=clock.time, sleep=clock.sleep)
        rng = random.Random(index)
        policy = RetryPolicy(wall_clock=clock.time, random=rng.random)
        total = requests(index) if callable(requests) else requests
        left = [total]

        def worker() -> None:
            try:
                clock.sleep(starts(index))
                while True:
                    with lock:
                        if left[0] <= 0:
                            return
                        left[0] -= 1
                    refused = False
                    while True:
                        # As the transport: a refused request's retry, after the policy's
                        # wait, goes at once in the room the pacing kept for it.
                        ticket = budgets.before(ACCOUNT, "v3:x", after_refusal=refused)
                        decision = limiter.hit()
                        clock.sleep(latency)
                        refused = not decision.allowed
                        with lock:
                            if refused:
                                runs[index].refused += 1
                            else:
                                runs[index].accepted.append(clock.time() - latency)
                        budgets.after(ticket, decision.headers(), refused=refused)
                        if not refused:
                            break
                        # The transport's retry policy decides the wait, as it does.
                        clock.sleep(policy.rate_limit_wait(decision.headers(), 1))
                    if think:
                        clock.sleep(think)
            finally:
                clock.leave()

        return [
            threading.Thread(target=worker, name=f"c{index:02d}w{w}", daemon=True)
            for w in range(workers)
        ]

    threads = [t for i in range(clients) for t in client(i)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive(), "the simulation stalled"
    return SharedRun(per_second, runs, t0, clock.time())
