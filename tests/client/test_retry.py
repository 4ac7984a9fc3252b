"""Retry arithmetic and decisions, with an injected clock and a stubbed wire."""

from __future__ import annotations

import email.utils

import pytest
import requests

from pulumi_sendgrid_reseller.client import (
    APIConnectionError,
    APITimeoutError,
    CustomerCreate,
    MonitorSettings,
    RetryPolicy,
    ServerError,
    SubuserCreate,
    Timeouts,
)

from ._stub import FakeClock, Reply, dropped, policy, refused, stub_client

NOW = 1_700_000_000.0
TOO_MANY = {"errors": [{"field": None, "message": "too many requests"}]}
SUB = SubuserCreate(
    username="sub1", email="s@example.com", password="pass-word-9", ips=["192.0.2.10"]
)
CUST = CustomerCreate(
    username="c@example.com",
    password="samplepassword",
    email="c@example.com",
    first_name="a",
    last_name="b",
    address="c",
    city="d",
    state="e",
    zip="f",
    country="g",
    phone="h",
    website="i",
)


# ---- arithmetic ---------------------------------------------------------------------


def test_backoff_is_full_jitter_within_exponential_ceiling() -> None:
    clock = FakeClock()
    top = policy(clock, rand=0.999999, backoff_base=1.0, backoff_max=20.0)
    low = policy(clock, rand=0.0, backoff_base=1.0, backoff_max=20.0)
    ceilings = [1, 2, 4, 8, 16, 20, 20]
    for attempt, ceiling in enumerate(ceilings, start=1):
        assert low.backoff(attempt) == 0.0
        assert ceiling * 0.999 < top.backoff(attempt) <= ceiling


def test_backoff_uses_random_draws() -> None:
    draws = iter([0.25, 0.75])
    clock = FakeClock()
    p = RetryPolicy(random=lambda: next(draws), sleep=clock.sleep)
    assert p.backoff(3) == 0.25 * 4
    assert p.backoff(3) == 0.75 * 4


def test_retry_after_seconds() -> None:
    p = policy(FakeClock(NOW), rand=0.0)
    assert p.rate_limit_hint({"Retry-After": "7"}) == 7
    assert p.rate_limit_wait({"retry-after": "7"}, 1) == 7


def test_retry_after_http_date() -> None:
    p = policy(FakeClock(NOW), rand=0.0)
    date = email.utils.formatdate(NOW + 12, usegmt=True)
    assert p.rate_limit_hint({"Retry-After": date}) == pytest.approx(12)


def test_retry_after_wins_over_reset() -> None:
    p = policy(FakeClock(NOW), rand=0.0)
    headers = {"Retry-After": "3", "X-RateLimit-Reset": str(int(NOW + 40))}
    assert p.rate_limit_hint(headers) == 3


def test_ratelimit_reset_epoch_and_relative() -> None:
    p = policy(FakeClock(NOW), rand=0.0)
    assert p.rate_limit_hint({"X-RateLimit-Reset": str(int(NOW) + 9)}) == 9
    assert p.rate_limit_hint({"X-RateLimit-Reset": "5"}) == 5  # not an epoch: seconds


def test_rate_limit_wait_is_capped_and_jittered() -> None:
    clock = FakeClock(NOW)
    headers = {"X-RateLimit-Reset": str(int(NOW) + 3600)}
    assert policy(clock, rand=0.999, max_rate_limit_wait=60).rate_limit_wait(headers, 1) == 60
    near = {"X-RateLimit-Reset": str(int(NOW) + 4)}
    low = policy(clock, rand=0.0, rate_limit_jitter=0.5).rate_limit_wait(near, 1)
    high = policy(clock, rand=0.999999, rate_limit_jitter=0.5).rate_limit_wait(near, 1)
    assert low == 4
    assert 4 < high < 4.5


def test_useless_hints_fall_back_to_backoff() -> None:
    p = policy(FakeClock(NOW), rand=0.5, backoff_base=1.0)
    for headers in (
        {},
        {"Retry-After": "soon"},
        {"Retry-After": "-3"},
        {"X-RateLimit-Reset": str(int(NOW) - 10)},
        {"X-RateLimit-Reset": "nan"},
    ):
        assert p.rate_limit_hint(headers) is None
        assert p.rate_limit_wait(headers, 3) == 0.5 * 4


def test_policy_validation() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="backoff_max"):
        RetryPolicy(backoff_max=-1)
    with pytest.raises(ValueError):
        Timeouts(connect=0)
    assert RetryPolicy() == RetryPolicy()


# ---- decisions ----------------------------------------------------------------------


def test_429_is_retried_even_for_creates() -> None:
    client, adapter, clock = stub_client(
        [
            Reply(429, TOO_MANY, {"X-RateLimit-Reset": str(int(NOW) + 5)}),
            Reply(201, {"username": "sub1", "user_id": 9, "email": "s@example.com"}),
        ],
        clock=FakeClock(NOW),
        rate_limit_jitter=0,
    )
    created = client.subusers.create(SUB)
    assert created.user_id == 9
    assert clock.sleeps == [5]
    assert len(adapter.requests) == 2


def test_5xx_retried_for_reads_until_success() -> None:
    client, adapter, clock = stub_client(
        [Reply(500, {"errors": []}), Reply(503), Reply(200, [])], rand=0.5, backoff_base=1.0
    )
    assert client.subusers.list() == []
    assert clock.sleeps == [0.5, 1.0]
    assert len(adapter.requests) == 3


@pytest.mark.parametrize("call", ["subuser", "customer", "monitor"])
def test_5xx_not_retried_for_creates(call: str) -> None:
    client, adapter, clock = stub_client([Reply(500, {"message": "error"}), Reply(200, {})])
    with pytest.raises(ServerError) as info:
        if call == "subuser":
            client.subusers.create(SUB)
        elif call == "customer":
            client.customers.add(CUST)
        else:
            client.subusers.create_monitor("s", MonitorSettings(email="a@example.com", frequency=5))
    assert len(adapter.requests) == 1
    assert clock.sleeps == []
    assert "not safe to repeat" in str(info.value)


def test_5xx_retried_for_idempotent_writes() -> None:
    client, adapter, _ = stub_client(
        [
            Reply(502),
            Reply(204),
            Reply(500),
            Reply(200, {"message": "success"}),
            Reply(500),
            Reply(204),
        ]
    )
    client.subusers.set_disabled("s", True)
    client.customers.disable("c@example.com")
    client.subusers.delete("s")
    assert len(adapter.requests) == 6


def test_dropped_connection_not_retried_for_creates() -> None:
    client, adapter, _ = stub_client([dropped(), Reply(200, {"message": "success"})])
    with pytest.raises(APIConnectionError) as info:
        client.customers.add(CUST)
    assert not isinstance(info.value, APITimeoutError)
    assert len(adapter.requests) == 1
    assert "may or may not have taken effect" in str(info.value)
    assert "samplepassword" not in str(info.value)


def test_dropped_connection_retried_for_reads() -> None:
    client, adapter, _ = stub_client([dropped(), Reply(200, [])])
    assert client.customers.list() == []
    assert len(adapter.requests) == 2


def test_refused_connection_retried_even_for_creates() -> None:
    client, adapter, _ = stub_client([refused(), Reply(200, {"message": "success"})])
    client.customers.add(CUST)
    assert len(adapter.requests) == 2


def test_read_timeout_retried_for_reads_not_creates() -> None:
    client, adapter, _ = stub_client([requests.exceptions.ReadTimeout("slow"), Reply(200, [])])
    assert client.subusers.list() == []
    assert len(adapter.requests) == 2
    client2, adapter2, _ = stub_client([requests.exceptions.ReadTimeout("slow")])
    with pytest.raises(APITimeoutError) as info:
        client2.subusers.create(SUB)
    assert len(adapter2.requests) == 1
    assert "read timeout" in str(info.value)
    client3, adapter3, _ = stub_client(
        [requests.exceptions.ConnectTimeout("slow"), Reply(201, {"username": "sub1"})]
    )
    assert client3.subusers.create(SUB).username == "sub1"
    assert len(adapter3.requests) == 2  # never sent the first time: safe to repeat


def test_max_attempts_bounds_retries() -> None:
    client, adapter, clock = stub_client([Reply(503)] * 3, max_attempts=3)
    with pytest.raises(ServerError):
        client.subusers.list()
    assert len(adapter.requests) == 3
    assert len(clock.sleeps) == 2


def test_deadline_stops_retries_before_sleeping_past_it() -> None:
    headers = {"Retry-After": "50"}
    client, adapter, clock = stub_client(
        [Reply(429, TOO_MANY, headers)] * 5, max_elapsed=120, rate_limit_jitter=0
    )
    with pytest.raises(Exception) as info:
        client.subusers.list()
    assert type(info.value).__name__ == "RateLimitError"
    assert clock.sleeps == [50, 50]  # a third wait would end at 150 s > 120 s
    assert len(adapter.requests) == 3


def test_timeouts_are_sent_on_every_call() -> None:
    client, adapter, _ = stub_client([Reply(200, [])])
    client.subusers.list()
    assert adapter.kwargs["timeout"] == (5.0, 30.0)


def test_v2_credentials_only_in_form_body_v3_in_header() -> None:
    client, adapter, _ = stub_client([Reply(200, []), Reply(200, [])])
    client.customers.list()
    req = adapter.requests[0]
    assert req.method == "POST"
    assert "api_key" not in (req.url or "") and "SG." not in (req.url or "")
    assert ("api_key", "SG.unit-test-key.0123456789abcdef") in adapter.form(0)
    assert ("api_user", "reseller") in adapter.form(0)
    client.subusers.list(username="a b")
    v3 = adapter.requests[1]
    assert v3.headers["Authorization"] == "Bearer SG.unit-test-key.0123456789abcdef"
    assert "on-behalf-of" not in v3.headers


def test_on_behalf_of_header_only_on_v3() -> None:
    from pydantic import SecretStr

    from pulumi_sendgrid_reseller.client import SendGridClient
    from pulumi_sendgrid_reseller.config import Credentials

    from ._stub import StubAdapter

    adapter = StubAdapter([Reply(200, []), Reply(200, [])])
    session = requests.Session()
    session.mount("https://", adapter)
    creds = Credentials(api_user="u", api_key=SecretStr("SG.k"), api_url="https://sg.test")
    with SendGridClient(creds, on_behalf_of="child", session=session) as client:
        client.subusers.list()
        client.customers.list()
    assert adapter.requests[0].headers["on-behalf-of"] == "child"
    assert "on-behalf-of" not in adapter.requests[1].headers
    assert "Authorization" not in adapter.requests[1].headers
