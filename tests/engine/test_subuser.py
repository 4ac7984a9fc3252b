"""Subuser through the real engine against the emulator: the whole lifecycle."""

from __future__ import annotations

from typing import Any

import pulumi

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary, stored_state_text

PASSWORD = "Subuser-pass-1234"


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import Subuser, SubuserArgs

        sub = Subuser("sub", SubuserArgs(**cfg))
        pulumi.export("user_id", sub.user_id)
        pulumi.export("ips", sub.ips)

    return program


def test_subuser_lifecycle(make_stack: StackFactory, emulator: Emulator) -> None:
    cfg: dict[str, Any] = {
        "username": "shop-mail",
        "email": "mail@shop.example.com",
        "password": PASSWORD,
        "ips": ["192.0.2.10"],
    }
    stack = make_stack(program_for(cfg), env=emulator.env())

    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 2}
    account = emulator.accounts()["shop-mail"]
    assert account["kind"] == "subuser"
    assert account["ips"] == ["192.0.2.10"]
    assert account["region"] == "global"
    assert up.outputs["user_id"].value == account["user_id"]

    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}

    # Every updatable field, in place.
    cfg.update(ips=["198.51.100.10", "192.0.2.11"], disabled=True)
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 1, "update": 1}
    account = emulator.accounts()["shop-mail"]
    assert sorted(account["ips"]) == ["192.0.2.11", "198.51.100.10"]
    assert account["disabled"] is True
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 2}

    # Drift: re-enabled and given other IPs directly; refresh sees it, up repairs it.
    emulator.v3("PATCH", "subusers/shop-mail", {"disabled": False})
    emulator.v3("PUT", "subusers/shop-mail/ips", ["203.0.113.10"])
    assert change_summary(stack.refresh(on_output=print)) == {"same": 1, "update": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 1}
    account = emulator.accounts()["shop-mail"]
    assert account["disabled"] is True
    assert sorted(account["ips"]) == ["192.0.2.11", "198.51.100.10"]

    # A field no call changes (region) replaces the subuser; the username is kept, so the
    # old one is deleted first.
    cfg.update(region="eu")
    preview = stack.preview(on_output=print)
    assert change_summary(preview) == {"same": 1, "replace": 1}
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 1, "replace": 1}
    account = emulator.accounts()["shop-mail"]
    assert account["region"] == "eu"
    assert account["disabled"] is True
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}

    stored = stored_state_text(stack)
    assert "shop-mail" in stored
    assert PASSWORD not in stored
    assert EMULATOR_KEY not in stored

    # Deleted behind our back: refresh drops it; up creates it again.
    emulator.v3("DELETE", "subusers/shop-mail")
    assert change_summary(stack.refresh(on_output=print)) == {"same": 1, "delete": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "create": 1}

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 2}
    assert emulator.accounts() == {}


def test_existing_subuser_needs_adopt(make_stack: StackFactory, emulator: Emulator) -> None:
    emulator.v3(
        "POST",
        "subusers",
        {
            "username": "legacy",
            "email": "l@x.example.com",
            "password": PASSWORD,
            "ips": ["192.0.2.12"],
        },
    )
    cfg: dict[str, Any] = {
        "username": "legacy",
        "email": "l@x.example.com",
        "password": PASSWORD,
        "ips": ["192.0.2.13"],
    }
    stack = make_stack(program_for(cfg), env=emulator.env())
    try:
        stack.up(on_output=print)
    except Exception as exc:  # the engine's CommandError carries the provider's message
        assert "already exists" in str(exc) and "adopt=True" in str(exc)
    else:
        raise AssertionError("creating over an existing subuser must fail without adopt")
    assert emulator.accounts()["legacy"]["ips"] == ["192.0.2.12"]

    cfg["adopt"] = True
    up = stack.up(on_output=print)
    assert change_summary(up).get("create") == 1
    assert emulator.accounts()["legacy"]["ips"] == ["192.0.2.13"]
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 2}
