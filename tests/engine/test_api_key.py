"""ApiKey through the real engine against the emulator: lifecycle, rename vs move, drift,
bad input at preview, and the key never in plaintext anywhere but the program's output."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary, stored_state_text

PASSWORD = "Subuser-pass-1234"


def subuser_cfg(username: str, ip: str, **extra: Any) -> dict[str, Any]:
    return {
        "username": username,
        "email": f"{username}@shop.example.com",
        "password": PASSWORD,
        "ips": [ip],
        **extra,
    }


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import ApiKey, ApiKeyArgs, Subuser, SubuserArgs

        subs = {
            "shop": Subuser("shop", SubuserArgs(**cfg["shop"])),
            "other": Subuser("other", SubuserArgs(**cfg["other"])),
            "eu": Subuser("eu", SubuserArgs(**cfg["eu"])),
        }
        key = ApiKey("key", ApiKeyArgs(subuser=subs[cfg["owner"]], **cfg["key"]))
        eu_key = ApiKey("eu-key", ApiKeyArgs(name="eu-app", subuser=subs["eu"]))
        ops = ApiKey("ops", name="ops", scopes=["alerts.read"])  # the parent's, keyword form
        pulumi.export("api_key", key.api_key)
        pulumi.export("api_key_id", key.api_key_id)
        pulumi.export("eu_key_id", eu_key.api_key_id)
        pulumi.export("ops_key_id", ops.api_key_id)

    return program


def keys_in(emulator: Emulator) -> dict[str, dict[str, Any]]:
    return {k["api_key_id"]: k for k in emulator.state()["api_keys"]}


def test_api_key_lifecycle(make_stack: StackFactory, emulator: Emulator) -> None:
    cfg: dict[str, Any] = {
        "shop": subuser_cfg("shop-mail", "192.0.2.10"),
        "other": subuser_cfg("other-mail", "192.0.2.11"),
        "eu": subuser_cfg("eu-mail", "192.0.2.12", region="eu"),
        "owner": "shop",
        "key": {"name": "app", "scopes": ["mail.send", "alerts.read"]},
    }
    env = {**emulator.env(), "SENDGRID_API_URL_EU": f"{emulator.url}/eu"}
    stack = make_stack(program_for(cfg), env=env)
    lines: list[str] = []

    up = stack.up(on_output=lines.append)
    assert change_summary(up) == {"create": 7}
    secret = up.outputs["api_key"].value
    assert up.outputs["api_key"].secret is True and secret.startswith("SG.")
    key_id = up.outputs["api_key_id"].value
    keys = keys_in(emulator)
    assert (keys[key_id]["owner"], keys[key_id]["name"]) == ("shop-mail", "app")
    assert sorted(keys[key_id]["scopes"]) == ["alerts.read", "mail.send"]
    assert keys[up.outputs["eu_key_id"].value]["owner"] == "eu-mail"
    assert keys[up.outputs["ops_key_id"].value]["owner"] is None  # the parent's
    eu_paths = {e["path"] for e in emulator.request_log()["requests"] if "api_keys" in e["path"]}
    assert "/eu/v3/api_keys" in eu_paths and "/v3/api_keys" in eu_paths

    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 7}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 7}

    # Scopes are a set: another order is no change. Name and scopes change in place.
    cfg["key"]["scopes"] = ["alerts.read", "mail.send"]
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 7}
    cfg["key"] = {"name": "app-2", "scopes": ["mail.send"]}
    up = stack.up(on_output=lines.append)
    assert change_summary(up) == {"same": 6, "update": 1}
    assert (up.outputs["api_key_id"].value, up.outputs["api_key"].value) == (key_id, secret)
    assert (keys_in(emulator)[key_id]["name"], keys_in(emulator)[key_id]["scopes"]) == (
        "app-2",
        ["mail.send"],
    )

    # Drift: scopes changed outside Pulumi; refresh sees it, up repairs it.
    emulator.http.put(
        f"{emulator.url}/v3/api_keys/{key_id}",
        json={"name": "app-2", "scopes": ["mail.send", "stats.read"]},
        headers={"Authorization": f"Bearer {EMULATOR_KEY}", "on-behalf-of": "shop-mail"},
    ).raise_for_status()
    assert change_summary(stack.refresh(on_output=lines.append)) == {"same": 6, "update": 1}
    assert change_summary(stack.up(on_output=lines.append)) == {"same": 6, "update": 1}
    assert keys_in(emulator)[key_id]["scopes"] == ["mail.send"]

    # Renaming the key's subuser keeps the key (same user id); moving it replaces it.
    cfg["shop"]["username"] = "shop-renamed"
    preview = stack.preview(on_output=lines.append)
    assert change_summary(preview) == {"same": 5, "update": 2}
    up = stack.up(on_output=lines.append)
    assert change_summary(up) == {"same": 5, "update": 2}
    assert up.outputs["api_key_id"].value == key_id and up.outputs["api_key"].value == secret
    assert keys_in(emulator)[key_id]["owner"] == "shop-renamed"
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 7}

    cfg["owner"] = "other"
    up = stack.up(on_output=lines.append)
    assert change_summary(up) == {"same": 6, "replace": 1}
    moved_id = up.outputs["api_key_id"].value
    assert moved_id != key_id and up.outputs["api_key"].value != secret
    keys = keys_in(emulator)
    assert key_id not in keys and keys[moved_id]["owner"] == "other-mail"
    moved_secret = up.outputs["api_key"].value

    stored = stored_state_text(stack)
    output = "\n".join(lines)
    state_dump = str(emulator.state()) + str(emulator.request_log())
    for value in (secret, moved_secret):
        assert value not in stored and value not in output and value not in state_dump
    assert PASSWORD not in stored

    # Deleted outside Pulumi: refresh drops it, up makes a new one.
    emulator.http.delete(
        f"{emulator.url}/v3/api_keys/{moved_id}",
        headers={"Authorization": f"Bearer {EMULATOR_KEY}", "on-behalf-of": "other-mail"},
    ).raise_for_status()
    assert change_summary(stack.refresh(on_output=print)) == {"same": 6, "delete": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 6, "create": 1}

    assert change_summary(stack.destroy(on_output=print)) == {"delete": 7}
    assert emulator.state()["api_keys"] == []


def test_unknown_scope_fails_the_preview(make_stack: StackFactory, emulator: Emulator) -> None:
    def program() -> None:
        from pulumi_sendgrid_reseller import ApiKey, ApiKeyArgs

        ApiKey("k", ApiKeyArgs(name="app", scopes=["mail.send", "mail.sendd"]))

    stack = make_stack(program, env=emulator.env())
    with pytest.raises(auto.CommandError) as info:
        stack.preview(on_output=print)
    assert "scopes: unknown scope(s) 'mail.sendd'" in str(info.value)
    assert emulator.request_log()["counts"] == {}
