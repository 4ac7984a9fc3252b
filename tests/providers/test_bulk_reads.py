"""Providers with bulk reads on, as in the engine's provider process: same truth, fewer calls.

The snapshots are on only in the engine's provider process; these tests turn them on in
this process (and off again), so that each provider reads from the bulk calls.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import Emulator
from profiles import customer_inputs
from pulumi_sendgrid_reseller import Customer, CustomerIpAssignment, Subuser, _session

from .conftest import Drive, counts

PROFILE_GET = "POST /apiv2/reseller.manage.json?method=profile&task=get"
USAGE = "POST /apiv2/reseller.ip.json?task=usage"


@pytest.fixture
def bulk() -> Iterator[None]:
    snapshots = _session.snapshots()
    snapshots.set_enabled(True)
    try:
        yield
    finally:
        snapshots.set_enabled(False)


def subuser(name: str, ips: list[str], **overrides: Any) -> dict[str, Any]:
    return {
        "username": name,
        "email": f"{name}@example.com",
        "password": "Subuser-pass-1357",
        "ips": ips,
        **overrides,
    }


def test_a_write_through_a_provider_is_never_followed_by_a_stale_read(
    drive: Drive, emulator: Emulator, bulk: None
) -> None:
    customers, assignments, subusers = drive(Customer), drive(CustomerIpAssignment), drive(Subuser)
    one = customers.create(customer_inputs("bulk-one", "Customer-pass-2468"))
    two = customers.create(customer_inputs("bulk-two", "Customer-pass-2468"))
    ips = assignments.create({"customer": "bulk-one", "ips": ["192.0.2.10"]})
    sub = subusers.create(subuser("bulk-sub", ["192.0.2.11"]))

    emulator.clear_log()
    one = customers.refresh(one, customer_inputs("bulk-one", "Customer-pass-2468"))
    two = customers.refresh(two, customer_inputs("bulk-two", "Customer-pass-2468"))
    ips = assignments.refresh(ips, {"customer": "bulk-one", "ips": ["192.0.2.10"]})
    sub = subusers.refresh(sub, subuser("bulk-sub", ["192.0.2.11"]))
    calls = counts(emulator)
    assert calls[PROFILE_GET] == 1  # both customers from one list
    assert calls[USAGE] == 1  # the assignment's and the subuser's IPs from one usage
    assert "POST /apiv2/customer.sendip.json?task=list" not in calls

    # Writes through the providers, then reads in the same process: the new values.
    changed = customer_inputs("bulk-two", "Customer-pass-2468", email="new@example.com")
    two = customers.update(two, changed)
    assert customers.refresh(two, changed).outputs["email"] == "new@example.com"
    ips = assignments.update(ips, {"customer": "bulk-one", "ips": ["203.0.113.10"]})
    fresh = assignments.refresh(ips, {"customer": "bulk-one", "ips": ["203.0.113.10"]})
    assert fresh.outputs["assigned_ips"] == ["203.0.113.10"]
    sub = subusers.update(sub, subuser("bulk-sub", ["203.0.113.11"], disabled=True))
    read = subusers.read(sub)
    assert read is not None
    assert read.outputs["ips"] == ["203.0.113.11"] and read.outputs["disabled"] is True

    # Deleted: gone, from a fresh list.
    customers.delete(one)
    assert customers.read(one) is None
    subusers.delete(sub)
    assert subusers.read(sub) is None
