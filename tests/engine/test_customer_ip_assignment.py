"""CustomerIpAssignment through the real engine against the emulator."""

from __future__ import annotations

from typing import Any

import pulumi

from conftest import Emulator, StackFactory, change_summary
from profiles import PROFILE


def make_customer(emulator: Emulator, username: str) -> None:
    emulator.v2(
        "reseller.add",
        username=username,
        password="Customer-pass-1",
        confirm_password="Customer-pass-1",
        email=f"{username}@example.com",
        **PROFILE,
        company="Co",
        package="Basic",
        whitelabel="sendgrid.me",
    )


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import CustomerIpAssignment, CustomerIpAssignmentArgs

        assignment = CustomerIpAssignment("ips", CustomerIpAssignmentArgs(**cfg))
        pulumi.export("assigned", assignment.assigned_ips)

    return program


def test_ip_assignment_lifecycle(make_stack: StackFactory, emulator: Emulator) -> None:
    make_customer(emulator, "alpha")
    make_customer(emulator, "beta")
    cfg: dict[str, Any] = {"customer": "alpha", "ips": ["192.0.2.10", "192.0.2.11"]}
    stack = make_stack(program_for(cfg), env=emulator.env())

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 2}
    assert sorted(emulator.accounts()["alpha"]["ips"]) == ["192.0.2.10", "192.0.2.11"]
    assert up.outputs["assigned"].value == ["192.0.2.10", "192.0.2.11"]
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}

    # In place: other IPs, then every IP of the parent, then none.
    cfg["ips"] = ["198.51.100.10"]
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 1}
    assert emulator.accounts()["alpha"]["ips"] == ["198.51.100.10"]

    cfg.pop("ips")
    cfg["all_ips"] = True
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 1}
    inventory = sorted(ip["ip"] for ip in emulator.state()["ips"])
    assert sorted(emulator.accounts()["alpha"]["ips"]) == inventory
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}

    # Drift in all-IPs mode: one IP removed directly.
    emulator.v2(
        "customer.sendip", task="append", set="specify", user="alpha", **{"ip[]": inventory[:2]}
    )
    assert change_summary(stack.refresh(on_output=print)) == {"same": 1, "update": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 1}
    assert sorted(emulator.accounts()["alpha"]["ips"]) == inventory

    cfg.pop("all_ips")
    cfg["ips"] = []
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 1}
    assert emulator.accounts()["alpha"]["ips"] == []

    # Another customer: replacement.
    cfg.update(customer="beta", ips=["203.0.113.10"])
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "replace": 1}
    accounts = emulator.accounts()
    assert accounts["beta"]["ips"] == ["203.0.113.10"]
    assert accounts["alpha"]["ips"] == []

    # Drift with explicit IPs, then destroy returns the customer to the parent's pool.
    emulator.v2(
        "customer.sendip", task="append", set="specify", user="beta", **{"ip[]": ["192.0.2.20"]}
    )
    assert change_summary(stack.refresh(on_output=print)) == {"same": 1, "update": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 1}
    assert emulator.accounts()["beta"]["ips"] == ["203.0.113.10"]

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 2}
    assert emulator.accounts()["beta"]["ips"] == []


def test_unowned_ip_fails_at_preview(make_stack: StackFactory, emulator: Emulator) -> None:
    make_customer(emulator, "gamma")
    cfg: dict[str, Any] = {"customer": "gamma", "ips": ["192.0.2.10", "192.0.2.250"]}
    stack = make_stack(program_for(cfg), env=emulator.env())
    before = emulator.state()
    try:
        stack.preview(on_output=print)
    except Exception as exc:
        text = str(exc)
        assert "ips[1]" in text and "192.0.2.250 is not an IP of the parent account" in text
    else:
        raise AssertionError("an IP the parent does not own must fail the preview")
    assert emulator.state() == before
