"""Customer through the real engine against the emulator: the whole lifecycle."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary, stored_state_text

PASSWORD = "Initial-pass-1234"


def customer_args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "username": "acme-corp",
        "password": PASSWORD,
        "email": "ops@acme.example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "address": "1 Main Street",
        "city": "Springfield",
        "state": "CA",
        "zip": "91234",
        "country": "US",
        "phone": "555-0100",
        "website": "acme.example.com",
        "company": "Acme",
        "package": "Pro",
        "whitelabel": "sendgrid.me",
    }
    args.update(overrides)
    return args


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import Customer, CustomerArgs

        customer = Customer("acme", CustomerArgs(**cfg))
        pulumi.export("username", customer.username)
        pulumi.export("user_id", customer.user_id)
        pulumi.export("password", customer.password)

    return program


def test_customer_lifecycle(make_stack: StackFactory, emulator: Emulator) -> None:
    cfg = customer_args()
    stack = make_stack(program_for(cfg), env=emulator.env())

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 2}
    account = emulator.accounts()["acme-corp"]
    assert account["kind"] == "customer"
    assert account["first_name"] == "Ada"
    assert up.outputs["user_id"].value == account["user_id"]
    assert up.outputs["password"].secret is True

    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}

    # Every updatable field at once, in place.
    cfg.update(
        username="acme-renamed",
        email="billing@acme.example.com",
        first_name="Grace",
        last_name="Hopper",
        address="2 Side Street",
        city="Shelbyville",
        state="NV",
        zip="89001",
        country="CA",
        phone="555-0199",
        website="acme.example.org",
        company="Acme Holdings",
        password="Changed-pass-5678",
        enabled=False,
        website_access=False,
    )
    emulator.clear_log()
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 1, "update": 1}
    accounts = emulator.accounts()
    assert "acme-corp" not in accounts
    account = accounts["acme-renamed"]
    assert account["email"] == "billing@acme.example.com"
    assert (account["first_name"], account["last_name"]) == ("Grace", "Hopper")
    assert (account["city"], account["country"], account["phone"]) == (
        "Shelbyville",
        "CA",
        "555-0199",
    )
    assert account["company"] == "Acme Holdings"
    assert account["active"] is False
    assert account["website_access"] is False
    paths = [r["path"] for r in emulator.request_log()["requests"]]
    assert any("method=password" in p for p in paths), paths
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}

    # Drift made directly in SendGrid: refresh sees it, up repairs it.
    emulator.v2("reseller.manage", method="enable", user="acme-renamed")
    emulator.v2(
        "reseller.manage", method="profile", task="set", user="acme-renamed", first_name="Mallory"
    )
    refresh = stack.refresh(on_output=print)
    assert change_summary(refresh) == {"same": 1, "update": 1}
    preview = stack.preview(on_output=print)
    assert change_summary(preview) == {"same": 1, "update": 1}
    stack.up(on_output=print)
    account = emulator.accounts()["acme-renamed"]
    assert account["active"] is False
    assert account["first_name"] == "Grace"
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}

    # A replacement that keeps the username cannot work: the preview says why.
    cfg.update(package="Enterprise")
    with pytest.raises(auto.errors.CommandError) as info:
        stack.preview(on_output=print)
    assert "username reserved" in str(info.value) or "reserved" in str(info.value)
    assert "package" in str(info.value)

    # With a new username, the replacement goes through.
    cfg.update(username="acme-enterprise")
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 1, "replace": 1}
    accounts = emulator.accounts()
    assert "acme-enterprise" in accounts and "acme-renamed" not in accounts

    # Secrets: neither the password nor the API key is in the state in plaintext.
    stored = stored_state_text(stack)
    assert "acme-enterprise" in stored  # the check reads the real state
    for secret in (PASSWORD, "Changed-pass-5678", EMULATOR_KEY):
        assert secret not in stored

    # A deleted object disappears from the state on refresh.
    emulator.v2("reseller.delete", user="acme-enterprise")
    refresh = stack.refresh(on_output=print)
    assert change_summary(refresh) == {"delete": 1, "same": 1}

    cfg.update(username="acme-final")
    stack.up(on_output=print)
    assert change_summary(stack.destroy(on_output=print)) == {"delete": 2}
    assert [a for a in emulator.accounts().values() if a["kind"] == "customer"] == []
