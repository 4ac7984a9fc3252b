"""A program of N tenants (half customers with IPs, half subusers with a monitor)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi

from conftest import Emulator
from profiles import PROFILE

PASSWORD = "Tenant-pass-9753"
IPS = [f"192.0.2.{i}" for i in range(10, 30)]

#: Every SendGrid path the provider calls, for rate limits that cover a whole run.
RATE_LIMITED_PATHS = [
    r"^/v3/subusers",
    r"reseller\.add",
    r"reseller\.manage",
    r"reseller\.delete",
    r"customer\.sendip",
    r"reseller\.ip",
]


def tenant_usernames(prefix: str, count: int) -> tuple[set[str], set[str]]:
    """The customers' and the subusers' usernames of ``count`` tenants."""
    customers = {f"{prefix}-c{i}" for i in range(count) if i % 2 == 0}
    subusers = {f"{prefix}-s{i}" for i in range(count) if i % 2 == 1}
    return customers, subusers


def tenants_program(prefix: str, count: int, frequency: int = 100) -> Callable[[], None]:
    """``count`` tenants: even ones a customer + IP assignment, odd ones a subuser + monitor."""

    def program() -> None:
        from pulumi_sendgrid_reseller import (
            Customer,
            CustomerArgs,
            CustomerIpAssignment,
            CustomerIpAssignmentArgs,
            Subuser,
            SubuserArgs,
            SubuserMonitor,
            SubuserMonitorArgs,
        )

        for i in range(count):
            ip = IPS[i % len(IPS)]
            if i % 2 == 0:
                name = f"{prefix}-c{i}"
                customer = Customer(
                    name,
                    CustomerArgs(
                        username=name,
                        password=PASSWORD,
                        email=f"{name}@example.com",
                        **PROFILE,
                        company="Company",
                        package="Pro",
                        whitelabel="sendgrid.me",
                    ),
                )
                CustomerIpAssignment(
                    f"{name}-ips", CustomerIpAssignmentArgs(customer=customer.username, ips=[ip])
                )
            else:
                name = f"{prefix}-s{i}"
                subuser = Subuser(
                    name,
                    SubuserArgs(
                        username=name, email=f"{name}@example.com", password=PASSWORD, ips=[ip]
                    ),
                )
                SubuserMonitor(
                    f"{name}-monitor",
                    SubuserMonitorArgs(
                        subuser=subuser.username, email="qa@example.com", frequency=frequency
                    ),
                )
        pulumi.export("tenants", count)

    return program


def assert_matches_stack(emulator: Emulator, prefix: str, count: int, frequency: int = 100) -> None:
    """The emulator holds exactly the tenants: no duplicate, no orphan, every detail right."""
    state = emulator.state()
    mine = [a for a in state["accounts"] if a["username"].startswith(f"{prefix}-")]
    names = [a["username"] for a in mine]
    assert len(names) == len(set(names)), f"duplicates: {sorted(names)}"
    customers, subusers = tenant_usernames(prefix, count)
    assert set(names) == customers | subusers
    by_name = {a["username"]: a for a in mine}
    for i in range(count):
        ip = IPS[i % len(IPS)]
        name = f"{prefix}-c{i}" if i % 2 == 0 else f"{prefix}-s{i}"
        assert by_name[name]["ips"] == [ip], (name, by_name[name]["ips"])
        assert by_name[name]["kind"] == ("customer" if i % 2 == 0 else "subuser")
    monitors = {
        m["username"]: m for m in state["monitors"] if m["username"].startswith(f"{prefix}-")
    }
    assert set(monitors) == subusers
    assert {m["frequency"] for m in monitors.values()} <= {frequency}


def statuses(emulator: Emulator) -> list[int]:
    """The status of every call the emulator received since its log was cleared."""
    return [int(r["status"]) for r in emulator.request_log()["requests"]]


def add_fault(emulator: Emulator, **spec: Any) -> None:
    resp = emulator.http.post(f"{emulator.url}/_emulator/faults", json=spec)
    assert resp.status_code in (200, 201), resp.text


def add_rate_limit(emulator: Emulator, path: str, per_second: float) -> None:
    resp = emulator.http.post(
        f"{emulator.url}/_emulator/ratelimits", json={"path": path, "per_second": per_second}
    )
    assert resp.status_code in (200, 201), resp.text


def clear_faults(emulator: Emulator) -> None:
    emulator.http.delete(f"{emulator.url}/_emulator/faults").raise_for_status()
