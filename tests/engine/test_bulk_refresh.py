"""A refresh of many tenants through the real engine reads them with SendGrid's bulk calls.

Twenty tenants: ten customers with their IP assignments, ten subusers with their monitors
(40 resources, and the stack). A clean refresh makes at most one SendGrid call per tenant
(the customer list, the subuser list, the IP usage, and one monitor read per subuser,
which has no bulk call), and reports no change; after drift made outside Pulumi, through
the emulator's HTTP API, the same refresh reports exactly the three resources that
drifted.
"""

from __future__ import annotations

from typing import Any

import pulumi

from conftest import Emulator, StackFactory, change_summary
from profiles import PROFILE

TENANTS = 10  # of each kind: 10 customers and 10 subusers, 20 tenants in all
CUSTOMER_PASSWORD = "Customer-pass-2468"
SUBUSER_PASSWORD = "Subuser-pass-1357"


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

    for n in range(TENANTS):
        customer = Customer(
            f"c{n}",
            CustomerArgs(
                username=f"bulk-c{n}",
                password=CUSTOMER_PASSWORD,
                email=f"c{n}@example.com",
                **PROFILE,
                company="Co",
                package="Basic",
                whitelabel="sendgrid.me",
            ),
        )
        CustomerIpAssignment(
            f"c{n}-ips",
            CustomerIpAssignmentArgs(customer=customer.username, ips=[f"192.0.2.{10 + n}"]),
        )
        subuser = Subuser(
            f"s{n}",
            SubuserArgs(
                username=f"bulk-s{n}",
                email=f"s{n}@example.com",
                password=SUBUSER_PASSWORD,
                ips=[f"198.51.100.{10 + n}"],
            ),
        )
        SubuserMonitor(
            f"s{n}-monitor",
            SubuserMonitorArgs(subuser=subuser.username, email=f"s{n}@example.com", frequency=100),
        )
    pulumi.export("tenants", 2 * TENANTS)


def test_refresh_of_twenty_tenants_makes_one_call_per_tenant(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    stack = make_stack(program, env=emulator.env())
    assert change_summary(stack.up(on_output=print)) == {"create": 4 * TENANTS + 1}

    emulator.clear_log()
    clean = stack.refresh(expect_no_changes=True)
    assert change_summary(clean) == {"same": 4 * TENANTS + 1}
    log: dict[str, Any] = emulator.request_log()
    print("refresh calls:", log["counts"])
    assert log["total"] <= 2 * TENANTS, log["counts"]
    # The per-object reads that have a bulk call are not made one by one.
    paths = [entry["path"] for entry in log["requests"]]
    assert not any("customer.sendip" in p for p in paths), log["counts"]
    assert sum("/monitor" in p for p in paths) == TENANTS  # no bulk call for monitors

    # Drift outside Pulumi: a customer's email, a subuser's IPs, a monitor's frequency.
    emulator.v2(
        "reseller.manage",
        method="profile",
        task="setEmail",
        user="bulk-c3",
        email="moved@example.com",
    )
    emulator.v3("PUT", "/subusers/bulk-s5/ips", ["198.51.100.19", "203.0.113.10"])
    emulator.v3("PUT", "/subusers/bulk-s7/monitor", {"email": "s7@example.com", "frequency": 7})

    emulator.clear_log()
    drifted = stack.refresh(on_output=print)
    assert change_summary(drifted) == {"same": 4 * TENANTS - 2, "update": 3}
    assert emulator.request_log()["total"] <= 2 * TENANTS
    resources = {
        r["urn"].rsplit("::", 1)[1]: r.get("outputs", {})
        for r in stack.export_stack().deployment["resources"]
    }
    assert resources["c3"]["email"] == "moved@example.com"
    assert sorted(resources["s5"]["ips"]) == ["198.51.100.19", "203.0.113.10"]
    assert resources["s7-monitor"]["frequency"] == 7
    # The others kept what they had.
    assert resources["c4"]["email"] == "c4@example.com"
    assert resources["s6"]["ips"] == ["198.51.100.16"]
    assert resources["s8-monitor"]["frequency"] == 100
