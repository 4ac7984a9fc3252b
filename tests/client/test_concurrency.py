"""One client shared by several threads, as the Pulumi provider uses it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from pulumi_sendgrid_reseller.client import MonitorSettings, SendGridClient

from ._data import customer, subuser
from .conftest import Control


def test_shared_client_across_threads(client: SendGridClient, emu: Control) -> None:
    def work(i: int) -> tuple[str, str]:
        name = f"thread{i}"
        client.subusers.create(subuser(name, ips=[f"192.0.2.{10 + i}"]))
        client.subusers.create_monitor(
            name, MonitorSettings(email=f"{name}@example.com", frequency=i + 1)
        )
        client.customers.add(customer(f"{name}@example.com"))
        client.customers.disable(f"{name}@example.com")
        got = client.subusers.get(name)
        cust = client.customers.get(f"{name}@example.com")
        assert got is not None and cust is not None and cust.active is False
        return got.username, client.subusers.get_monitor(name).email

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(12)))
    assert results == [(f"thread{i}", f"thread{i}@example.com") for i in range(12)]
    state = emu.state()
    assert len(state["monitors"]) == 12
    assert len([a for a in state["accounts"] if a["kind"] == "subuser"]) == 12
    assert emu.count("POST /v3/subusers") == 12
