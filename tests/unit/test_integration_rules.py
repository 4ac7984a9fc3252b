"""Event webhooks, inbound parse settings and teammates: the rules checked at preview, and
the request bodies derived from their field tables."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr

from pulumi_sendgrid_reseller import TenantArgs
from pulumi_sendgrid_reseller.client import (
    EventWebhook,
    EventWebhookRequest,
    PendingTeammate,
    TeammateInvite,
)
from pulumi_sendgrid_reseller.client._fields import event_flags
from pulumi_sendgrid_reseller.resources._event_webhook import EventWebhookProvider
from pulumi_sendgrid_reseller.resources._inbound_parse import InboundParseProvider, mx_record
from pulumi_sendgrid_reseller.resources._teammate import TeammateProvider

HOOK = {"url": "https://hooks.example.com/sendgrid"}
OAUTH = {
    "oauth_client_id": "client-1",
    "oauth_client_secret": "oauth-secret-value",
    "oauth_token_url": "https://auth.example.com/token",
}


def failures(provider: Any, news: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The check failures by the field their reason names: (property, reason)."""
    result = provider.check({}, {"__provider": "x", **news})
    return {f.reason.split(":", 1)[0]: (f.property, f.reason) for f in result.failures}


@pytest.mark.parametrize(
    ("news", "field", "rule"),
    [
        ({"url": "ftp://hooks.example.com"}, "url", "must be an http(s) URL"),
        ({"url": "hooks.example.com"}, "url", "must be an http(s) URL"),
        (
            {**HOOK, "oauth_token_url": "mailto:x@y.z", **{"oauth_client_id": "c"}},
            "oauth_token_url",
            "http(s) URL",
        ),
        ({**HOOK, "friendly_name": "n" * 256}, "friendly_name", "at most 255 characters"),
        (
            {**HOOK, "subuser": "shop", "account": "acc-1"},
            "subuser",
            "must not be given together with account",
        ),
        ({**HOOK, "opened": True}, "opened", "is not an argument of this resource"),
    ],
)
def test_event_webhook_bad_input_names_field_and_rule(
    news: dict[str, Any], field: str, rule: str
) -> None:
    found = failures(EventWebhookProvider(), news)
    assert field in found, found
    assert rule in found[field][1]


@pytest.mark.parametrize("missing", sorted(OAUTH))
def test_oauth_fields_go_together(missing: str) -> None:
    partial = {k: v for k, v in OAUTH.items() if k != missing}
    found = failures(EventWebhookProvider(), {**HOOK, **partial})
    (field, (prop, reason)), *rest = found.items()
    assert not rest
    assert "together" in reason and f"missing: {missing}" in reason
    # A secret field's failure is shown without its property (the engine prints its value).
    assert prop == ("" if field == "oauth_client_secret" else field)
    assert "oauth-secret-value" not in reason


def test_oauth_complete_and_every_flag_defaults_false() -> None:
    result = EventWebhookProvider().check({}, {**HOOK, **OAUTH})
    assert result.failures == []
    flags = event_flags()
    assert set(flags) >= {"bounce", "click", "delivered", "open", "processed", "spam_report"}
    assert all(result.inputs[flag] is False for flag in flags)
    assert result.inputs["signed"] is False and result.inputs["enabled"] is True


def test_the_webhook_bodies() -> None:
    req = EventWebhookRequest(url=HOOK["url"], open=True, signed=True)
    body = req.to_json()
    assert "signed" not in body and body["open"] is True and "oauth_client_id" not in body
    # PATCH clears what is not declared, as SendGrid documents ("" for each OAuth field).
    update = req.update_json()
    assert update["oauth_client_id"] == update["oauth_token_url"] == ""
    assert update["friendly_name"] == ""
    with_oauth = EventWebhookRequest.model_validate(
        {**HOOK, **OAUTH, "oauth_client_secret": SecretStr(OAUTH["oauth_client_secret"])}
    )
    assert with_oauth.to_json()["oauth_client_secret"] == OAUTH["oauth_client_secret"]
    assert OAUTH["oauth_client_secret"] not in repr(with_oauth)
    assert with_oauth.secrets() == [OAUTH["oauth_client_secret"]]


def test_a_reported_webhook_is_signed_by_its_public_key() -> None:
    remote = EventWebhook.model_validate({"id": "w1", "url": HOOK["url"], "open": True})
    assert remote.reported()["signed"] is False and remote.reported()["click"] is False
    signed = EventWebhook.model_validate({"id": "w1", "url": HOOK["url"], "public_key": "MFkw"})
    assert signed.reported()["signed"] is True


@pytest.mark.parametrize(
    ("hostname", "ok"),
    [
        ("parse.example.com", True),
        ("Parse.Example.COM.", True),
        ("not a host", False),
        ("localhost", False),
        ("-bad.example.com", False),
        ("under_score.example.com", False),
        ("a" * 64 + ".example.com", False),
        ("192.0.2.1", False),
    ],
)
def test_a_parse_hostname_is_a_hostname(hostname: str, ok: bool) -> None:
    news = {"hostname": hostname, "url": "https://inbound.example.com/parse"}
    found = failures(InboundParseProvider(), news)
    if ok:
        assert found == {}
    else:
        assert found["hostname"][1].startswith("hostname: must be a hostname")


def test_a_parse_hostname_is_normalised_and_gives_its_mx_record() -> None:
    result = InboundParseProvider().check(
        {}, {"hostname": "Parse.Example.com.", "url": "http://127.0.0.1:8000/parse"}
    )
    assert result.failures == [] and result.inputs["hostname"] == "parse.example.com"
    assert mx_record("parse.example.com") == {
        "type": "MX",
        "host": "parse.example.com",
        "data": "mx.sendgrid.net",
        "priority": 10,
    }


@pytest.mark.parametrize(
    ("news", "field", "rule"),
    [
        (
            {"email": "ops@x.example.com", "is_admin": True, "scopes": ["mail.send"]},
            "scopes",
            "must not be given when is_admin is true",
        ),
        (
            {"email": "ops@x.example.com", "scopes": ["mail.sendd"]},
            "scopes",
            "unknown scope(s) 'mail.sendd'",
        ),
        (
            {"email": "ops@x.example.com", "scopes": ["mail.send", "mail.send"]},
            "scopes",
            "duplicates",
        ),
        ({"email": "not-an-email"}, "email", "valid email"),
        (
            {"email": "ops@x.example.com", "subuser_access": [{"id": 1, "scopes": []}]},
            "subuser_access",
            "no call SendGrid documents grants",
        ),
    ],
)
def test_teammate_bad_input_names_field_and_rule(
    news: dict[str, Any], field: str, rule: str
) -> None:
    found = failures(TeammateProvider(), news)
    assert field in found, found
    assert found[field][0] == field and rule in found[field][1]


def test_teammate_scopes_are_a_set() -> None:
    provider = TeammateProvider()
    a = provider.check({}, {"email": "ops@x.example.com", "scopes": ["stats.read", "mail.send"]})
    b = provider.check({}, {"email": "ops@x.example.com", "scopes": ["mail.send", "stats.read"]})
    assert a.inputs["scopes"] == b.inputs["scopes"] == ["mail.send", "stats.read"]
    assert provider.diff("ops@x.example.com", a.inputs, b.inputs).changes is False


def test_teammate_bodies() -> None:
    invite = TeammateInvite(email="ops@x.example.com", is_admin=True)
    assert invite.to_json() == {"email": "ops@x.example.com", "scopes": [], "is_admin": True}
    # SendGrid's examples call the token pending_id: both are read.
    assert PendingTeammate.model_validate({"pending_id": "t1", "email": "a@b.co"}).token == "t1"


def test_a_tenant_refuses_parts_it_gives_itself_or_does_not_know() -> None:
    base: dict[str, Any] = {"kind": "account", "email": "ops@x.example.com"}
    base["account"] = None
    with pytest.raises(ValueError, match=r"event_webhooks\['ops'\]: subuser: given by the tenant"):
        TenantArgs.from_dict(
            {
                **base,
                "account": {"offerings": []},
                "event_webhooks": {"ops": {**HOOK, "subuser": "x"}},
            }
        )
    with pytest.raises(ValueError, match=r"teammates\[0\]: not an argument of TeammateArgs: role"):
        TenantArgs.from_dict(
            {**base, "account": {"offerings": []}, "teammates": [{"email": "a@b.co", "role": "x"}]}
        )
    with pytest.raises(
        ValueError, match=r"inbound_parse\[1\].hostname: 'p.example.com' is given twice"
    ):
        parse = {"hostname": "p.example.com", "url": "https://in.example.com"}
        TenantArgs.from_dict(
            {**base, "account": {"offerings": []}, "inbound_parse": [parse, parse]}
        )
