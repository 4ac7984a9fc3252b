"""Subuser username, email, password and website access change in place, through the engine.

The subuser keeps its SendGrid user id across every change; an update whose premise is
gone (renamed already, password already set) reconciles instead of failing.
"""

from __future__ import annotations

from typing import Any

import pulumi

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary, stored_state_text

OLD_PASSWORD = "Subuser-pass-1234"
NEW_PASSWORD = "Subuser-pass-5678"


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import Subuser, SubuserArgs

        sub = Subuser("sub", SubuserArgs(**cfg))
        pulumi.export("user_id", sub.user_id)
        pulumi.export("username", sub.username)

    return program


def on_behalf(emulator: Emulator, username: str, method: str, path: str, body: Any) -> int:
    """A v3 call on behalf of a subuser, made directly (outside Pulumi); its status."""
    resp = emulator.http.request(
        method,
        f"{emulator.url}/v3/{path}",
        json=body,
        headers={"Authorization": f"Bearer {EMULATOR_KEY}", "on-behalf-of": username},
    )
    return resp.status_code


def password_is(emulator: Emulator, username: str, password: str) -> bool:
    """Whether ``password`` is the subuser's current one (setting it to itself succeeds)."""
    body = {"old_password": password, "new_password": password}
    return on_behalf(emulator, username, "PUT", "user/password", body) == 200


def test_email_password_username_change_in_place(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    cfg: dict[str, Any] = {
        "username": "shop-mail",
        "email": "mail@shop.example.com",
        "password": OLD_PASSWORD,
        "ips": ["192.0.2.10"],
        "website_access": False,
    }
    stack = make_stack(program_for(cfg), env=emulator.env())
    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 2}
    user_id = up.outputs["user_id"].value
    assert emulator.accounts()["shop-mail"]["website_access"] is False
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}

    # All three at once: an update, not a replacement; the user id stays.
    cfg.update(username="shop-mail-2", email="new@shop.example.com", password=NEW_PASSWORD)
    cfg.update(website_access=True)
    preview = stack.preview(on_output=print)
    assert change_summary(preview) == {"same": 1, "update": 1}
    emulator.clear_log()
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 1, "update": 1}
    assert up.outputs["user_id"].value == user_id
    assert up.outputs["username"].value == "shop-mail-2"
    accounts = emulator.accounts()
    assert "shop-mail" not in accounts
    account = accounts["shop-mail-2"]
    assert (account["user_id"], account["email"]) == (user_id, "new@shop.example.com")
    assert account["website_access"] is True
    counts = emulator.request_log()["counts"]
    assert counts.get("PUT /v3/user/username") == 1
    assert counts.get("PUT /v3/user/email") == 1
    assert counts.get("PUT /v3/user/password") == 1
    assert counts.get("POST /v3/subusers") is None and counts.get("DELETE /v3/subusers") is None
    assert password_is(emulator, "shop-mail-2", NEW_PASSWORD)
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}

    stored = stored_state_text(stack)
    assert OLD_PASSWORD not in stored and NEW_PASSWORD not in stored

    # Renamed outside Pulumi: refresh finds it by its user id (drift, not a deletion) and
    # up renames it back.
    assert on_behalf(emulator, "shop-mail-2", "PUT", "user/username", {"username": "x-mail"}) == 200
    refresh = stack.refresh(on_output=print)
    assert change_summary(refresh) == {"same": 1, "update": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 1}
    assert emulator.accounts()["shop-mail-2"]["user_id"] == user_id

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 2}
    assert emulator.accounts() == {}


def test_update_reconciles_when_its_premise_is_gone(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    cfg: dict[str, Any] = {
        "username": "half-way",
        "email": "h@shop.example.com",
        "password": OLD_PASSWORD,
        "ips": ["192.0.2.11"],
    }
    stack = make_stack(program_for(cfg), env=emulator.env())
    user_id = stack.up(on_output=print).outputs["user_id"].value

    # As if an interrupted run had already renamed the subuser and set its new password:
    # the old username acts for nobody, the old password is no longer the current one.
    assert on_behalf(emulator, "half-way", "PUT", "user/username", {"username": "done"}) == 200
    body = {"old_password": OLD_PASSWORD, "new_password": NEW_PASSWORD}
    assert on_behalf(emulator, "done", "PUT", "user/password", body) == 200

    cfg.update(username="done", password=NEW_PASSWORD)
    emulator.clear_log()
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 1, "update": 1}
    assert up.outputs["user_id"].value == user_id
    assert emulator.accounts()["done"]["user_id"] == user_id
    counts = emulator.request_log()["counts"]
    assert counts.get("PUT /v3/user/username") == 1  # refused for the old name, not repeated
    assert counts.get("PUT /v3/user/password") == 2  # the old one refused, the new one current
    assert password_is(emulator, "done", NEW_PASSWORD)
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
