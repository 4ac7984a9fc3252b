"""Retries and error mapping under the emulator's injected faults, over real HTTP."""

from __future__ import annotations

import time

import pytest

from pulumi_sendgrid_reseller.client import (
    AlreadyExistsError,
    APIConnectionError,
    APITimeoutError,
    InvalidRequestError,
    MonitorSettings,
    NotFoundError,
    RateLimitError,
    ServerError,
    Timeouts,
)

from ._data import customer, subuser
from .conftest import Control, MakeClient, Recorder

LIST = "GET /v3/subusers"
CREATE = "POST /v3/subusers"
ADD = "POST /apiv2/reseller.add.json"


def _faulted(emu: Control, key: str) -> list[object]:
    method, path = key.split(" ", 1)
    return [
        r.get("fault") for r in emu.log()["requests"] if (r["method"], r["path"]) == (method, path)
    ]


def test_429_waits_until_ratelimit_reset(emu: Control, make_client: MakeClient) -> None:
    now = 1_900_000_000.0
    sleep = Recorder()
    client = make_client(sleep=sleep, wall_clock=lambda: now, rate_limit_jitter=0)
    emu.fault(
        method="GET",
        path="^/v3/subusers$",
        status=429,
        headers={"X-RateLimit-Reset": str(int(now) + 7)},
        count=1,
    )
    assert client.subusers.list() == []
    assert sleep.sleeps == [7]
    assert emu.count(LIST) == 2
    assert [f is not None for f in _faulted(emu, LIST)] == [True, False]


def test_429_retry_after_for_a_create(emu: Control, make_client: MakeClient) -> None:
    sleep = Recorder()
    client = make_client(sleep=sleep, rate_limit_jitter=0)
    emu.fault(
        method="POST", path="^/v3/subusers$", status=429, headers={"Retry-After": "3"}, count=2
    )
    assert client.subusers.create(subuser("limited")).username == "limited"
    assert sleep.sleeps == [3, 3]
    assert emu.count(CREATE) == 3
    assert client.subusers.get("limited") is not None


def test_429_gives_up_after_max_attempts(emu: Control, make_client: MakeClient) -> None:
    sleep = Recorder()
    client = make_client(sleep=sleep, max_attempts=3)
    emu.fault(method="*", path="reseller\\.manage", status=429, count=10)
    with pytest.raises(RateLimitError) as info:
        client.customers.list()
    assert info.value.status_code == 429
    assert len(sleep.sleeps) == 2
    assert emu.count("POST /apiv2/reseller.manage.json?method=profile&task=get") == 3


def test_real_rate_limit_is_paced_and_a_429_still_waited_out(
    emu: Control, make_client: MakeClient
) -> None:
    sleep = Recorder(real=True)
    client = make_client(sleep=sleep, max_rate_limit_wait=5)
    emu.ratelimit("^/v3/subusers$", per_second=1)
    for _ in range(3):
        assert client.subusers.list() == []
    statuses = [r["status"] for r in emu.log()["requests"] if r["path"] == "/v3/subusers"]
    # The first answer announced the budget: the next calls were held back, not refused.
    assert statuses == [200, 200, 200]
    assert sum(sleep.sleeps) >= 1.0
    assert all(0 < s <= 5.5 for s in sleep.sleeps)

    # A client that has not learned the budget is refused, and waits the 429 out.
    other_sleep = Recorder(real=True)
    other = make_client(sleep=other_sleep, max_rate_limit_wait=5)
    assert other.subusers.list() == []
    statuses = [r["status"] for r in emu.log()["requests"] if r["path"] == "/v3/subusers"]
    assert statuses.count(200) == 4
    assert 429 in statuses
    assert len(other_sleep.sleeps) >= 1 and all(0 < s <= 5.5 for s in other_sleep.sleeps)


def test_500_on_read_is_retried(emu: Control, make_client: MakeClient) -> None:
    sleep = Recorder()
    client = make_client(sleep=sleep)
    emu.fault(method="GET", path="^/v3/subusers$", status=500, count=2)
    assert client.subusers.list() == []
    assert len(sleep.sleeps) == 2
    assert emu.count(LIST) == 3
    assert [f is not None for f in _faulted(emu, LIST)] == [True, True, False]


def test_500_on_v2_read_is_retried(emu: Control, make_client: MakeClient) -> None:
    client = make_client()
    emu.fault(method="POST", path="reseller\\.ip", status=503, count=1)
    assert len(client.ips.list()) == 40
    assert emu.count("POST /apiv2/reseller.ip.json?task=all") == 2


def test_500_on_create_is_not_repeated(emu: Control, make_client: MakeClient) -> None:
    sleep = Recorder()
    client = make_client(sleep=sleep)
    emu.fault(method="POST", path="^/v3/subusers$", status=500, count=1)
    with pytest.raises(ServerError) as info:
        client.subusers.create(subuser("once"))
    assert info.value.status_code == 500
    assert emu.count(CREATE) == 1
    assert _faulted(emu, CREATE) != [None]
    assert sleep.sleeps == []


def test_500_on_reseller_add_is_not_repeated(emu: Control, make_client: MakeClient) -> None:
    client = make_client()
    emu.fault(method="POST", path="reseller\\.add", status=500, count=1)
    with pytest.raises(ServerError):
        client.customers.add(customer("once@example.com"))
    assert emu.count(ADD) == 1


def test_500_on_monitor_create_is_not_repeated(emu: Control, make_client: MakeClient) -> None:
    client = make_client()
    client.subusers.create(subuser("monfault"))
    emu.fault(method="POST", path="/monitor$", status=502, count=1)
    with pytest.raises(ServerError):
        client.subusers.create_monitor(
            "monfault", MonitorSettings(email="a@example.com", frequency=2)
        )
    assert emu.count("POST /v3/subusers/monfault/monitor") == 1


def test_500_on_idempotent_write_is_retried(emu: Control, make_client: MakeClient) -> None:
    client = make_client()
    client.subusers.create(subuser("patchme"))
    emu.fault(method="PATCH", path="^/v3/subusers/patchme$", status=500, count=1)
    client.subusers.set_disabled("patchme", True)
    got = client.subusers.get("patchme")
    assert got is not None and got.disabled is True
    assert emu.count("PATCH /v3/subusers/patchme") == 2


def test_dropped_response_on_create_is_not_repeated(emu: Control, make_client: MakeClient) -> None:
    sleep = Recorder()
    client = make_client(sleep=sleep)
    emu.fault(method="POST", path="^/v3/subusers$", drop_after_commit=True, count=1)
    with pytest.raises(APIConnectionError) as info:
        client.subusers.create(subuser("dropped"))
    assert not isinstance(info.value, APITimeoutError)
    assert "sub-password-1" not in str(info.value)
    assert emu.count(CREATE) == 1
    assert sleep.sleeps == []
    # The change was committed: reading tells the caller what happened.
    assert client.subusers.get("dropped") is not None


def test_dropped_response_on_reseller_add(emu: Control, make_client: MakeClient) -> None:
    client = make_client()
    emu.fault(method="POST", path="reseller\\.add", drop_after_commit=True, count=1)
    with pytest.raises(APIConnectionError):
        client.customers.add(customer("dropadd@example.com"))
    assert emu.count(ADD) == 1
    assert client.customers.get("dropadd@example.com") is not None


def test_dropped_response_on_read_is_retried(emu: Control, make_client: MakeClient) -> None:
    client = make_client()
    emu.fault(method="GET", path="^/v3/subusers$", drop_after_commit=True, count=1)
    assert client.subusers.list() == []
    assert emu.count(LIST) == 2


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        ("reseller\\.manage", {"message": "User not found"}, NotFoundError),
        (
            "customer\\.sendip",
            {"error": {"code": 400, "message": "User does not exist"}},
            NotFoundError,
        ),
        (
            "reseller\\.manage",
            {"message": "error", "errors": ["username already exists"]},
            AlreadyExistsError,
        ),
        (
            "reseller\\.manage",
            {"message": "error", "errors": ["city must be short"]},
            InvalidRequestError,
        ),
    ],
)
def test_error_body_under_http_200(
    emu: Control, make_client: MakeClient, path: str, body: object, expected: type
) -> None:
    sleep = Recorder()
    client = make_client(sleep=sleep)
    client.customers.add(customer("present@example.com"))
    emu.fault(method="POST", path=path, status=200, body=body, count=1)
    with pytest.raises(expected) as info:
        if "sendip" in path:
            client.ips.get_send_ips("present@example.com")
        else:
            client.customers.enable("present@example.com")
    assert info.value.status_code == 200  # type: ignore[attr-defined]
    assert sleep.sleeps == []


def test_error_body_under_200_on_add(emu: Control, make_client: MakeClient) -> None:
    client = make_client()
    emu.fault(
        method="POST",
        path="reseller\\.add",
        status=200,
        body={"message": "error", "errors": ["email must be a valid email address"]},
        count=1,
    )
    with pytest.raises(InvalidRequestError) as info:
        client.customers.add(customer("fine@example.com"))
    assert info.value.fields == ["email"]


def test_read_timeout_on_read_is_retried(emu: Control, make_client: MakeClient) -> None:
    sleep = Recorder()
    client = make_client(sleep=sleep, timeouts=Timeouts(connect=2, read=0.4))
    emu.fault(method="GET", path="^/v3/subusers$", latency_ms=1500, count=1)
    started = time.monotonic()
    assert client.subusers.list() == []
    assert len(sleep.sleeps) == 1
    assert time.monotonic() - started < 1.5 + 5  # did not wait for the slow answer twice


def test_read_timeout_on_create_raises(emu: Control, make_client: MakeClient) -> None:
    sleep = Recorder()
    client = make_client(sleep=sleep, timeouts=Timeouts(connect=2, read=0.4))
    emu.fault(method="POST", path="^/v3/subusers$", latency_ms=1200, count=1)
    with pytest.raises(APITimeoutError) as info:
        client.subusers.create(subuser("slow"))
    assert "may or may not have taken effect" in str(info.value)
    assert sleep.sleeps == []
    deadline = time.monotonic() + 5
    while emu.count(CREATE) < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    assert emu.count(CREATE) == 1
