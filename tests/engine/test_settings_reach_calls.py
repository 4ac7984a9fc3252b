"""Every documented setting reaches every call: `readTimeout` from stack configuration, in the
provider (through the real engine) and in a lookup inside a program."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from conftest import EMULATOR_KEY, EMULATOR_USER, Emulator, StackFactory, change_summary

READ_TIMEOUT = {"sendgrid-reseller:readTimeout": "1"}


def _stack_config(emulator: Emulator, **extra: str) -> dict[str, str | tuple[str, bool]]:
    """Credentials in stack configuration: an inline program runs in this process, whose
    environment has none."""
    return {
        "sendgrid-reseller:apiUser": EMULATOR_USER,
        "sendgrid-reseller:apiKey": (EMULATOR_KEY, True),
        "sendgrid-reseller:apiUrl": emulator.url,
        **extra,
    }


def _slow_reads(emulator: Emulator, **spec: Any) -> None:
    body = {"method": "GET", "path": r"^/v3/subusers", "latency_ms": 2500, "count": 50, **spec}
    resp = emulator.http.post(f"{emulator.url}/_emulator/faults", json=body)
    assert resp.status_code in (200, 201), resp.text


def _subuser_program() -> None:
    import pulumi_sendgrid_reseller as sg

    sub = sg.Subuser(
        "slow",
        sg.SubuserArgs(
            username="slow-sub",
            email="slow@example.com",
            password="Slow-pass-1234",
            ips=["192.0.2.10"],
        ),
    )
    pulumi.export("user_id", sub.user_id)


def _fails_on_the_read_timeout(operation: Callable[[], object]) -> None:
    started = time.monotonic()
    with pytest.raises(auto.CommandError) as info:
        operation()
    print(f"failed after {time.monotonic() - started:.1f} s")
    text = str(info.value)
    assert "timed out waiting for SendGrid (read timeout 1 s)" in text
    assert "GET /v3/subusers" in text


def _lookup_program() -> None:
    import pulumi_sendgrid_reseller as sg

    pulumi.export("subusers", len(sg.get_subusers()))


def test_read_timeout_from_stack_config_reaches_the_provider(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    stack = make_stack(_subuser_program, config=READ_TIMEOUT, env=emulator.env())
    assert change_summary(stack.up(on_output=print)) == {"create": 2}

    _slow_reads(emulator)  # every read of the subuser now takes 2.5 s
    _fails_on_the_read_timeout(lambda: stack.refresh(on_output=print))


def test_read_timeout_from_stack_config_reaches_a_lookup(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    stack = make_stack(_lookup_program, config=_stack_config(emulator, **READ_TIMEOUT))
    assert stack.preview().change_summary == {"create": 1}  # fast server: the lookup answers

    _slow_reads(emulator)
    _fails_on_the_read_timeout(lambda: stack.preview(on_output=print))


def test_without_the_setting_a_slow_read_is_waited_for(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    stack = make_stack(_lookup_program, config=_stack_config(emulator))
    _slow_reads(emulator, count=1)
    assert stack.preview().change_summary == {"create": 1}  # default read timeout: 30 s


def test_refresh_uses_the_settings_of_the_last_up(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    """docs/configuration.md: `pulumi refresh` runs the provider with the configuration the
    last `up` recorded; a changed setting reaches it with `--run-program`, or after an `up`."""
    stack = make_stack(_subuser_program, env=emulator.env())
    assert change_summary(stack.up(on_output=print)) == {"create": 2}
    stack.set_config("sendgrid-reseller:readTimeout", auto.ConfigValue("1"))

    _slow_reads(emulator)  # every read takes 2.5 s: the last up's read timeout (30 s) waits
    assert change_summary(stack.refresh(on_output=print)) == {"same": 2}

    _fails_on_the_read_timeout(lambda: stack.refresh(run_program=True, on_output=print))
    assert change_summary(stack.up(on_output=print)) == {"same": 2}  # no call: nothing to read
    _fails_on_the_read_timeout(lambda: stack.refresh(on_output=print))
