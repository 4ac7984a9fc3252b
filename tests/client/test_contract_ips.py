"""v2 IPs (reseller.ip, customer.ip, customer.sendip) against the emulator over HTTP."""

from __future__ import annotations

import pytest

from pulumi_sendgrid_reseller.client import InvalidRequestError, NotFoundError, SendGridClient

from ._data import customer, subuser
from .conftest import DEFAULT_IPS, Control


def test_inventory_lists(client: SendGridClient, emu: Control) -> None:
    assert sorted(client.ips.list()) == sorted(DEFAULT_IPS)
    assert sorted(client.ips.list("free")) == sorted(DEFAULT_IPS)
    assert client.ips.list("taken") == []
    client.customers.add(customer("ipuser@example.com", ips=["198.51.100.10"]))
    assert client.ips.list("taken") == ["198.51.100.10"]
    assert "198.51.100.10" not in client.ips.list("free")
    assert "198.51.100.10" not in client.ips.list("available")
    assert sorted(client.ips.list(ip="198.51.100")) == [f"198.51.100.{i}" for i in range(10, 20)]
    assert client.ips.list("taken", ip="203.0") == []
    assert sorted(client.ips.list(system=True)) == sorted(DEFAULT_IPS)
    emu.add_ips(["203.0.113.50"])
    assert "203.0.113.50" in client.ips.list()


def test_available_includes_ips_of_inactive_users(client: SendGridClient) -> None:
    client.customers.add(customer("active@example.com", ips=["192.0.2.20"]))
    client.customers.add(customer("inactive@example.com", ips=["192.0.2.21"]))
    client.customers.disable("inactive@example.com")
    available = client.ips.list("available")
    assert "192.0.2.21" in available
    assert "192.0.2.20" not in available
    assert "192.0.2.10" in available


def test_usage_and_filters(client: SendGridClient) -> None:
    client.customers.add(customer("user4@example.com", ips=["192.0.2.12", "192.0.2.13"]))
    client.customers.add(customer("other@example.org", ips=["203.0.113.10"]))
    usage = client.ips.usage()
    pairs = sorted((u.ip, u.user) for u in usage)
    assert pairs == [
        ("192.0.2.12", "user4@example.com"),
        ("192.0.2.13", "user4@example.com"),
        ("203.0.113.10", "other@example.org"),
    ]
    assert sorted(u.ip for u in client.ips.usage(user="example.com")) == [
        "192.0.2.12",
        "192.0.2.13",
    ]
    assert [u.user for u in client.ips.usage(ip="203.0.113")] == ["other@example.org"]
    assert client.ips.usage(group="no-such-group") == []
    assert len(client.ips.usage(system=True)) == 3


def test_customer_ip_lists(client: SendGridClient) -> None:
    assert sorted(client.ips.customer_ips()) == sorted(DEFAULT_IPS)
    client.customers.add(customer("c@example.com", ips=["192.0.2.15"]))
    assert client.ips.customer_ips("taken") == ["192.0.2.15"]
    assert "192.0.2.15" not in client.ips.customer_ips("free")
    assert len(client.ips.customer_ips("free")) == len(DEFAULT_IPS) - 1
    assert "192.0.2.16" in client.ips.customer_ips("available")


def test_send_ips_specify_all_none(client: SendGridClient, emu: Control) -> None:
    client.customers.add(customer("send@example.com"))
    start = client.ips.get_send_ips("send@example.com")
    assert start.ips == []
    assert start.outboundcluster
    client.ips.set_send_ips("send@example.com", ["192.0.2.10", "192.0.2.11"])
    assert sorted(client.ips.get_send_ips("send@example.com").ips) == ["192.0.2.10", "192.0.2.11"]
    client.ips.set_send_ips("send@example.com", ["203.0.113.10"])  # replaces
    assert client.ips.get_send_ips("send@example.com").ips == ["203.0.113.10"]
    client.ips.set_send_ips_all("send@example.com")
    assert sorted(client.ips.get_send_ips("send@example.com").ips) == sorted(DEFAULT_IPS)
    client.ips.clear_send_ips("send@example.com")
    assert client.ips.get_send_ips("send@example.com").ips == []
    client.ips.set_send_ips("send@example.com", ["192.0.2.10"])
    client.ips.set_send_ips("send@example.com", [])  # empty list = set=none
    assert client.ips.get_send_ips("send@example.com").ips == []
    counts = emu.log()["counts"]
    assert counts["POST /apiv2/customer.sendip.json?task=append"] == 6
    assert counts["POST /apiv2/customer.sendip.json?task=list"] == 6


def test_send_ips_errors(client: SendGridClient) -> None:
    with pytest.raises(NotFoundError) as info:
        client.ips.get_send_ips("nobody@example.com")
    assert "User does not exist" in str(info.value)
    with pytest.raises(NotFoundError):
        client.ips.set_send_ips("nobody@example.com", ["192.0.2.10"])
    client.customers.add(customer("owner@example.com"))
    with pytest.raises(InvalidRequestError) as info2:
        client.ips.set_send_ips("owner@example.com", ["203.0.113.99"])
    assert info2.value.fields == ["ip"]
    assert "does not belong to you" in str(info2.value)


def test_send_ips_work_for_subusers(client: SendGridClient) -> None:
    client.subusers.create(subuser("subips", ips=["192.0.2.10"]))
    assert client.ips.get_send_ips("subips").ips == ["192.0.2.10"]
    client.ips.set_send_ips("subips", ["192.0.2.11", "192.0.2.12"])
    assert sorted(client.ips.get_send_ips("subips").ips) == ["192.0.2.11", "192.0.2.12"]
