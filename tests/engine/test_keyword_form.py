"""The keyword form of every constructor, as Pulumi's own examples write it, end to end."""

from __future__ import annotations

import pulumi

from conftest import Emulator, StackFactory, change_summary, stored_state_text
from profiles import PROFILE

PASSWORD = "Keyword-pass-2468"


def program() -> None:
    import pulumi_sendgrid_reseller as sg

    customer = sg.Customer(
        "initech",
        username="initech",
        password=PASSWORD,
        email="it@initech.example.com",
        **PROFILE,
    )
    ips = sg.CustomerIpAssignment("initech-ips", customer=customer.username, ips=["192.0.2.21"])
    subuser = sg.Subuser(
        "initech-news",
        pulumi.ResourceOptions(depends_on=[ips]),
        username="initech-news",
        email="news@initech.example.com",
        password=PASSWORD,
        ips=["192.0.2.22"],
        disabled=True,
    )
    monitor = sg.SubuserMonitor(
        "initech-news-monitor",
        subuser=subuser.username,
        email="qa@initech.example.com",
        frequency=50,
    )
    tenant = sg.Tenant(
        "initrode",
        kind="subuser",
        username="initrode",
        email="ops@initrode.example.com",
        password=PASSWORD,
        ips=["192.0.2.23"],
        monitor=sg.TenantMonitor(email="qa@initrode.example.com", frequency=10),
    )
    pulumi.export("subuser_disabled", subuser.disabled)
    pulumi.export("monitor_frequency", monitor.frequency)
    pulumi.export("tenant_user_id", tenant.user_id)


def test_keyword_form_lifecycle(make_stack: StackFactory, emulator: Emulator) -> None:
    stack = make_stack(program, env=emulator.env())
    up = stack.up(on_output=print)
    # the stack; customer, assignment, subuser, monitor; the Tenant component, its subuser, monitor
    assert change_summary(up) == {"create": 8}
    accounts = emulator.accounts()
    assert accounts["initech"]["ips"] == ["192.0.2.21"]
    assert accounts["initech-news"]["active"] is False
    assert emulator.monitors()["initech-news"]["frequency"] == 50
    assert emulator.monitors()["initrode"]["email"] == "qa@initrode.example.com"
    assert up.outputs["subuser_disabled"].value is True
    assert up.outputs["tenant_user_id"].value == accounts["initrode"]["user_id"]

    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 8}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 8}
    assert PASSWORD not in stored_state_text(stack)

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 8}
    assert {n for n, a in emulator.accounts().items() if a["kind"] == "subuser"} == set()
