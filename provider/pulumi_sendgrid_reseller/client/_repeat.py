"""Calls made again beyond the request loop: a create whose outcome is unknown, a poll.

Both are decided here, with the transport's one :class:`~._retry.RetryPolicy` (its
attempts, backoff, time budget, clock and sleep), so that no retry or wait loop lives
outside the client's transport package.

**Creating exactly once**, although SendGrid has no idempotency keys. A create is sent
with ``idempotent=False``: the transport repeats it only when nothing was sent (a refused
connection) or SendGrid refused it unprocessed (429). When its outcome is unknown (a lost
connection, a timeout, a 5xx), :func:`create_once` reads before sending it again: the
object found means the create took effect. Whether and when it is sent again is decided by
the policy, as for every other retry.

**Polling** (:func:`poll`): a call that answers, but not yet what is waited for (DNS records
SendGrid does not see yet), made again with growing pauses until it does or time is up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypedDict, TypeVar, Unpack

from ._errors import AlreadyExistsError, APIConnectionError, ServerError
from ._retry import RetryPolicy

__all__ = ["Pauses", "create_once", "poll"]

F = TypeVar("F")
T = TypeVar("T")


class Pauses(TypedDict, total=False):
    """The pauses of :func:`poll`, in seconds."""

    first_wait: float
    """Before the second call (default 1)."""
    longest_wait: float
    """The longest pause: each one doubles up to it (default 30)."""


logger = logging.getLogger("pulumi_sendgrid_reseller.client")


def create_once(
    policy: RetryPolicy, send: Callable[[], object], find: Callable[[], F | None]
) -> F | None:
    """Send a create until it is known to have taken effect once; never twice.

    Args:
        policy: the retry policy (attempts, backoff, time budget).
        send: sends the create (its answer is the caller's: keep it in the closure).
        find: reads whether an earlier attempt took effect; returns the object, or ``None``
            when it is absent. It may also remove what a lost attempt left behind that is of
            no use (an API key whose secret nobody received), and return ``None``.

    Returns:
        ``None`` when ``send`` answered, else the object ``find`` found.

    Raises:
        AlreadyExistsError: on the first attempt (the object existed before); on a later
            one only when ``find`` does not find it.
        APIConnectionError, ServerError: the outcome stayed unknown and ``find`` found
            nothing, with no retry left.
    """
    started = policy.monotonic()
    attempt = 1
    while True:
        try:
            send()
            return None
        except AlreadyExistsError:
            # On a later attempt: an earlier one landed although its answer was lost.
            found = find() if attempt > 1 else None
            if found is None:
                raise
            return found
        except (APIConnectionError, ServerError) as exc:
            found = find()
            if found is not None:
                return found
            wait = policy.wait_before_retry(attempt, started)
            if wait is None:
                raise
            logger.info(
                "Creating again in %.2f s: attempt %d had no answer and made nothing (%s)",
                wait,
                attempt,
                exc,
            )
            policy.sleep(wait)
            attempt += 1


def poll(
    policy: RetryPolicy,
    call: Callable[[], T],
    done: Callable[[T], bool],
    timeout: float,
    **pauses: Unpack[Pauses],
) -> T:
    """Make ``call`` until ``done`` holds for its answer or ``timeout`` seconds have passed.

    The pause between calls doubles from ``first_wait`` up to ``longest_wait`` (see
    :class:`Pauses`); the clock and the sleep are the policy's. Returns the last answer,
    whether ``done`` or not (the caller says what is missing). Errors of ``call`` propagate
    (the transport has already retried what may be retried).
    """
    deadline = policy.monotonic() + timeout
    pause = pauses.get("first_wait", 1.0)
    longest_wait = pauses.get("longest_wait", 30.0)
    while True:
        answer = call()
        left = deadline - policy.monotonic()
        if done(answer) or left <= 0:
            return answer
        policy.sleep(min(pause, left))
        pause = min(pause * 2, longest_wait)
