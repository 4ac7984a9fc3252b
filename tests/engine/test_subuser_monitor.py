"""SubuserMonitor through the real engine against the emulator."""

from __future__ import annotations

from typing import Any

import pulumi

from conftest import Emulator, StackFactory, change_summary


def make_subuser(emulator: Emulator, username: str) -> None:
    emulator.v3(
        "POST",
        "subusers",
        {
            "username": username,
            "email": f"{username}@example.com",
            "password": "Subuser-pass-1",
            "ips": ["192.0.2.10"],
        },
    )


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import SubuserMonitor, SubuserMonitorArgs

        monitor = SubuserMonitor("monitor", SubuserMonitorArgs(**cfg))
        pulumi.export("frequency", monitor.frequency)

    return program


def test_monitor_lifecycle(make_stack: StackFactory, emulator: Emulator) -> None:
    make_subuser(emulator, "news")
    make_subuser(emulator, "alerts")
    cfg: dict[str, Any] = {"subuser": "news", "email": "qa@example.com", "frequency": 500}
    stack = make_stack(program_for(cfg), env=emulator.env())

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 2}
    assert emulator.monitors()["news"] == {
        "username": "news",
        "email": "qa@example.com",
        "frequency": 500,
    }
    assert up.outputs["frequency"].value == 500
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}

    cfg.update(email="qa2@example.com", frequency=25)
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 1}
    assert emulator.monitors()["news"]["frequency"] == 25
    assert emulator.monitors()["news"]["email"] == "qa2@example.com"

    # Drift, then gone behind our back.
    emulator.v3("PUT", "subusers/news/monitor", {"email": "qa2@example.com", "frequency": 999})
    assert change_summary(stack.refresh(on_output=print)) == {"same": 1, "update": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 1}
    assert emulator.monitors()["news"]["frequency"] == 25
    emulator.v3("DELETE", "subusers/news/monitor")
    assert change_summary(stack.refresh(on_output=print)) == {"same": 1, "delete": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "create": 1}

    # Another subuser: replacement.
    cfg["subuser"] = "alerts"
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "replace": 1}
    monitors = emulator.monitors()
    assert "news" not in monitors and monitors["alerts"]["frequency"] == 25

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 2}
    assert emulator.monitors() == {}
