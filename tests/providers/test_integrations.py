"""EventWebhook, InboundParse and Teammate providers against the emulator: an interrupted
run's create taken over when it matches the declaration and refused when it does not,
objects gone outside Pulumi, and reconciling updates."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Emulator
from pulumi_sendgrid_reseller import EventWebhook, InboundParse, Teammate

from .conftest import Drive, assert_in_place, counts, fault, interrupted_creates

HOOK: dict[str, Any] = {
    "url": "https://hooks.example.com/shop",
    "friendly_name": "shop events",
    "delivered": True,
    "signed": True,
}
PARSE: dict[str, Any] = {"hostname": "parse.shop.example.com", "url": "https://in.example.com"}
MATE: dict[str, Any] = {"email": "dev@shop.example.com", "scopes": ["mail.send"]}


def lose_answer(emulator: Emulator, create: str, find: str) -> None:
    """The create lands but its answer is lost, and the read that would find it fails.

    The read is refused with a 403, which the transport does not repeat: the run ends at
    once (a 5xx would be retried with real backoff waits, seconds per test).
    """
    fault(emulator, method="POST", path=create, drop_after_commit=True, count=1)
    fault(emulator, method="GET", path=find, status=403, count=1)


def test_an_interrupted_webhook_create_is_taken_over(drive: Drive, emulator: Emulator) -> None:
    hooks = drive(EventWebhook)
    lose_answer(emulator, "^/v3/user/webhooks/event/settings$", "/event/settings/all$")
    output = interrupted_creates(emulator, hooks, HOOK)
    assert "PermissionDeniedError" in output
    (made,) = emulator.state()["event_webhooks"]
    assert made["signed"] is False  # the killed run never signed it

    state = hooks.create(HOOK)
    (taken,) = emulator.state()["event_webhooks"]
    assert state.id == made["id"] == taken["id"] and taken["signed"] is True
    assert state.outputs["public_key"] == taken["public_key"]
    assert hooks.read(state) is not None


def test_an_interrupted_webhook_that_differs_is_refused(drive: Drive, emulator: Emulator) -> None:
    hooks = drive(EventWebhook)
    lose_answer(emulator, "^/v3/user/webhooks/event/settings$", "/event/settings/all$")
    interrupted_creates(emulator, hooks, HOOK)
    # Owner, URL and friendly name recognise the interrupted run's webhook: another name
    # is another declaration, and SendGrid allows one webhook per URL.
    with pytest.raises(Exception, match="already has a webhook at this url"):
        hooks.create({**HOOK, "friendly_name": "other"})
    assert len(emulator.state()["event_webhooks"]) == 1
    # adopt=True takes it over and brings it to the declaration.
    state = hooks.create({**HOOK, "friendly_name": "other", "adopt": True})
    (taken,) = emulator.state()["event_webhooks"]
    assert (state.id, taken["friendly_name"]) == (taken["id"], "other")


def test_a_webhook_at_a_url_taken_by_another_is_refused(drive: Drive, emulator: Emulator) -> None:
    hooks = drive(EventWebhook)
    hooks.create(HOOK)
    with pytest.raises(Exception, match="already has a webhook at this url"):
        hooks.create({**HOOK, "friendly_name": "second"})
    assert len(emulator.state()["event_webhooks"]) == 1


def test_interrupted_parse_and_invitation_are_taken_over(drive: Drive, emulator: Emulator) -> None:
    parse, team = drive(InboundParse), drive(Teammate)
    lose_answer(emulator, "^/v3/user/webhooks/parse/settings$", "/parse/settings/parse\\.")
    interrupted_creates(emulator, parse, PARSE)
    # The killed run also sent an invitation with other permissions (one run, two creates).
    other = {"email": "ops@shop.example.com", "scopes": ["stats.read"]}
    for _ in (MATE, other):
        lose_answer(emulator, "^/v3/teammates$", "/v3/teammates/pending$")
    interrupted_creates(emulator, team, MATE, other)

    parse_state = parse.create(PARSE)
    mate_state = team.create(MATE)
    state = emulator.state()
    assert [p["hostname"] for p in state["parse_settings"]] == ["parse.shop.example.com"]
    invited = sorted(i["email"] for i in state["teammate_invitations"])
    assert invited == ["dev@shop.example.com", "ops@shop.example.com"]
    assert parse_state.outputs["mx_record"]["host"] == "parse.shop.example.com"
    assert mate_state.outputs["status"] == "pending"

    # An invitation with other permissions is not the one the killed run sent.
    with pytest.raises(Exception, match="an invitation with other permissions is pending"):
        team.create({**other, "scopes": ["mail.send"]})


def test_a_failed_lookup_after_a_lost_invitation_is_not_an_invitation_made_elsewhere(
    drive: Drive, emulator: Emulator
) -> None:
    team = drive(Teammate)
    # The invitation lands, its answer is lost, and the lookup that would find it is
    # refused with a 400 (not the invitation call's "already invited" answer).
    fault(emulator, method="POST", path="^/v3/teammates$", drop_after_commit=True, count=1)
    fault(emulator, method="GET", path="/v3/teammates/pending$", status=400, count=1)
    printed = interrupted_creates(emulator, team, MATE)
    assert printed.startswith("InvalidRequestError"), printed
    assert "already invited" not in printed
    # The note of the interrupted run's invitation is kept: the next run takes it over.
    emulator.clear_log()
    state = team.create(MATE)
    assert "POST /v3/teammates" not in counts(emulator)
    (invitation,) = emulator.state()["teammate_invitations"]
    assert (state.id, state.outputs["token"]) == (MATE["email"], invitation["token"])


def test_an_invitation_made_elsewhere_needs_adopt(drive: Drive, emulator: Emulator) -> None:
    team = drive(Teammate)
    emulator.v3("POST", "teammates", {**MATE, "is_admin": False})
    with pytest.raises(Exception, match="already invited or a teammate there"):
        team.create({**MATE, "scopes": ["stats.read"]})
    state = team.create({**MATE, "scopes": ["stats.read"], "adopt": True})
    (invitation,) = emulator.state()["teammate_invitations"]
    assert invitation["scopes"] == ["stats.read"] and state.outputs["token"] == invitation["token"]


def test_a_pending_scope_change_reconciles_with_an_accept(drive: Drive, emulator: Emulator) -> None:
    team = drive(Teammate)
    state = team.create(MATE)
    # The invitee accepts between the last refresh and the update: the update PATCHes.
    emulator.http.post(
        f"{emulator.url}/_emulator/teammates/accept",
        json={"email": MATE["email"], "username": "dev1"},
    ).raise_for_status()
    changed = {**MATE, "scopes": ["mail.send", "stats.read"]}
    assert_in_place(team.diff(state, changed))
    state = team.update(state, changed)
    assert (state.outputs["status"], state.outputs["username"]) == ("active", "dev1")
    (mate,) = [t for t in emulator.state()["teammates"] if t["email"] == MATE["email"]]
    assert sorted(mate["granted"]) == ["mail.send", "stats.read"]
    assert emulator.state()["teammate_invitations"] == []
    team.delete(state)
    assert [t for t in emulator.state()["teammates"] if t["email"] == MATE["email"]] == []
    team.delete(state)  # a delete of what is gone succeeds


def test_gone_outside_pulumi_reads_as_gone(drive: Drive, emulator: Emulator) -> None:
    hooks, parse = drive(EventWebhook), drive(InboundParse)
    hook_state, parse_state = hooks.create(HOOK), parse.create(PARSE)
    emulator.v3("DELETE", f"user/webhooks/event/settings/{hook_state.id}")
    emulator.v3("DELETE", "user/webhooks/parse/settings/parse.shop.example.com")
    assert hooks.read(hook_state) is None and parse.read(parse_state) is None
    hooks.delete(hook_state)
    parse.delete(parse_state)


OAUTH_HOOK: dict[str, Any] = {
    **HOOK,
    "oauth_client_id": "cid",
    "oauth_client_secret": "oauth-secret-1",
    "oauth_token_url": "https://auth.example.com/token",
}
#: Each field SendGrid reports, and a value set outside Pulumi (through PATCH).
DRIFT: list[tuple[str, Any]] = [
    ("url", "https://hooks.example.com/elsewhere"),
    ("enabled", False),
    ("friendly_name", "renamed"),
    *[(flag, not HOOK.get(flag, False)) for flag in ("bounce", "click", "delivered", "open")],
    *[(flag, True) for flag in ("deferred", "dropped", "group_resubscribe")],
    *[(flag, True) for flag in ("group_unsubscribe", "processed", "spam_report", "unsubscribe")],
    ("oauth_client_id", "other-id"),
    ("oauth_token_url", "https://auth.example.com/other"),
]


@pytest.mark.parametrize(("field", "value"), DRIFT, ids=[d[0] for d in DRIFT])
def test_every_reported_webhook_field_shows_drift(
    drive: Drive, emulator: Emulator, field: str, value: Any
) -> None:
    hooks = drive(EventWebhook)
    state = hooks.create(OAUTH_HOOK)
    body = {k: v for k, v in OAUTH_HOOK.items() if k not in ("signed", "oauth_client_secret")} | {
        field: value
    }
    emulator.v3("PATCH", f"user/webhooks/event/settings/{state.id}", body)
    fresh = hooks.read(state)
    assert fresh is not None and fresh.outputs[field] == value
    assert fresh.outputs["public_key"] == state.outputs["public_key"] != ""
    assert_in_place(hooks.diff(fresh, OAUTH_HOOK))
    repaired = hooks.update(fresh, OAUTH_HOOK)
    remote = emulator.state()["event_webhooks"][0]
    assert remote[field] == OAUTH_HOOK.get(field, field == "enabled")  # flags default false
    assert repaired.outputs[field] == remote[field]
