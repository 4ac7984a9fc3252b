"""SubuserCredits through the real engine against the emulator: lifecycle, drift, a rename
of the subuser keeps them, delete puts the subuser back to unlimited, bad input at preview."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import (
            Subuser,
            SubuserArgs,
            SubuserCredits,
            SubuserCreditsArgs,
        )

        sub = Subuser(
            "sub",
            SubuserArgs(
                username=cfg["username"],
                email="budget@shop.example.com",
                password="Subuser-pass-1234",
                ips=["192.0.2.10"],
            ),
        )
        credits = SubuserCredits("credits", SubuserCreditsArgs(subuser=sub, **cfg["credits"]))
        pulumi.export("remain", credits.remain)
        pulumi.export("used", credits.used)

    return program


def credits_of(emulator: Emulator, username: str) -> dict[str, Any]:
    resp = emulator.http.get(
        f"{emulator.url}/v3/subusers/{username}/credits",
        headers={"Authorization": f"Bearer {EMULATOR_KEY}"},
    )
    resp.raise_for_status()
    return dict(resp.json())


def state_outputs(stack: auto.Stack, kind: str) -> dict[str, Any]:
    """The outputs the state holds for the one resource of that type."""
    resources = stack.export_stack().deployment["resources"]
    found = [r for r in resources if r["type"].endswith(f":{kind}")]
    assert len(found) == 1, found
    return dict(found[0]["outputs"])


def test_subuser_credits_lifecycle(make_stack: StackFactory, emulator: Emulator) -> None:
    cfg: dict[str, Any] = {
        "username": "budget",
        "credits": {"type": "recurring", "total": 1000, "reset_frequency": "monthly"},
    }
    stack = make_stack(program_for(cfg), env=emulator.env())
    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 3}
    assert (up.outputs["remain"].value, up.outputs["used"].value) == (1000, 0)
    got = credits_of(emulator, "budget")
    assert (got["type"], got["total"], got["reset_frequency"]) == ("recurring", 1000, "monthly")
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 3}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 3}

    # In place: another total and frequency, then another type.
    cfg["credits"] = {"type": "recurring", "total": 500, "reset_frequency": "weekly"}
    assert change_summary(stack.up(on_output=print)) == {"same": 2, "update": 1}
    assert credits_of(emulator, "budget")["total"] == 500
    cfg["credits"] = {"type": "nonrecurring", "total": 50}
    up = stack.up(on_output=print)
    assert change_summary(up) == {"same": 2, "update": 1}
    assert up.outputs["remain"].value == 50
    assert credits_of(emulator, "budget")["type"] == "nonrecurring"
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 3}

    # Drift: set outside Pulumi; refresh sees it, up repairs it.
    emulator.v3("PUT", "subusers/budget/credits", {"type": "unlimited"})
    assert change_summary(stack.refresh(on_output=print)) == {"same": 2, "update": 1}
    assert change_summary(stack.up(on_output=print)) == {"same": 2, "update": 1}
    assert credits_of(emulator, "budget")["remain"] == 50

    # Remaining credits moved by SendGrid (mail sent): an output, not drift of the inputs.
    emulator.v3("PATCH", "subusers/budget/credits/remaining", {"allocation_update": -20})
    refresh = stack.refresh(on_output=print)
    assert change_summary(refresh) == {"same": 3}
    assert state_outputs(stack, "SubuserCredits")["remain"] == 30

    # Renaming the subuser keeps its credits: no replacement, no new allocation.
    cfg["username"] = "budget-renamed"
    preview = stack.preview(on_output=print)
    assert change_summary(preview) == {"same": 1, "update": 2}
    emulator.clear_log()
    assert change_summary(stack.up(on_output=print)) == {"same": 1, "update": 2}
    assert "PUT /v3/subusers/budget-renamed/credits" not in emulator.request_log()["counts"]
    assert credits_of(emulator, "budget-renamed")["remain"] == 30
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 3}

    # Deleting the credits puts the subuser back to unlimited.
    def subuser_only() -> None:
        from pulumi_sendgrid_reseller import Subuser, SubuserArgs

        Subuser(
            "sub",
            SubuserArgs(
                username="budget-renamed",
                email="budget@shop.example.com",
                password="Subuser-pass-1234",
                ips=["192.0.2.10"],
            ),
        )

    stack.workspace.program = subuser_only
    assert change_summary(stack.up(on_output=print)) == {"same": 2, "delete": 1}
    assert credits_of(emulator, "budget-renamed")["type"] == "unlimited"
    assert change_summary(stack.destroy(on_output=print)) == {"delete": 2}


@pytest.mark.parametrize(
    ("credits", "message"),
    [
        (
            {"type": "recurring", "total": 10},
            "reset_frequency: is required when type is 'recurring'",
        ),
        ({"type": "nonrecurring"}, "total: is required when type is 'nonrecurring'"),
        ({"type": "unlimited", "total": 10}, "total: must not be given when type is 'unlimited'"),
        ({"type": "monthly"}, "type: input should be 'unlimited', 'recurring' or 'nonrecurring'"),
        (
            {"type": "recurring", "total": 0, "reset_frequency": "daily"},
            "total: input should be greater than or equal to 1",
        ),
    ],
)
def test_bad_credits_fail_the_preview(
    make_stack: StackFactory, emulator: Emulator, credits: dict[str, Any], message: str
) -> None:
    stack = make_stack(program_for({"username": "bad", "credits": credits}), env=emulator.env())
    with pytest.raises(auto.CommandError) as info:
        stack.preview(on_output=print)
    assert message in str(info.value)
    assert emulator.accounts() == {}
