"""Account (Account Provisioning) through the real engine against the emulator."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary

FREE = {"name": "org.ei.free.v1", "type": "package", "quantity": 1}
PRO = {"name": "org.ei.pro.v1", "type": "package", "quantity": 1}
IP_ADDON = {"name": "org.dedicated_ip.v1", "type": "addon", "quantity": 2}
PROFILE = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "company_name": "Engines Ltd",
    "company_website": "https://engines.example.com",
    "email": "ada@engines.example.com",
    "phone": "+442071234567",
    "timezone": "Europe/London",
}


def partners_state(emulator: Emulator) -> list[dict[str, Any]]:
    return list(emulator.state()["partner_accounts"])


def the_account(emulator: Emulator) -> dict[str, Any]:
    accounts = partners_state(emulator)
    assert len(accounts) == 1, accounts
    return accounts[0]


def partners(emulator: Emulator, method: str, path: str, body: Any = None, **headers: str) -> Any:
    resp = emulator.http.request(
        method,
        f"{emulator.url}/v3/{path}",
        json=body,
        headers={"Authorization": f"Bearer {EMULATOR_KEY}", **headers},
    )
    assert resp.status_code < 300, resp.text
    return resp.json() if resp.content else None


def force_state(emulator: Emulator, account_id: str, state: str) -> None:
    resp = emulator.http.put(
        f"{emulator.url}/_emulator/accounts/{account_id}/state", json={"state": state}
    )
    assert resp.status_code == 200, resp.text


def profile_of(emulator: Emulator, account_id: str) -> dict[str, str]:
    """The account's profile as the on-behalf-of calls report it (our field names)."""
    behalf = {"on-behalf-of": f"account-id {account_id}"}
    user = partners(emulator, "GET", "user/profile", **behalf)
    return {
        "first_name": user["first_name"],
        "last_name": user["last_name"],
        "company_name": user["company"],
        "company_website": user["website"],
        "phone": user["phone"],
        "email": partners(emulator, "GET", "user/email", **behalf)["email"],
    }


def program_for(cfg: dict[str, Any], keyword: bool = False) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import Account, AccountArgs

        if keyword:
            account = Account("acct", pulumi.ResourceOptions(), **cfg)
        else:
            account = Account("acct", AccountArgs(**cfg))
        pulumi.export("account_id", account.account_id)
        pulumi.export("state", account.state)
        pulumi.export("offerings", account.offerings)

    return program


def test_account_lifecycle(make_stack: StackFactory, emulator: Emulator) -> None:
    cfg: dict[str, Any] = {"offerings": [IP_ADDON, FREE], "profile": dict(PROFILE)}
    stack = make_stack(program_for(cfg), env=emulator.env())

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 2}
    account = the_account(emulator)
    assert up.outputs["account_id"].value == account["id"]
    assert up.outputs["state"].value == "activated"
    assert account["offerings"] == [FREE, IP_ADDON]
    assert profile_of(emulator, account["id"]) == {
        k: v for k, v in PROFILE.items() if k != "timezone"
    }
    assert account["email"] == PROFILE["email"]
    assert account["test_account"] is False
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}

    # State, offerings and the profile fields a call can change: in place.
    cfg.update(
        state="deactivated",
        offerings=[PRO],
        profile={**PROFILE, "first_name": "Augusta", "email": "augusta@engines.example.com"},
    )
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 1, "update": 1}
    account = the_account(emulator)
    assert account["state"] == "deactivated"
    assert account["offerings"] == [PRO]
    assert profile_of(emulator, account["id"])["first_name"] == "Augusta"
    assert account["email"] == "augusta@engines.example.com"
    assert up.outputs["state"].value == "deactivated"
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}

    # Drift: activated, offerings and a profile field changed directly; refresh, then repair.
    account_id = account["id"]
    partners(emulator, "PUT", f"partners/accounts/{account_id}/state", {"state": "activated"})
    partners(emulator, "PUT", f"partners/accounts/{account_id}/offerings", {"offerings": [FREE]})
    partners(
        emulator,
        "PATCH",
        "user/profile",
        {"company": "Other Co"},
        **{"on-behalf-of": f"account-id {account_id}"},
    )
    assert change_summary(stack.refresh(on_output=print)) == {"same": 1, "update": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 1}
    account = the_account(emulator)
    assert account["id"] == account_id
    assert account["state"] == "deactivated"
    assert account["offerings"] == [PRO]
    assert profile_of(emulator, account_id)["company_name"] == "Engines Ltd"
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}

    # No call changes the time zone: the preview shows a replacement.
    cfg["profile"] = {**cfg["profile"], "timezone": "Asia/Tokyo"}
    preview = stack.preview(on_output=print)
    assert change_summary(preview) == {"same": 1, "replace": 1}
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 1, "replace": 1}
    account = the_account(emulator)
    assert account["id"] != account_id  # a new account: the old one is gone
    assert up.outputs["account_id"].value == account["id"]

    # Gone behind our back: refresh drops it, up creates it again.
    partners(emulator, "DELETE", f"partners/accounts/{account['id']}")
    assert change_summary(stack.refresh(on_output=print)) == {"same": 1, "delete": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "create": 1}
    assert the_account(emulator)["state"] == "deactivated"

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 2}
    assert partners_state(emulator) == []


def test_test_account_flag_replaces_and_keyword_form(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    cfg: dict[str, Any] = {"offerings": [FREE], "test_account": True}
    stack = make_stack(program_for(cfg, keyword=True), env=emulator.env())
    assert change_summary(stack.up(on_output=print)) == {"create": 2}
    first = the_account(emulator)
    assert first["test_account"] is True
    assert first["email"] == ""
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}

    cfg["test_account"] = False
    assert change_summary(stack.preview(on_output=print)) == {"same": 1, "replace": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "replace": 1}
    second = the_account(emulator)
    assert second["test_account"] is False and second["id"] != first["id"]


@pytest.mark.parametrize("locked", ["suspended", "banned"])
def test_locked_account_is_reported_and_not_activated(
    make_stack: StackFactory, emulator: Emulator, locked: str
) -> None:
    cfg: dict[str, Any] = {"offerings": [FREE], "profile": {"email": "lock@example.com"}}
    stack = make_stack(program_for(cfg), env=emulator.env())
    stack.up(on_output=print)
    account_id = the_account(emulator)["id"]

    force_state(emulator, account_id, locked)
    refresh = stack.refresh(on_output=print)
    assert change_summary(refresh) == {"same": 1, "update": 1}
    resources = stack.export_stack().deployment["resources"]
    outputs = next(r["outputs"] for r in resources if r["type"].endswith(":Account"))
    assert outputs["state"] == locked

    with pytest.raises(auto.errors.CommandError) as caught:
        stack.up(on_output=print)
    message = str(caught.value)
    assert f"is {locked} by SendGrid" in message, message
    assert the_account(emulator)["state"] == locked

    # Once SendGrid lifts it, the next up converges.
    force_state(emulator, account_id, "deactivated")
    stack.up(on_output=print)
    assert the_account(emulator)["state"] == "activated"
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}


def test_adopt_by_account_id(make_stack: StackFactory, emulator: Emulator) -> None:
    created = partners(emulator, "POST", "partners/accounts", {"offerings": [PRO]})
    account_id = created["account_id"]
    cfg: dict[str, Any] = {
        "offerings": [FREE, IP_ADDON],
        "state": "deactivated",
        "adopt": True,
        "adopt_account_id": account_id,
    }
    stack = make_stack(program_for(cfg), env=emulator.env())
    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 2}
    assert up.outputs["account_id"].value == account_id
    account = the_account(emulator)
    assert account["offerings"] == [FREE, IP_ADDON]
    assert account["state"] == "deactivated"
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}
