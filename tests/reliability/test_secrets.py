"""Passwords and API keys never appear in plaintext: not in state, engine output or errors."""

from __future__ import annotations

import json
from typing import Any

import pulumi
from pulumi import automation as auto

from conftest import EMULATOR_KEY, Emulator, StackFactory, stored_state_text
from profiles import PROFILE

CUSTOMER_PASSWORD = "Cust-secret-1111"
NEW_CUSTOMER_PASSWORD = "Cust-secret-2222"
SUBUSER_PASSWORD = "Sub-secret-3333"
WRONG_KEY = "SG.wrong-key-0987"


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        import pulumi_sendgrid_reseller as sg

        customer = sg.Customer(
            "vault",
            sg.CustomerArgs(
                username="vault-co",
                password=cfg["customer_password"],
                confirm_password=cfg["customer_password"],
                email="vault@example.com",
                **PROFILE,
            ),
        )
        sub = sg.Subuser(
            "vault-sub",
            sg.SubuserArgs(
                username="vault-sub",
                email="sub@vault.example.com",
                password=SUBUSER_PASSWORD,
                ips=["192.0.2.21"],
            ),
        )
        if cfg.get("wrong_key"):
            sg.SubuserMonitor(
                "vault-monitor",
                sg.SubuserMonitorArgs(
                    subuser=sub.username,
                    email="qa@vault.example.com",
                    frequency=10,
                    api_key=WRONG_KEY,
                ),
            )
        pulumi.export("customer_password", customer.password)
        pulumi.export("subuser", sub.username)

    return program


def test_no_plaintext_secret_anywhere(make_stack: StackFactory, emulator: Emulator) -> None:
    cfg: dict[str, Any] = {"customer_password": CUSTOMER_PASSWORD}
    output: list[str] = []
    stack = make_stack(program_for(cfg), env=emulator.env())

    up = stack.up(on_output=output.append, diff=True)
    assert up.outputs["customer_password"].secret is True
    cfg["customer_password"] = NEW_CUSTOMER_PASSWORD
    stack.preview(on_output=output.append, diff=True)
    stack.up(on_output=output.append, diff=True)
    stack.refresh(on_output=output.append)
    assert any("method=password" in r["path"] for r in emulator.request_log()["requests"])

    cfg["wrong_key"] = True
    errors: list[str] = []
    try:
        stack.up(on_output=output.append)
    except auto.errors.CommandError as exc:
        errors.append(str(exc))
    assert errors and "401" in errors[0], errors  # the wrong key was really used, and refused

    texts = {
        "engine output": "\n".join(output),
        "errors": "\n".join(errors),
        "stored state": stored_state_text(stack),
        "emulator log": json.dumps(emulator.request_log()),
        "stack outputs": json.dumps({k: str(v) for k, v in stack.outputs().items()}),
    }
    assert "vault-co" in texts["stored state"]
    for where, text in texts.items():
        for secret in (
            CUSTOMER_PASSWORD,
            NEW_CUSTOMER_PASSWORD,
            SUBUSER_PASSWORD,
            EMULATOR_KEY,
            WRONG_KEY,
        ):
            assert secret not in text, f"{secret!r} found in the {where}"
