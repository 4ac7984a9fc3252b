"""Process-wide state: settings, claims and inventory shared by every thread, one lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from pulumi_sendgrid_reseller import _session
from pulumi_sendgrid_reseller.client import Credentials, SendGridClient

CREDS = Credentials(api_user="u", api_key=SecretStr("SG.session-test"), api_url="http://x.test")


@pytest.fixture(autouse=True)
def clean() -> Iterator[None]:
    _session.reset()
    yield
    _session.reset()


def test_stack_config_keeps_only_the_providers_keys() -> None:
    _session.set_stack_config(
        {"sendgrid-reseller:apiKey": "SG.k", "sendgrid-reseller:readTimeout": 3, "a:b": "c"}
    )
    assert _session.stack_config() == {
        "sendgrid-reseller:apiKey": "SG.k",
        "sendgrid-reseller:readTimeout": "3",
    }


def test_clients_carry_the_recorded_timeout_and_are_reused_per_thread() -> None:
    _session.set_stack_config({"sendgrid-reseller:readTimeout": "4"})
    client = _session.client_for(CREDS)
    assert client.transport.timeouts.read == 4.0
    assert _session.client_for(CREDS) is client
    other: list[object] = []
    thread = threading.Thread(target=lambda: other.append(_session.client_for(CREDS)))
    thread.start()
    thread.join()
    assert other and other[0] is not client
    assert _session.client_for(CREDS, config={"sendgrid-reseller:readTimeout": "9"}) is not client


def test_clients_carry_the_ceiling_and_share_one_table_of_budgets() -> None:
    _session.set_stack_config({"sendgrid-reseller:maxRequestsPerSecond": "3"})
    client = _session.client_for(CREDS)
    assert client.transport.max_requests_per_second == 3.0
    other: list[SendGridClient] = []
    thread = threading.Thread(target=lambda: other.append(_session.client_for(CREDS)))
    thread.start()
    thread.join()
    assert other[0] is not client and other[0].transport.budgets is client.transport.budgets
    unbounded = _session.client_for(CREDS, config={})
    assert unbounded.transport.max_requests_per_second is None


def test_one_claim_wins_among_many_threads() -> None:
    run = type("Run", (), {})()
    holders: list[str] = []
    barrier = threading.Barrier(16)

    def take(i: int) -> None:
        barrier.wait()
        holders.append(_session.claim(run, "username", "alice", f"owner-{i}"))

    threads = [threading.Thread(target=take, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(holders) == 16 and len(set(holders)) == 1
    assert _session.claim(run, "monitor", "alice", "owner-x") == "owner-x"  # other namespace
    another = type("Run", (), {})()
    assert _session.claim(another, "username", "alice", "owner-y") == "owner-y"  # other run


def test_inventory_is_cached_for_a_while() -> None:
    now = [100.0]
    calls: list[int] = []

    def fetch() -> frozenset[str]:
        calls.append(1)
        return frozenset({"192.0.2.1"})

    assert _session.parent_ips(CREDS, fetch, clock=lambda: now[0]) == {"192.0.2.1"}
    now[0] += 10
    assert _session.parent_ips(CREDS, fetch, clock=lambda: now[0]) == {"192.0.2.1"}
    assert len(calls) == 1
    now[0] += 25
    _session.parent_ips(CREDS, fetch, clock=lambda: now[0])
    assert len(calls) == 2
