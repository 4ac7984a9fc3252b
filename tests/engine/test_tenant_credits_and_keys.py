"""A subuser Tenant with credits and API keys: renaming the tenant keeps them."""

from __future__ import annotations

from typing import Any

import pulumi

from conftest import Emulator, StackFactory, change_summary
from pulumi_sendgrid_reseller.components import TenantArgs


def tenant_data(username: str) -> dict[str, Any]:
    return {
        "kind": "subuser",
        "username": username,
        "email": "news@acme.example.com",
        "ips": ["198.51.100.10"],
        "monitor": {"email": "compliance@acme.example.com", "frequency": 50},
        "credits": {"type": "nonrecurring", "total": 300},
        "api_keys": [{"name": "app", "scopes": ["mail.send"]}, {"name": "stats"}],
    }


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller.components import Tenant

        args = TenantArgs.from_dict(cfg["tenant"], password="Tenant-pass-1234")
        tenant = Tenant("news", args)
        pulumi.export("summary", tenant.summary())
        pulumi.export("app_key", tenant.api_keys["app"].api_key)

    return program


def test_rename_keeps_keys_credits_and_monitor(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    cfg = {"tenant": tenant_data("acme-news")}
    stack = make_stack(program_for(cfg), env=emulator.env())
    up = stack.up(on_output=print)
    # stack, tenant, subuser, monitor, credits, two keys
    assert change_summary(up) == {"create": 7}
    summary = up.outputs["summary"].value
    assert summary["credits"] == {"type": "nonrecurring", "remain": 300}
    key_ids = summary["api_keys"]
    secret = up.outputs["app_key"].value
    assert up.outputs["app_key"].secret is True
    owners = {k["api_key_id"]: k["owner"] for k in emulator.state()["api_keys"]}
    assert owners == {key_ids["app"]: "acme-news", key_ids["stats"]: "acme-news"}
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 7}

    cfg["tenant"] = tenant_data("acme-news-2")
    preview = stack.preview(on_output=print)
    # The subuser, its credits and keys are updated; the monitor is declared anew for the
    # new name and takes over the settings that came along with the account.
    assert change_summary(preview) == {"same": 2, "update": 4, "replace": 1}
    emulator.clear_log()
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 2, "update": 4, "replace": 1}
    assert up.outputs["summary"].value["api_keys"] == key_ids
    assert up.outputs["app_key"].value == secret
    owners = {k["api_key_id"]: k["owner"] for k in emulator.state()["api_keys"]}
    assert owners == {key_ids["app"]: "acme-news-2", key_ids["stats"]: "acme-news-2"}
    counts = emulator.request_log()["counts"]
    assert not any(k.startswith(("POST /v3/api_keys", "PUT /v3/subusers/")) for k in counts)
    assert emulator.monitors()["acme-news-2"]["frequency"] == 50
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 7}
    assert change_summary(stack.destroy(on_output=print)) == {"delete": 7}
    assert emulator.state()["api_keys"] == []
