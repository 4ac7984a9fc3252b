"""All four resources in one program, outputs of one feeding another, in one `pulumi up`."""

from __future__ import annotations

import pulumi

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary, stored_state_text
from profiles import PROFILE

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

    customer = Customer(
        "globex",
        CustomerArgs(
            username="globex",
            password=CUSTOMER_PASSWORD,
            email="it@globex.example.com",
            **PROFILE,
            company="Globex",
            package="Pro",
            whitelabel="sendgrid.me",
        ),
    )
    ips = CustomerIpAssignment(
        "globex-ips",
        CustomerIpAssignmentArgs(customer=customer.username, ips=["192.0.2.14", "192.0.2.15"]),
    )
    subuser = Subuser(
        "globex-marketing",
        SubuserArgs(
            username=customer.username.apply(lambda name: f"{name}-marketing"),
            email=customer.email,
            password=SUBUSER_PASSWORD,
            ips=ips.assigned_ips,
        ),
    )
    monitor = SubuserMonitor(
        "globex-marketing-monitor",
        SubuserMonitorArgs(subuser=subuser.username, email=customer.email, frequency=100),
    )
    pulumi.export("customer_id", customer.user_id)
    pulumi.export("subuser", subuser.username)
    pulumi.export("subuser_ips", subuser.ips)
    pulumi.export("monitor_frequency", monitor.frequency)


def test_all_four_in_one_up(make_stack: StackFactory, emulator: Emulator) -> None:
    stack = make_stack(program, env=emulator.env())
    preview = stack.preview(on_output=print)
    assert change_summary(preview) == {"create": 5}
    assert emulator.accounts() == {}  # preview made nothing

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 5}
    accounts = emulator.accounts()
    assert sorted(accounts["globex"]["ips"]) == ["192.0.2.14", "192.0.2.15"]
    assert accounts["globex-marketing"]["kind"] == "subuser"
    assert sorted(accounts["globex-marketing"]["ips"]) == ["192.0.2.14", "192.0.2.15"]
    assert emulator.monitors()["globex-marketing"]["email"] == "it@globex.example.com"
    assert up.outputs["subuser"].value == "globex-marketing"

    emulator.clear_log()
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 5}
    assert change_summary(stack.up(expect_no_changes=True)) == {"same": 5}
    assert emulator.request_log()["total"] == 0  # a no-change preview and up make no call
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 5}

    stored = stored_state_text(stack)
    for secret in (CUSTOMER_PASSWORD, SUBUSER_PASSWORD, EMULATOR_KEY):
        assert secret not in stored

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 5}
    assert [a for a in emulator.accounts().values() if a["kind"] == "subuser"] == []
    assert emulator.state()["monitors"] == []
