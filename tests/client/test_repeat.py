"""A create is sent again only after a read shows it absent, under the transport's one
policy; a poll waits with growing pauses. An injected clock, a stubbed wire."""

from __future__ import annotations

import pytest

from pulumi_sendgrid_reseller.client import (
    AlreadyExistsError,
    APIConnectionError,
    ServerError,
    SubuserCreate,
)
from pulumi_sendgrid_reseller.client._models import SubuserCreated

from ._stub import Reply, dropped, stub_client

SUB = SubuserCreate(
    username="sub1", email="s@example.com", password="pass-word-9", ips=["192.0.2.10"]
)
CREATED = {"username": "sub1", "user_id": 7, "email": "s@example.com"}
LISTED = [{"id": 7, "username": "sub1", "email": "s@example.com", "disabled": False}]
EXISTS = {"errors": [{"field": "username", "message": "username exists"}]}
BOOM = {"errors": [{"field": None, "message": "boom"}]}


def methods(adapter: object) -> list[str]:
    return [f"{r.method} {r.path_url.split('?')[0]}" for r in adapter.requests]  # type: ignore[attr-defined]


def create_sub(client: object) -> tuple[list[SubuserCreated], object]:
    made: list[SubuserCreated] = []
    found = client.transport.create_once(  # type: ignore[attr-defined]
        lambda: made.append(client.subusers.create(SUB)),  # type: ignore[attr-defined]
        lambda: client.subusers.get("sub1"),  # type: ignore[attr-defined]
    )
    return made, found


def test_an_answered_create_reads_nothing() -> None:
    client, adapter, clock = stub_client([Reply(200, CREATED)])
    made, found = create_sub(client)
    assert found is None and [m.user_id for m in made] == [7]
    assert methods(adapter) == ["POST /v3/subusers"] and clock.sleeps == []


def test_a_lost_answer_is_read_before_anything_else() -> None:
    client, adapter, clock = stub_client([dropped(), Reply(200, LISTED)])
    made, found = create_sub(client)
    assert made == [] and found is not None and found.id == 7  # type: ignore[attr-defined]
    assert methods(adapter) == ["POST /v3/subusers", "GET /v3/subusers"]
    assert clock.sleeps == []  # found: no wait, no second create


def test_a_create_shown_absent_is_sent_again_after_the_policys_backoff() -> None:
    client, adapter, clock = stub_client(
        [Reply(500, BOOM), Reply(200, []), Reply(200, CREATED)], rand=0.5, backoff_base=2.0
    )
    made, found = create_sub(client)
    assert found is None and [m.user_id for m in made] == [7]
    assert methods(adapter) == ["POST /v3/subusers", "GET /v3/subusers", "POST /v3/subusers"]
    assert clock.sleeps == [1.0]  # the policy's full-jitter backoff of attempt 1


def test_a_later_already_exists_is_an_earlier_attempt_that_landed() -> None:
    client, adapter, _ = stub_client(
        [dropped(), Reply(200, []), Reply(400, EXISTS), Reply(200, LISTED)]
    )
    made, found = create_sub(client)
    assert made == [] and found is not None and found.id == 7  # type: ignore[attr-defined]
    assert methods(adapter)[-2:] == ["POST /v3/subusers", "GET /v3/subusers"]


def test_a_first_already_exists_is_not_ours() -> None:
    client, adapter, _ = stub_client([Reply(400, EXISTS)])
    with pytest.raises(AlreadyExistsError):
        create_sub(client)
    assert methods(adapter) == ["POST /v3/subusers"]  # no read: it existed before


def test_max_attempts_bound_the_creates() -> None:
    client, adapter, clock = stub_client(
        [dropped(), Reply(200, []), Reply(500, BOOM), Reply(200, [])], max_attempts=2
    )
    with pytest.raises(ServerError):
        create_sub(client)
    assert methods(adapter).count("POST /v3/subusers") == 2
    assert len(clock.sleeps) == 1


def test_the_time_budget_bounds_the_creates() -> None:
    client, adapter, clock = stub_client(
        [dropped(), Reply(200, [])], rand=1.0, backoff_base=10.0, max_elapsed=5.0
    )
    with pytest.raises(APIConnectionError):
        create_sub(client)
    assert methods(adapter).count("POST /v3/subusers") == 1 and clock.sleeps == []


def test_poll_waits_longer_each_time_until_done() -> None:
    client, _, clock = stub_client([])
    answers = iter([1, 2, 3, 4])
    last = client.transport.poll(lambda: next(answers), lambda n: n >= 3, 100.0)
    assert last == 3 and clock.sleeps == [1.0, 2.0]


def test_poll_gives_the_last_answer_when_time_is_up() -> None:
    client, _, clock = stub_client([])
    calls: list[int] = []
    last = client.transport.poll(
        lambda: calls.append(1) or len(calls), lambda n: False, 5.0, longest_wait=2.0
    )
    assert clock.sleeps == [1.0, 2.0, 2.0] and last == len(calls) == 4
