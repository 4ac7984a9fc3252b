"""v3 subusers against the emulator over HTTP."""

from __future__ import annotations

import pytest

from pulumi_sendgrid_reseller.client import (
    AlreadyExistsError,
    AuthenticationError,
    InvalidRequestError,
    MonitorSettings,
    NotFoundError,
    SendGridClient,
)

from ._data import subuser
from .conftest import Control, MakeClient


def test_create_and_get(client: SendGridClient, emu: Control) -> None:
    created = client.subusers.create(subuser("sub1", ips=["192.0.2.10", "192.0.2.11"]))
    assert created.username == "sub1"
    assert created.email == "sub1@example.com"
    assert isinstance(created.user_id, int)
    assert created.credit_allocation == {"type": "unlimited"}
    got = client.subusers.get("sub1")
    assert got is not None
    assert (got.id, got.username, got.email, got.disabled) == (
        created.user_id,
        "sub1",
        "sub1@example.com",
        False,
    )
    assert got.region == created.region == "global"
    acct = emu.account("sub1")
    assert acct is not None and acct["kind"] == "subuser"
    assert sorted(acct["ips"]) == ["192.0.2.10", "192.0.2.11"]
    assert emu.count("POST /v3/subusers") == 1


def test_create_in_eu(client: SendGridClient) -> None:
    created = client.subusers.create(subuser("eusub", region="eu"))
    assert created.region == "eu"
    got = client.subusers.get("eusub")
    assert got is not None and got.region == "eu"


def test_create_errors(client: SendGridClient) -> None:
    client.subusers.create(subuser("twice"))
    with pytest.raises(AlreadyExistsError) as info:
        client.subusers.create(subuser("twice"))
    assert str(info.value) == "SendGrid rejected POST /v3/subusers (400): username: username exists"
    with pytest.raises(InvalidRequestError) as info2:
        client.subusers.create(subuser("badip", ips=["203.0.113.99"]))
    assert info2.value.status_code == 400
    assert client.subusers.get("badip") is None


def test_list_filter_paging_and_region(client: SendGridClient, emu: Control) -> None:
    for i in range(7):
        client.subusers.create(subuser(f"team{i}"))
    client.subusers.create(subuser("solo"))
    everyone = client.subusers.list()
    assert len(everyone) == 8
    assert all(s.region is None for s in everyone)
    assert all(s.region == "global" for s in client.subusers.list(include_region=True))
    team = client.subusers.list(username="team")
    assert sorted(s.username for s in team) == [f"team{i}" for i in range(7)]
    page1 = client.subusers.list(username="team", limit=3)
    page2 = client.subusers.list(username="team", limit=3, offset=3)
    assert [s.username for s in page1 + page2] == [s.username for s in team[:6]]
    emu.clear_log()
    iterated = list(client.subusers.iter(username="team", page_size=3))
    assert [s.username for s in iterated] == [s.username for s in team]
    assert emu.count("GET /v3/subusers") == 3  # 3 + 3 + 1


def test_get_is_exact(client: SendGridClient) -> None:
    client.subusers.create(subuser("john"))
    client.subusers.create(subuser("johnny"))
    got = client.subusers.get("john")
    assert got is not None and got.username == "john"
    assert client.subusers.get("jo") is None


def test_disable_enable_delete(client: SendGridClient, emu: Control) -> None:
    client.subusers.create(subuser("flip"))
    client.subusers.set_disabled("flip", True)
    got = client.subusers.get("flip")
    assert got is not None and got.disabled is True
    client.subusers.set_disabled("flip", False)
    got = client.subusers.get("flip")
    assert got is not None and got.disabled is False
    client.subusers.delete("flip")
    assert client.subusers.get("flip") is None
    client.subusers.delete("flip")  # the current document: 204 whether it existed or not
    # PATCH of an unknown subuser: the document's 400 "invalid username", a NotFoundError.
    with pytest.raises(NotFoundError) as info:
        client.subusers.set_disabled("flip", True)
    assert "invalid username" in str(info.value)


def test_set_ips(client: SendGridClient, emu: Control) -> None:
    client.subusers.create(subuser("ipsub"))
    assert client.subusers.set_ips("ipsub", ["198.51.100.10", "198.51.100.11"]) == [
        "198.51.100.10",
        "198.51.100.11",
    ]
    acct = emu.account("ipsub")
    assert acct is not None and sorted(acct["ips"]) == ["198.51.100.10", "198.51.100.11"]
    with pytest.raises(InvalidRequestError):
        client.subusers.set_ips("ipsub", ["203.0.113.99"])
    with pytest.raises(NotFoundError):
        client.subusers.set_ips("ghost", ["198.51.100.10"])


def test_reputations(client: SendGridClient) -> None:
    client.subusers.create(subuser("rep1"))
    client.subusers.create(subuser("rep2"))
    reps = client.subusers.reputations(["rep1", "rep2"])
    assert sorted(r.username for r in reps) == ["rep1", "rep2"]
    assert all(isinstance(r.reputation, float) and 0 <= r.reputation <= 100 for r in reps)
    assert client.subusers.reputations([]) == []


def test_monitor_lifecycle(client: SendGridClient, emu: Control) -> None:
    client.subusers.create(subuser("mon"))
    with pytest.raises(NotFoundError) as info:
        client.subusers.get_monitor("mon")
    assert "No monitor settings for this user" in str(info.value)
    with pytest.raises(NotFoundError):
        client.subusers.update_monitor("mon", MonitorSettings(email="a@example.com", frequency=5))
    created = client.subusers.create_monitor(
        "mon", MonitorSettings(email="test@example.com", frequency=500)
    )
    assert created == MonitorSettings(email="test@example.com", frequency=500)
    with pytest.raises(AlreadyExistsError) as info2:
        client.subusers.create_monitor("mon", MonitorSettings(email="x@example.com", frequency=1))
    assert "User already has a monitor" in str(info2.value)
    updated = client.subusers.update_monitor(
        "mon", MonitorSettings(email="other@example.com", frequency=10)
    )
    assert updated == MonitorSettings(email="other@example.com", frequency=10)
    assert client.subusers.get_monitor("mon") == updated
    assert emu.state()["monitors"] == [
        {"username": "mon", "email": "other@example.com", "frequency": 10}
    ]
    client.subusers.delete_monitor("mon")
    with pytest.raises(NotFoundError):
        client.subusers.get_monitor("mon")
    with pytest.raises(NotFoundError):
        client.subusers.delete_monitor("mon")


def test_deleting_subuser_removes_monitor(client: SendGridClient, emu: Control) -> None:
    client.subusers.create(subuser("monsub"))
    client.subusers.create_monitor("monsub", MonitorSettings(email="m@example.com", frequency=3))
    client.subusers.delete("monsub")
    assert emu.state()["monitors"] == []


def test_server_side_monitor_rules(client: SendGridClient) -> None:
    client.subusers.create(subuser("monrules"))
    bad = MonitorSettings.model_construct(email="not-an-email", frequency=0)
    with pytest.raises(InvalidRequestError) as info:
        client.subusers.create_monitor("monrules", bad)
    assert info.value.status_code == 400


def test_on_behalf_of_and_wrong_key(make_client: MakeClient, client: SendGridClient) -> None:
    client.subusers.create(subuser("parented"))
    acting = make_client(on_behalf_of="parented")
    assert isinstance(acting.subusers.list(), list)
    with pytest.raises(AuthenticationError) as info:
        make_client(api_key="SG.nope").subusers.get("parented")
    assert info.value.status_code == 401
    assert "authorization required" in str(info.value)
