"""The owner model through the real engine: an ApiKey of an Account (``on-behalf-of:
account-id <id>``), another account replaces it, and two owners fail the preview."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary

FREE = {"name": "org.ei.free.v1", "type": "package", "quantity": 1}


def key_as_seen_by(emulator: Emulator, key_id: str, on_behalf_of: str | None) -> int:
    headers = {"Authorization": f"Bearer {EMULATOR_KEY}"}
    if on_behalf_of is not None:
        headers["on-behalf-of"] = on_behalf_of
    return emulator.http.get(f"{emulator.url}/v3/api_keys/{key_id}", headers=headers).status_code


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import Account, ApiKey

        accounts = {
            name: Account(name, offerings=[FREE], test_account=True) for name in ("one", "two")
        }
        owner = cfg["owner"]
        key = ApiKey(
            "key",
            name=cfg["name"],
            scopes=["mail.send"],
            # The Account itself, or its id as a plain input.
            account=accounts[owner] if cfg["as_resource"] else accounts[owner].account_id,
        )
        pulumi.export("key_id", key.api_key_id)
        pulumi.export("key_account", key.account)
        pulumi.export("accounts", {n: a.account_id for n, a in accounts.items()})

    return program


def test_api_key_of_an_account(make_stack: StackFactory, emulator: Emulator) -> None:
    cfg: dict[str, Any] = {"owner": "one", "name": "app", "as_resource": True}
    stack = make_stack(program_for(cfg), env=emulator.env())

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 4}
    accounts = up.outputs["accounts"].value
    key_id = up.outputs["key_id"].value
    assert up.outputs["key_account"].value == accounts["one"]
    # The key is the account's: seen on its behalf, not by the parent nor another account.
    assert key_as_seen_by(emulator, key_id, f"account-id {accounts['one']}") == 200
    assert key_as_seen_by(emulator, key_id, None) == 404
    assert key_as_seen_by(emulator, key_id, f"account-id {accounts['two']}") == 404
    posts = emulator.request_log()["counts"]
    assert posts["POST /v3/api_keys"] == 1

    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 4}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 4}
    # The same account given by its id instead of the resource: no change.
    cfg["as_resource"] = False
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 4}

    # In place, on the account's behalf.
    cfg["name"] = "app-2"
    assert change_summary(stack.up(on_output=print)) == {"same": 3, "update": 1}
    keys = {k["api_key_id"]: k for k in emulator.state()["api_keys"]}
    assert keys[key_id]["name"] == "app-2"

    # Another account: the key is replaced (made for the new one, the old one deleted).
    cfg["owner"] = "two"
    preview = stack.preview(on_output=print)
    assert change_summary(preview) == {"same": 3, "replace": 1}
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 3, "replace": 1}
    moved_id = up.outputs["key_id"].value
    assert moved_id != key_id
    assert [k["api_key_id"] for k in emulator.state()["api_keys"]] == [moved_id]
    assert key_as_seen_by(emulator, moved_id, f"account-id {accounts['two']}") == 200
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 4}

    # Deleted outside Pulumi: refresh drops it.
    emulator.http.delete(
        f"{emulator.url}/v3/api_keys/{moved_id}",
        headers={
            "Authorization": f"Bearer {EMULATOR_KEY}",
            "on-behalf-of": f"account-id {accounts['two']}",
        },
    ).raise_for_status()
    assert change_summary(stack.refresh(on_output=print)) == {"same": 3, "delete": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 3, "create": 1}

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 4}
    assert emulator.state()["api_keys"] == []


@pytest.mark.parametrize("account_known", [True, False])
def test_two_owners_fail_the_preview(
    make_stack: StackFactory, emulator: Emulator, account_known: bool
) -> None:
    def program() -> None:
        from pulumi_sendgrid_reseller import Account, ApiKey

        # An Account not created yet gives an unknown id: refused all the same.
        account = "acc-1" if account_known else Account("acct", offerings=[FREE])
        ApiKey("key", name="app", subuser="shop-mail", account=account)

    stack = make_stack(program, env=emulator.env())
    with pytest.raises(auto.CommandError) as info:
        stack.preview(on_output=print)
    message = str(info.value)
    assert "subuser: must not be given together with account: one owner at most" in message
    assert "neither is the parent" in message
    assert not any(k.startswith("POST") for k in emulator.request_log()["counts"])
