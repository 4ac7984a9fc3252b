"""Event webhooks, parse settings and teammates (``client.event_webhooks``,
``client.parse_settings``, ``client.teammates``) against the emulator over HTTP: every
method, on behalf of a subuser and of the parent."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from pulumi_sendgrid_reseller.client import (
    AlreadyExistsError,
    APIConnectionError,
    EventWebhookRequest,
    EventWebhookTest,
    InvalidRequestError,
    NotFoundError,
    ParseSettingRequest,
    SendGridClient,
    SubuserCreate,
    TeammateInvite,
    TeammateUpdate,
)

from .conftest import Control


def test_event_webhooks(client: SendGridClient, emu: Control) -> None:
    hooks = client.event_webhooks
    req = EventWebhookRequest(
        url="https://hooks.example.com/a",
        friendly_name="first",
        delivered=True,
        oauth_client_id="cid",
        oauth_client_secret=SecretStr("oauth-s3cret"),
        oauth_token_url="https://auth.example.com/token",
    )
    made = hooks.create(req)
    assert made.id and made.url == req.url and made.reported()["delivered"] is True
    assert made.oauth_client_id == "cid" and "oauth-s3cret" not in made.model_dump_json()
    assert [w.id for w in hooks.list()] == [made.id]
    got = hooks.get(made.id)
    assert got.reported()["friendly_name"] == "first" and got.is_signed is False
    assert hooks.public_key(made.id).public_key == ""

    with pytest.raises(AlreadyExistsError) as info:
        hooks.create(EventWebhookRequest(url="https://hooks.example.com/a"))
    assert "already exists" in str(info.value)

    # PATCH sets every field; OAuth left out is cleared ("" for each).
    changed = hooks.update(
        made.id, EventWebhookRequest(url="https://hooks.example.com/b", open=True)
    )
    assert changed.url == "https://hooks.example.com/b" and changed.reported()["delivered"] is False
    assert not changed.oauth_client_id and not changed.friendly_name

    signed = hooks.set_signed(made.id, True)
    assert signed.public_key and hooks.public_key(made.id).public_key == signed.public_key
    assert hooks.get(made.id).is_signed is True
    assert hooks.set_signed(made.id, False).public_key == ""

    hooks.delete(made.id)
    with pytest.raises(NotFoundError):
        hooks.get(made.id)
    with pytest.raises(NotFoundError):
        hooks.delete(made.id)
    with pytest.raises(NotFoundError):
        hooks.test(EventWebhookTest(url="http://127.0.0.1:9/nothing-listens", id=made.id))


def test_a_lost_webhook_create_is_not_repeated(client: SendGridClient, emu: Control) -> None:
    emu.fault(
        method="POST", path="^/v3/user/webhooks/event/settings$", drop_after_commit=True, count=1
    )
    with pytest.raises(APIConnectionError, match="not retried"):
        client.event_webhooks.create(EventWebhookRequest(url="https://hooks.example.com/lost"))
    assert [w.url for w in client.event_webhooks.list()] == ["https://hooks.example.com/lost"]


def test_parse_settings_on_behalf_of_a_subuser(client: SendGridClient, emu: Control) -> None:
    client.subusers.create(
        SubuserCreate(
            username="parse-owner",
            email="p@example.com",
            password=SecretStr("Parse-pass-123"),
            ips=["192.0.2.10"],
        )
    )
    parse = client.acting_for("parse-owner").parse_settings
    req = ParseSettingRequest(hostname="in.example.com", url="https://app.example.com/in")
    made = parse.create(req)
    assert made.reported() == {
        "hostname": "in.example.com",
        "url": "https://app.example.com/in",
        "spam_check": False,
        "send_raw": False,
    }
    assert [p.hostname for p in parse.list()] == ["in.example.com"]
    assert client.parse_settings.list() == []  # the parent's are its own
    with pytest.raises(AlreadyExistsError):
        parse.create(req)
    changed = parse.update(
        ParseSettingRequest(
            hostname="in.example.com", url="https://app.example.com/v2", spam_check=True
        )
    )
    assert (changed.url, changed.spam_check) == ("https://app.example.com/v2", True)
    assert parse.get("IN.example.com").url == "https://app.example.com/v2"
    parse.delete("in.example.com")
    with pytest.raises(NotFoundError):
        parse.get("in.example.com")
    assert [p["owner"] for p in emu.state()["parse_settings"]] == []


def test_teammates_invited_accepted_changed_removed(client: SendGridClient, emu: Control) -> None:
    team = client.teammates
    invitation = team.invite(TeammateInvite(email="dev@example.com", scopes=["mail.send"]))
    assert invitation.token and invitation.scopes == ["mail.send"]
    assert [p.email for p in team.pending()] == ["dev@example.com"]
    again = team.resend(invitation.token)
    assert again.token == invitation.token
    team.delete_pending(invitation.token)
    assert team.pending() == []
    with pytest.raises(NotFoundError):
        team.delete_pending(invitation.token)

    team.invite(TeammateInvite(email="dev@example.com", scopes=["mail.send"]))
    with pytest.raises(AlreadyExistsError, match="already pending"):
        team.invite(TeammateInvite(email="dev@example.com", scopes=["mail.send"]))
    emu.http.post(
        f"{emu.url}/_emulator/teammates/accept",
        json={"email": "dev@example.com", "username": "dev1"},
    ).raise_for_status()
    assert team.pending() == []
    mate = team.get("dev1")
    assert mate.email == "dev@example.com" and "mail.send" in (mate.scopes or [])
    assert "dev1" in [t.username for t in team.iter()]
    with pytest.raises(AlreadyExistsError, match="already a teammate"):
        team.invite(TeammateInvite(email="dev@example.com", scopes=["mail.send"]))
    changed = team.update("dev1", TeammateUpdate(is_admin=False, scopes=["stats.read"]))
    assert "stats.read" in (changed.scopes or []) and "mail.send" not in (changed.scopes or [])
    access = team.subuser_access("dev1")
    assert access.has_restricted_subuser_access is False
    team.delete("dev1")
    with pytest.raises(NotFoundError):
        team.get("dev1")
    with pytest.raises(InvalidRequestError):
        team.invite(TeammateInvite.model_construct(email="x@example.com", scopes=["nope"]))
