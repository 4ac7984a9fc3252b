"""How the transport paces requests to stay within SendGrid's budget.

:class:`RateBudgets` holds requests back before they are sent when the budget SendGrid
announced (``X-RateLimit-*``) is spent; the retry policy (:mod:`._retry`) stays the one place
that handles a 429 that still comes.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from ._retry import count_header, header, parse_retry_after, reset_time

__all__ = ["Account", "RateBudgets", "Ticket", "route_of"]

#: Recent estimates of one request's refill time kept per budget (the smallest is used
#: until enough requests were counted: see :data:`_COUNTED`).
_ESTIMATES: Final = 16
#: Counted spans of a refilling budget kept besides the current one.
_SPANS: Final = 8
#: Requests regained (in limits) the counted spans must add up to before their rate is used.
_COUNTED: Final = 2
#: The shortest wait before looking again (shorter ones may not move a clock at all).
_MIN_SLEEP: Final = 0.001
#: How long after its wait should end room is kept for a refused request's retry.
_RETRY_GRACE: Final = 2.0
#: A refill estimate is raised this much after a 429, so that pacing backs off.
_BACK_OFF: Final = 1.25

# The share of a budget that others spend too (see :class:`_Share`).
#: A refilling budget is kept between these fractions of its limit; their half-distance
#: (times the limit) is the band below a target at which a budget counts as contended.
_LOW: Final = 0.3
_HIGH: Final = 0.6
#: A contended budget shrinks the share to this fraction of itself...
_DECREASE: Final = 0.85
#: ...and to this fraction when the budget is spent...
_DEEP_DECREASE: Final = 0.6
#: ...at most once per this many seconds of refill (times the limit), so that the answers to
#: requests already sent at the old rate do not shrink it again.
_DECREASE_EVERY: Final = 0.3
#: A share in use grows by this fraction of the budget's rate every second.
_INCREASE: Final = 0.1
#: ...and by this fraction of itself every second while the budget stays full.
_SLOW_START: Final = 1.0
#: A window at most this long (seconds) is paced as a refilling budget.
_SHORT_WINDOW: Final = 2.5
#: How often a request looks again while the first request of its account is unanswered.
_PROBE_WAIT: Final = 0.01
#: Requests fewer left than this process's own spending explains: others spend the budget.
_OTHERS: Final = 2
#: A 429 halves the share.
_REFUSED: Final = 0.5
#: A share grows only when requests waited for it within this many seconds (it is in use).
_IN_USE: Final = 1.0

Account = tuple[str, str | None, str]
"""Whose budget: endpoint, API user and a digest of the API key."""


@dataclass(slots=True)
class _RefillCounter:
    """The refill rate of a budget, counted: requests regained over spans of answers.

    Between two answers, the budget regained what was spent in between plus what it gained:
    ``accepted requests + remaining at the end - remaining at the start``. Over a span in
    which it was never full (a full budget stops regaining) that is its refill, whatever
    ``X-RateLimit-Reset`` says and however it is rounded; the integer counts err by under
    one request at each end, so the longer the span the closer the rate. A span ends when
    an answer says the budget may have been full before its request (``remaining`` at
    least ``limit - 1``), and starts again there, where the count is exact (a full budget,
    less the one request). A span that starts elsewhere (the first answer, or after a 429)
    takes one request more than announced as its start (and every span takes what its last
    answer announced as its end), so that the rounding only ever makes the rate slower.

    Requests sent before the span's first request are not counted (they may have reached
    SendGrid before it), nor those still unanswered at its end: both only make it slower.
    """

    spans: list[tuple[float, float]] = field(default_factory=list)  # (regained, seconds)
    start_seq: int = 0  # the request whose answer started the current span
    start_time: float | None = None  # None: no current span
    start_remaining: float = 0.0  # at the start, plus one unless the budget was full
    count: int = 0  # accepted answers to requests sent after the start
    end: tuple[float, float] | None = None  # the latest (regained, seconds) of the span

    def accepted(self, seq: int) -> None:
        """Count the accepted answer to request ``seq``."""
        if self.start_time is not None and seq > self.start_seq:
            self.count += 1

    def observe(self, seq: int, now: float, limit: int, remaining: int) -> None:
        """Take the latest answer (to request ``seq``, already counted) into the span."""
        if self.start_time is not None and remaining < limit - 1:
            self.end = (self.count + remaining - self.start_remaining, now - self.start_time)
            return
        if remaining >= limit - 1:
            # The budget may have been full before this request: what it regained since the
            # previous answer is not known. The span so far is kept; a new one starts here.
            if self.end is not None and self.end[1] > 0:
                self.spans.append(self.end)
                del self.spans[:-_SPANS]
            self.start(seq, now, float(remaining))
        else:
            self.start(seq, now, remaining + 1.0)

    def start(self, seq: int, now: float, remaining: float) -> None:
        """Begin a span at the answer to request ``seq``."""
        self.start_seq, self.start_time, self.start_remaining = seq, now, remaining
        self.count, self.end = 0, None

    def forget(self) -> None:
        """Drop every span (after a 429: the rate counted so far was too fast)."""
        self.spans.clear()
        self.start_time, self.end = None, None

    def refill(self, enough: float) -> float | None:
        """Seconds to regain one request, once at least ``enough`` were counted."""
        spans = [*self.spans, *([self.end] if self.end is not None else [])]
        regained = sum(tokens for tokens, _ in spans)
        seconds = sum(duration for _, duration in spans)
        if regained < max(enough, 1.0) or seconds <= 0:
            return None
        return seconds / regained


@dataclass(slots=True)
class _Share:
    """The share of a budget that this process paces itself at, once others spend it too.

    Processes on different machines share one account's budget and nothing else: each sees
    only its own requests and SendGrid's answers. A process alone never has a request
    refused (the budget model above is exact for it); the first 429 says that others spend
    the budget too, and from then on the process sends at a rate of its own (its share),
    steered by what every answer tells every client alike, the budget left
    (``X-RateLimit-Remaining``), as congestion control steers a sender by the queue of a
    shared link (additive increase, multiplicative decrease):

    * while the budget is contended (more than a band below the moment's target, see
      :meth:`_Budget.target`), the share shrinks by :data:`_DECREASE`, at most once per
      reaction time (the answers to requests sent at the old rate come after);
    * while the budget is at or above the target and requests wait for the share, the share
      grows by :data:`_INCREASE` of the budget's rate a second (and faster while the budget
      is full: nobody is spending it);
    * a 429 halves it (once for the requests sent together).

    Every process shrinks in proportion to its share and grows by the same amount (the
    budget's rate, which every client reads alike from the announced limit and reset), so
    the shares converge to equal ones; and since they grow while the budget keeps room and
    shrink before it is spent, the budget left stays about the target: never full (no
    refill is lost while requests flow) and never empty (few 429s).
    """

    rate: float  # requests a second this process may send
    next_slot: float = 0.0  # when the next request may go
    waited_at: float = -math.inf  # when a request last waited for the share
    seen_at: float = -math.inf  # when the previous answer came
    shrunk_at: float = -math.inf  # when it last shrank

    def wait(self, now: float) -> float:
        """Seconds until the share lets one request go."""
        return max(0.0, self.next_slot - now)

    def sent(self, now: float, waited: bool) -> None:
        """Count one request sent now (``waited``: it had waited for the share)."""
        if waited:
            self.waited_at = now
        self.next_slot = max(now, self.next_slot) + 1.0 / self.rate

    def observe(
        self, now: float, excess: float, target: float, limit: int, full_rate: float
    ) -> None:
        """Steer the share by one accepted answer.

        ``excess``: the budget left beyond ``target``, what the moment should see (see
        :meth:`_Budget.target`); ``full_rate``: the budget's rate.
        """
        # The time since the previous answer (at most a second): a share that gets few
        # answers grows as fast as one that gets many.
        elapsed = min(_IN_USE, now - self.seen_at)
        self.seen_at = now
        band = (_HIGH - _LOW) / 2 * limit
        if excess < -band:
            if now - self.shrunk_at >= _DECREASE_EVERY * limit / full_rate:
                # The nearer the budget is to spent, the harder (down to _DEEP_DECREASE).
                depth = min(1.0, (-excess - band) / max(1.0, target - band))
                factor = _DECREASE - (_DECREASE - _DEEP_DECREASE) * depth
                self.shrunk_at = now
                self.rate = max(self.rate * factor, full_rate / 100)
        elif excess >= 0 and now - self.waited_at <= _IN_USE:
            # Not bounded by the rate known so far: a rate counted while the share held the
            # requests back is the share's, not the budget's. The budget left bounds it.
            self.rate += _INCREASE * full_rate * elapsed
            if excess >= limit - 1 - target:
                self.rate *= 1 + _SLOW_START * elapsed  # the budget is full: far from spent

    def refused(self, now: float, limit: int, full_rate: float) -> None:
        """A 429: halve the share (once for the requests sent together)."""
        self.seen_at = now
        if now - self.shrunk_at >= _DECREASE_EVERY * limit / full_rate:
            self.shrunk_at = now
            self.rate = max(self.rate * _REFUSED, full_rate / 100)


@dataclass(slots=True)
class _Budget:
    """What SendGrid last said about one budget, and what was sent since."""

    limit: int
    remaining: int = 0  # at the anchor
    reset: float = 0.0  # when the whole limit is available again (Unix time)
    anchor_time: float = 0.0  # when the anchor was observed
    anchor_seq: int = 0  # the request whose answer is the anchor
    sent: int = 0  # requests sent against this budget (their sequence numbers)
    gradual: bool = False  # refills request by request (a sliding window), not at once
    refill: float | None = None  # seconds to regain one request (gradual budgets)
    estimates: list[float] = field(default_factory=list)
    counter: _RefillCounter = field(default_factory=lambda: _RefillCounter())
    hold_until: float = 0.0  # Retry-After: nothing is sent before
    in_flight: set[int] = field(default_factory=set)  # sent, not answered yet
    retries: list[float] = field(default_factory=list)  # refused requests to come back, by when
    share: _Share | None = None  # this process's share of the budget, once its rate is known
    horizon: float = 0.0  # the longest wait for a reset an answer announced

    def available(self, now: float) -> float:
        """Requests that may be sent now, by the latest answer and what was sent since."""
        if now >= self.reset and not self.gradual:
            # The window the anchor described is over: a fresh window, minus what was sent
            # after its start that no answer has reported yet.
            self.remaining, self.anchor_seq, self.anchor_time = self.limit, self.sent, self.reset
            self.reset = math.inf
        # Requests sent after the anchor are not in its count; those sent before it and
        # still unanswered may have reached SendGrid after it: count both as spent.
        overtaken = sum(1 for seq in self.in_flight if seq < self.anchor_seq)
        # Refused requests come back when their wait is over: room is kept for them.
        self.retries = [deadline for deadline in self.retries if deadline > now]
        left: float = self.remaining - (self.sent - self.anchor_seq) - overtaken - len(self.retries)
        if self.gradual and self.refill:
            left = min(
                self.limit - (self.sent - self.anchor_seq),
                left + (now - self.anchor_time) / self.refill,
            )
        return left

    def wait(self, now: float) -> float:
        """Seconds until one request may be sent (0 when now)."""
        hold = self.hold_until - now
        share = self.share.wait(now) if self.share is not None else 0.0
        left = self.available(now)
        if left >= 1:
            return max(0.0, hold, share)
        until = (1 - left) * self.refill if self.gradual and self.refill else self.reset - now
        return max(hold, until, share, 0.0)

    def full_rate(self) -> float | None:
        """The budget's rate in requests a second, as every client of it sees it.

        Its limit over the longest time to a reset any answer announced: the time a
        refilling budget takes to refill from empty, or a window's length. Both are said
        alike to every client (the rate a client counts from its own answers is only its
        own share when others spend the budget too, and would favour the larger shares).
        """
        # At least a second: the first answers of a refilling budget announce resets a
        # fraction of a second away (the time to regain one request), not the whole refill.
        return self.limit / max(self.horizon, 1.0) if self.horizon > 0 else None

    def paced_as_rate(self) -> bool:
        """Whether the budget refills request by request, or within a few seconds.

        Such a budget is paced at a share from the first answer on: a burst of the budget
        left, sent by several processes at once, would be refused in part. A longer window
        is spent as this process sees fit until others show up (:meth:`_spent_by_others`,
        a 429).
        """
        return self.gradual or 0 < self.horizon <= _SHORT_WINDOW

    def _spent_by_others(self, seq: int, now: float, remaining: int) -> bool:
        """Whether an answer shows more of the budget spent than this process spent.

        Since the anchor, the budget lost this process's requests and regained at most its
        rate; an answer that leaves clearly less (:data:`_OTHERS` requests) was preceded by
        requests of others. Only in one window, and never from a reset counted as a rate.
        """
        full_rate = self.full_rate()
        if full_rate is None or self.reset == math.inf or seq <= self.anchor_seq:
            return False
        regained = (now - self.anchor_time) * full_rate if self.gradual else 0.0
        if not self.gradual and now >= self.reset:
            return False
        expected = min(self.limit, self.remaining - (seq - self.anchor_seq) + regained)
        return remaining < expected - _OTHERS

    def target(self, now: float) -> float:
        """The budget left that this moment should see when the budget is used as a whole.

        A refilling budget's stays in the middle (:data:`_LOW` to :data:`_HIGH`: never full,
        never spent), as does a window's of a few seconds (which a client that sends only
        after each reset cannot tell from a refilling budget); a longer window's falls from
        its limit to nothing at the reset.
        """
        if self.paced_as_rate():
            return (_LOW + _HIGH) / 2 * self.limit
        if self.reset == math.inf:
            return self.limit / 2
        return self.limit * min(1.0, max(0.0, (self.reset - now) / self.horizon))

    def observe(
        self, seq: int, now: float, limit: int, remaining: int, reset: float, *, refused: bool
    ) -> None:
        """Learn from the answer to request ``seq``."""
        if not refused:
            self.counter.accepted(seq)
        if seq < self.anchor_seq:
            return  # an older answer than the one already known
        if reset > self.reset + 0.5 and now < self.reset and self.reset != math.inf:
            self.gradual = True  # the reset moved before it came: refilled as it goes
        self.limit = limit
        if reset > now:
            self.horizon = max(self.horizon, reset - now)
        full_rate = self.full_rate()
        if refused:
            self.counter.forget()
            if full_rate:
                # Someone else spends this budget too (alone, the pacing leaves none
                # refused): from now on this process paces itself at a share of it.
                if self.share is None:
                    self.share = _Share(rate=full_rate, next_slot=now)
                self.share.refused(now, limit, full_rate)
            if self.gradual and self.refill:
                self.refill *= _BACK_OFF
                self.estimates = [self.refill]
        else:
            if (
                full_rate
                and self.share is None
                and (self.paced_as_rate() or self._spent_by_others(seq, now, remaining))
            ):
                self.share = _Share(rate=full_rate / 2, next_slot=now, seen_at=now)
            if full_rate and self.share is not None:
                target = self.target(now)
                self.share.observe(now, remaining - target, target, limit, full_rate)
            self.counter.observe(seq, now, limit, remaining)
            if remaining <= limit - 2 and reset > now:
                # ``limit - remaining`` requests refill by ``reset``, but the answer counts
                # the request it answers, whose own share may be only partly spent: dividing
                # by one less never makes the estimate shorter than the true refill time.
                self.estimates.append((reset - now) / (limit - remaining - 1))
                del self.estimates[:-_ESTIMATES]
            counted = self.counter.refill(_COUNTED * limit)
            if counted is not None:
                self.refill = counted
            elif self.estimates:
                self.refill = min(self.estimates)
        if reset == self.reset:
            # Same window, but SendGrid may have seen the requests in another order than
            # they were sent: never claim more room than the previous answer left.
            remaining = max(0, min(remaining, self.remaining - (seq - self.anchor_seq)))
        self.remaining, self.reset = remaining, reset
        self.anchor_seq, self.anchor_time = seq, now


@dataclass(slots=True)
class _Ceiling:
    next_slot: float = 0.0


@dataclass(frozen=True, slots=True)
class Ticket:
    """One request let through by :meth:`RateBudgets.before`, to report its answer with."""

    account: Account
    route: str
    budget: tuple[Account, int] | None
    seq: int


class RateBudgets:
    """Request budgets learned from SendGrid's answers, shared by every thread that uses it.

    Every answer may announce its budget: ``X-RateLimit-Limit`` requests, of which
    ``X-RateLimit-Remaining`` are left until ``X-RateLimit-Reset`` (Unix time, or seconds
    from now when small); a 429 may add ``Retry-After``. Budgets are kept per account and
    per route (v2; v3 per first path segment); routes of one account that announce the same
    limit are paced as one budget (exact when they share it, as SendGrid's v2 budget is
    shared by every v2 call; cautious when they do not). Before a request is sent,
    :meth:`before` holds it back while the budget is spent:

    * a budget that refills at once when its window ends waits for ``X-RateLimit-Reset``;
    * a budget whose reset moves forward while requests are made (a sliding window, or a
      token bucket) refills request by request: the time to regain one request is counted
      from the answers (requests accepted plus the change of ``remaining``, over spans in
      which the budget was never full: see :class:`_RefillCounter`), first bounded by the
      smallest recent ``(reset - now) / (limit - remaining - 1)``, and raised after a 429;
    * ``Retry-After`` holds every request of the budget for that long.

    An optional ceiling of requests a second per account spaces requests evenly, for teams
    that leave room for other tools. A request that nothing has been learned about yet is
    sent at once. Thread-safe: one lock guards the tables, never held while sleeping.

    Args:
        clock: Unix time (injectable for tests).
        sleep: how to wait (injectable for tests).
        poll: the longest single sleep: a waiting request looks again this often, since
            an answer to another thread's request may have changed the budget.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        poll: float = 0.5,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._poll = poll
        self._lock = threading.Lock()
        self._budgets: dict[tuple[Account, int], _Budget] = {}
        self._routes: dict[tuple[Account, str], tuple[Account, int]] = {}
        self._ceilings: dict[Account, _Ceiling] = {}
        self._answered: set[Account] = set()  # accounts with at least one answer
        self._probing: set[Account] = set()  # one request out, before any answer

    def before(
        self,
        account: Account,
        route: str,
        ceiling: float | None = None,
        *,
        after_refusal: bool = False,
    ) -> Ticket:
        """Wait until a request of ``route`` may be sent, then count it as sent.

        ``after_refusal``: the request is the retry of one refused with a 429, for which
        the retry policy has already waited as told: it is sent at once (only the ceiling
        still applies), in the room the other requests left for it.
        """
        waited = False
        while True:
            with self._lock:
                now = self._clock()
                key = self._routes.get((account, route))
                budget = self._budgets.get(key) if key is not None else None
                slot = self._ceilings.setdefault(account, _Ceiling()) if ceiling else None
                wait = budget.wait(now) if budget is not None and not after_refusal else 0.0
                if slot is not None:
                    wait = max(wait, slot.next_slot - now)
                if account in self._probing:
                    # The first request of an account goes alone: its answer tells the
                    # budget, which a burst of requests sent before it may overrun.
                    wait = max(wait, _PROBE_WAIT)
                if after_refusal and budget is not None and budget.retries:
                    budget.retries.pop(0)  # the room kept for it is used now
                if wait <= 0:
                    seq = 0
                    if budget is not None:
                        budget.sent += 1
                        seq = budget.sent
                        budget.in_flight.add(seq)
                        if budget.share is not None:
                            budget.share.sent(now, waited)
                    if slot is not None and ceiling:
                        slot.next_slot = max(now, slot.next_slot) + 1.0 / ceiling
                    if account not in self._answered:
                        self._probing.add(account)
                    return Ticket(account, route, key, seq)
            waited = True
            self._sleep(min(max(wait, _MIN_SLEEP), self._poll))

    def after(self, ticket: Ticket, headers: Mapping[str, str], *, refused: bool) -> None:
        """Learn from the answer to the request of ``ticket`` (``refused``: a 429).

        Call it for every request let through, with no headers when no answer came.
        """
        now = self._clock()
        limit = count_header(header(headers, "X-RateLimit-Limit"))
        remaining = count_header(header(headers, "X-RateLimit-Remaining"))
        reset = reset_time(header(headers, "X-RateLimit-Reset"), now)
        retry_after = header(headers, "Retry-After")
        hold = parse_retry_after(retry_after, now) if retry_after is not None else None
        announced = limit is not None and remaining is not None and reset is not None
        with self._lock:
            self._answered.add(ticket.account)
            self._probing.discard(ticket.account)
            key = ticket.budget
            if key is not None and key in self._budgets:
                self._budgets[key].in_flight.discard(ticket.seq)
            route = (ticket.account, ticket.route)
            if not announced and key is not None and self._routes.get(route) == key:
                # The answer says nothing of a budget (or there was none): the route is not
                # paced until an answer announces one again.
                del self._routes[route]
            if announced and limit and remaining is not None and reset is not None:
                key = (ticket.account, limit)
                self._routes[(ticket.account, ticket.route)] = key
                budget = self._budgets.get(key)
                if budget is None:
                    budget = self._budgets[key] = _Budget(limit)
                    budget.anchor_seq = budget.sent = 0
                seq = ticket.seq if ticket.budget == key else budget.sent
                budget.observe(seq, now, limit, min(remaining, limit), reset, refused=refused)
            if refused and key is not None:
                budget = self._budgets[key]
                back = now
                if hold is not None and hold > 0:
                    budget.hold_until = max(budget.hold_until, now + hold)
                    back = budget.hold_until
                if budget.reset != math.inf:
                    back = max(back, budget.reset)
                budget.retries.append(back + _RETRY_GRACE)
                budget.retries.sort()

    def describe(self, account: Account, route: str) -> dict[str, float | int | bool | None]:
        """What is known of the budget of ``route`` (for logs and tests)."""
        with self._lock:
            key = self._routes.get((account, route))
            budget = self._budgets.get(key) if key is not None else None
            if budget is None:
                return {}
            return {
                "limit": budget.limit,
                "remaining": budget.remaining,
                "reset": budget.reset,
                "gradual": budget.gradual,
                "refill": budget.refill,
                "available": budget.available(self._clock()),
            }


def route_of(path: str) -> str:
    """The budget route of a request path: ``v2``, or ``v3:<first segment>``."""
    if path.startswith("/apiv2/"):
        return "v2"
    segment = path.removeprefix("/v3/").split("/", 1)[0].split("?", 1)[0]
    return f"v3:{segment}"
