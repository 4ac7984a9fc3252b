"""Event webhooks, inbound parse settings and teammates through the real engine, against the
emulator, for each owner: a subuser, an account and the parent.

Lifecycle: up, no-change preview and refresh, in-place changes, drift made through the
emulator's HTTP API shown by refresh and repaired by up, a signed test event verified with
the ``public_key`` output by the official ``sendgrid`` library, a teammate going from
pending to active (a scope change in both states), destroy leaving nothing.
"""

from __future__ import annotations

import copy
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary, stored_state_text

PASSWORD = "Subuser-pass-1234"
FREE = {"name": "org.ei.free.v1", "type": "package", "quantity": 1}
OWNERS = ("sub", "acct", "parent")
OAUTH_SECRET = "oauth-secret-3f9a"


class Receiver:
    """A local HTTP server that keeps every POST it receives (body and headers)."""

    def __init__(self) -> None:
        received: list[tuple[bytes, dict[str, str]]] = []
        self.received = received

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                received.append((body, {k.lower(): v for k, v in self.headers.items()}))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    try:
        yield r
    finally:
        r.close()


def initial(receiver_url: str) -> dict[str, Any]:
    """The declaration: per owner a webhook, a parse setting and a teammate."""
    return {
        "sub": {
            "hook": {
                "url": receiver_url,
                "friendly_name": "shop events",
                "delivered": True,
                "bounce": True,
                "signed": True,
            },
            "parse": {"hostname": "parse.shop.example.com", "url": "https://in.shop.example.com"},
            "mate": {"email": "dev@shop.example.com", "scopes": ["stats.read", "mail.send"]},
        },
        "acct": {
            "hook": {
                "url": "https://hooks.acct.example.com/sg",
                "open": True,
                **{"oauth_client_id": "cid", "oauth_client_secret": OAUTH_SECRET},
                "oauth_token_url": "https://auth.acct.example.com/token",
            },
            "parse": {"hostname": "parse.acct.example.com", "url": "https://in.acct.example.com"},
            "mate": {"email": "admin@acct.example.com", "is_admin": True},
        },
        "parent": {
            "hook": {"url": "https://hooks.parent.example.com/sg", "click": True},
            "parse": {
                "hostname": "parse.parent.example.com",
                "url": "https://in.parent.example.com",
                "spam_check": True,
            },
            "mate": {"email": "ops@parent.example.com", "scopes": ["alerts.read"]},
        },
    }


def program_for(cfg: dict[str, Any]) -> Any:
    def program() -> None:
        from pulumi_sendgrid_reseller import (
            Account,
            EventWebhook,
            EventWebhookArgs,
            InboundParse,
            InboundParseArgs,
            Subuser,
            Teammate,
            TeammateArgs,
        )

        sub = Subuser(
            "shop",
            username="shop-int",
            email="shop@shop.example.com",
            password=PASSWORD,
            ips=["192.0.2.10"],
        )
        acct = Account("acct", offerings=[FREE])
        owners: dict[str, dict[str, Any]] = {"sub": {"subuser": sub}, "acct": {"account": acct}}
        owners["parent"] = {}
        for name in OWNERS:
            owner, part = owners[name], cfg[name]
            hook = EventWebhook(f"{name}-hook", EventWebhookArgs(**part["hook"], **owner))
            parse = InboundParse(f"{name}-parse", InboundParseArgs(**part["parse"], **owner))
            mate = Teammate(f"{name}-mate", TeammateArgs(**part["mate"], **owner))
            pulumi.export(f"{name}_hook_id", hook.webhook_id)
            pulumi.export(f"{name}_public_key", hook.public_key)
            pulumi.export(f"{name}_mx", parse.mx_record)
            pulumi.export(f"{name}_mate", {"status": mate.status, "username": mate.username})
        pulumi.export("account_id", acct.account_id)

    return program


def v3(emulator: Emulator, method: str, path: str, body: Any = None, behalf: str = "") -> Any:
    headers = {"Authorization": f"Bearer {EMULATOR_KEY}"}
    if behalf:
        headers["on-behalf-of"] = behalf
    resp = emulator.http.request(method, f"{emulator.url}{path}", json=body, headers=headers)
    assert resp.status_code < 300, resp.text
    return resp.json() if resp.content else None


def outputs_of(stack: auto.Stack, name: str) -> dict[str, Any]:
    """The outputs the state holds for the resource ``name``."""
    for resource in stack.export_stack().deployment["resources"]:
        if resource["urn"].endswith(f"::{name}"):
            return dict(resource.get("outputs", {}))
    raise AssertionError(f"no resource {name} in the state")


def hooks(emulator: Emulator) -> dict[str, dict[str, Any]]:
    return {h["id"]: h for h in emulator.state()["event_webhooks"]}


def parse_settings(emulator: Emulator) -> dict[str, dict[str, Any]]:
    return {p["hostname"]: p for p in emulator.state()["parse_settings"]}


def team(emulator: Emulator) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Invitations and teammates (the accounts' owners left out), by email."""
    state = emulator.state()
    pending = {i["email"]: i for i in state["teammate_invitations"]}
    mates = {t["email"]: t for t in state["teammates"] if t.get("user_type") != "owner"}
    return pending, mates


def test_integrations_for_a_subuser_an_account_and_the_parent(
    make_stack: StackFactory, emulator: Emulator, receiver: Receiver
) -> None:
    from sendgrid.helpers.eventwebhook import EventWebhook as Verifier
    from sendgrid.helpers.eventwebhook import EventWebhookHeader

    cfg = initial(receiver.url)
    stack = make_stack(program_for(cfg), env=emulator.env())
    lines: list[str] = []

    up = stack.up(on_output=lines.append)
    assert change_summary(up) == {"create": 12}
    out = {k: v.value for k, v in up.outputs.items()}
    account_behalf = f"account-id {out['account_id']}"
    behalf = {"sub": "shop-int", "acct": account_behalf, "parent": ""}
    ids = {name: out[f"{name}_hook_id"] for name in OWNERS}
    remote = hooks(emulator)
    assert set(remote) == set(ids.values())
    assert remote[ids["sub"]]["owner"] == "shop-int" and remote[ids["parent"]]["owner"] is None
    assert remote[ids["acct"]]["owner"] not in (None, "shop-int")
    assert remote[ids["sub"]]["signed"] is True and remote[ids["acct"]]["signed"] is False
    assert out["sub_public_key"] == remote[ids["sub"]]["public_key"] != ""
    assert out["parent_public_key"] == ""
    assert remote[ids["acct"]]["oauth_client_secret_set"] is True
    assert (remote[ids["sub"]]["delivered"], remote[ids["sub"]]["open"]) == (True, False)
    assert out["acct_mx"] == {
        "type": "MX",
        "host": "parse.acct.example.com",
        "data": "mx.sendgrid.net",
        "priority": 10,
    }
    assert parse_settings(emulator)["parse.parent.example.com"]["spam_check"] is True
    pending, mates = team(emulator)
    assert set(pending) == {m["mate"]["email"] for m in cfg.values()} and not mates
    assert sorted(pending["dev@shop.example.com"]["scopes"]) == ["mail.send", "stats.read"]
    assert out["sub_mate"] == {"status": "pending", "username": None}
    assert OAUTH_SECRET not in stored_state_text(stack) and OAUTH_SECRET not in "".join(lines)

    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 12}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 12}
    # Scopes are a set: another order is no change.
    cfg["sub"]["mate"]["scopes"] = ["mail.send", "stats.read"]
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 12}

    # The emulator's signed test event verifies with the public_key output.
    v3(
        emulator,
        "POST",
        "/v3/user/webhooks/event/test",
        {"id": ids["sub"], "url": receiver.url},
        behalf="shop-int",
    )
    assert len(receiver.received) == 1
    payload, headers = receiver.received[0]
    verifier = Verifier()
    key = verifier.convert_public_key_to_ecdsa(out["sub_public_key"])
    signature = headers[EventWebhookHeader.SIGNATURE.lower()]
    timestamp = headers[EventWebhookHeader.TIMESTAMP.lower()]
    assert verifier.verify_signature(payload.decode(), signature, timestamp, key) is True
    assert verifier.verify_signature(payload.decode() + " ", signature, timestamp, key) is False
    assert json.loads(payload)[0]["event"] in ("delivered", "bounce")

    # In place: every argument of a webhook, a parse setting, a pending teammate's scopes.
    cfg["sub"]["hook"] |= {"friendly_name": "shop events 2", "open": True, "bounce": False}
    cfg["acct"]["hook"] = {"url": "https://hooks.acct.example.com/v2", "open": True}
    cfg["parent"]["hook"] |= {"signed": True, "enabled": False}
    cfg["sub"]["parse"] |= {"url": "https://in2.shop.example.com", "send_raw": True}
    cfg["sub"]["mate"]["scopes"] = ["mail.send"]
    old_token = pending["dev@shop.example.com"]["token"]
    up = stack.up(on_output=lines.append)
    assert change_summary(up) == {"same": 7, "update": 5}
    out = {k: v.value for k, v in up.outputs.items()}
    assert {name: out[f"{name}_hook_id"] for name in OWNERS} == ids
    remote = hooks(emulator)
    assert remote[ids["sub"]]["friendly_name"] == "shop events 2"
    assert (remote[ids["sub"]]["open"], remote[ids["sub"]]["bounce"]) == (True, False)
    acct_hook = remote[ids["acct"]]
    assert acct_hook["url"] == "https://hooks.acct.example.com/v2"
    assert not acct_hook.get("oauth_client_id") and not acct_hook["oauth_client_secret_set"]
    assert remote[ids["parent"]]["signed"] is True and remote[ids["parent"]]["enabled"] is False
    assert out["parent_public_key"] == remote[ids["parent"]]["public_key"] != ""
    assert parse_settings(emulator)["parse.shop.example.com"]["send_raw"] is True
    pending, _ = team(emulator)
    assert pending["dev@shop.example.com"]["scopes"] == ["mail.send"]
    assert pending["dev@shop.example.com"]["token"] != old_token  # invited again
    assert len(pending) == 3
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 12}

    # The invitees accept: a refresh moves the teammates from pending to active.
    for name, username in (("sub", "shop-dev"), ("acct", "acct-admin"), ("parent", "ops1")):
        resp = emulator.http.post(
            f"{emulator.url}/_emulator/teammates/accept",
            json={"email": cfg[name]["mate"]["email"], "username": username},
            headers={"on-behalf-of": behalf[name]} if behalf[name] else {},
        )
        assert resp.status_code == 201, resp.text
    # The engine counts no change for outputs alone; the state holds the new ones.
    assert change_summary(stack.refresh(on_output=lines.append)) == {"same": 12}
    assert outputs_of(stack, "sub-mate")["status"] == "active"
    assert outputs_of(stack, "sub-mate")["username"] == "shop-dev"
    assert outputs_of(stack, "acct-mate")["username"] == "acct-admin"
    assert outputs_of(stack, "sub-mate").get("token") is None
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 12}

    # An active teammate's scopes change with PATCH.
    cfg["sub"]["mate"]["scopes"] = ["mail.send", "alerts.read"]
    assert change_summary(stack.up(on_output=lines.append)) == {"same": 11, "update": 1}
    pending, mates = team(emulator)
    assert not pending and set(mates) == {m["mate"]["email"] for m in cfg.values()}
    assert sorted(mates["dev@shop.example.com"]["granted"]) == ["alerts.read", "mail.send"]
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 12}

    # Drift made outside Pulumi: refresh shows it, up repairs it.
    drifted = copy.deepcopy(cfg["sub"]["hook"])
    drifted |= {"enabled": False, "click": True, "friendly_name": "renamed"}
    drifted.pop("signed")
    v3(emulator, "PATCH", f"/v3/user/webhooks/event/settings/{ids['sub']}", drifted, "shop-int")
    v3(
        emulator,
        "PATCH",
        f"/v3/user/webhooks/event/settings/signed/{ids['parent']}",
        {"enabled": False},
    )
    v3(
        emulator,
        "PATCH",
        "/v3/user/webhooks/parse/settings/parse.acct.example.com",
        {"url": "https://elsewhere.example.com", "spam_check": True},
        account_behalf,
    )
    v3(
        emulator,
        "PATCH",
        "/v3/teammates/ops1",
        {"is_admin": False, "scopes": ["stats.read"]},
    )
    refresh = stack.refresh(on_output=lines.append)
    assert change_summary(refresh) == {"same": 8, "update": 4}
    preview = stack.preview(on_output=lines.append)
    assert change_summary(preview) == {"same": 8, "update": 4}
    assert change_summary(stack.up(on_output=lines.append)) == {"same": 8, "update": 4}
    remote = hooks(emulator)
    assert remote[ids["sub"]]["enabled"] is True and remote[ids["sub"]]["click"] is False
    assert remote[ids["sub"]]["friendly_name"] == "shop events 2"
    assert remote[ids["parent"]]["signed"] is True
    assert parse_settings(emulator)["parse.acct.example.com"]["url"] == (
        "https://in.acct.example.com"
    )
    _, mates = team(emulator)
    assert mates["ops@parent.example.com"]["granted"] == ["alerts.read"]
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 12}

    # Deleted outside Pulumi: refresh drops them, up makes them again.
    v3(emulator, "DELETE", f"/v3/user/webhooks/event/settings/{ids['parent']}")
    v3(emulator, "DELETE", "/v3/teammates/shop-dev", behalf="shop-int")
    assert change_summary(stack.refresh(on_output=lines.append)) == {"same": 10, "delete": 2}
    assert change_summary(stack.up(on_output=lines.append)) == {"same": 10, "create": 2}
    pending, _ = team(emulator)
    assert set(pending) == {"dev@shop.example.com"}

    assert change_summary(stack.destroy(on_output=lines.append)) == {"delete": 12}
    state = emulator.state()
    assert state["event_webhooks"] == [] and state["parse_settings"] == []
    assert state["teammate_invitations"] == []
    assert [t for t in state["teammates"] if t.get("user_type") != "owner"] == []
    assert OAUTH_SECRET not in "".join(lines)


def test_an_account_tenant_owns_its_integrations(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    def program() -> None:
        from pulumi_sendgrid_reseller.components import Tenant, TenantAccount, TenantArgs

        tenant = Tenant(
            "umbrella",
            TenantArgs(
                kind="account",
                email="admin@umbrella.example.com",
                account=TenantAccount(offerings=[FREE]),
                event_webhooks={
                    "ops": {"url": "https://hooks.umbrella.example.com", "signed": True}
                },
                inbound_parse=[
                    {"hostname": "parse.umbrella.example.com", "url": "https://in.x.io"}
                ],
                teammates=[{"email": "dev@umbrella.example.com", "is_admin": True}],
            ),
        )
        pulumi.export("account_id", tenant.username)
        pulumi.export("public_key", tenant.event_webhooks["ops"].public_key)
        pulumi.export("mx", tenant.inbound_parse["parse.umbrella.example.com"].mx_record)
        pulumi.export("mate", tenant.teammates["dev@umbrella.example.com"].status)

    stack = make_stack(program, env=emulator.env())
    up = stack.up(on_output=print)
    # The stack, the component, the account, its webhook, parse setting and teammate.
    assert change_summary(up) == {"create": 6}
    state = emulator.state()
    (hook,) = state["event_webhooks"]
    (parse,) = state["parse_settings"]
    (invitation,) = state["teammate_invitations"]
    owner = hook["owner"]
    assert owner is not None and parse["owner"] == owner == invitation["owner"]
    assert up.outputs["public_key"].value == hook["public_key"] != ""
    assert up.outputs["mx"].value["host"] == "parse.umbrella.example.com"
    assert (up.outputs["mate"].value, invitation["is_admin"]) == ("pending", True)
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 6}
    assert change_summary(stack.destroy(on_output=print)) == {"delete": 6}
    state = emulator.state()
    assert state["event_webhooks"] == state["parse_settings"] == []
    assert state["teammate_invitations"] == [] and state["partner_accounts"] == []


BAD_INPUT = [
    ("EventWebhook", {"url": "ftp://hooks.example.com"}, "url: must be an http(s) URL"),
    (
        "EventWebhook",
        {"url": "https://hooks.example.com", "oauth_client_id": "only-the-id"},
        "oauth_token_url: OAuth needs oauth_client_id, oauth_client_secret and oauth_token_url",
    ),
    (
        "InboundParse",
        {"hostname": "not a hostname", "url": "https://in.example.com"},
        "hostname: must be a hostname",
    ),
    (
        "Teammate",
        {"email": "a@team.example.com", "is_admin": True, "scopes": ["mail.send"]},
        "scopes: must not be given when is_admin is true",
    ),
    (
        "Teammate",
        {"email": "b@team.example.com", "scopes": ["mail.sendd"]},
        "scopes: unknown scope(s) 'mail.sendd'",
    ),
    (
        "Teammate",
        {"email": "c@team.example.com", "subuser_access": [{"id": 1}]},
        "subuser_access: no call SendGrid documents grants a teammate access to subusers",
    ),
    (
        "Teammate",
        {"email": "d@team.example.com", "subuser": "someone", "account": "acc-1"},
        "subuser: must not be given together with account",
    ),
]


@pytest.mark.parametrize(("kind", "args", "message"), BAD_INPUT)
def test_bad_input_fails_the_preview_naming_field_and_rule(
    make_stack: StackFactory, emulator: Emulator, kind: str, args: dict[str, Any], message: str
) -> None:
    def program() -> None:
        import pulumi_sendgrid_reseller

        getattr(pulumi_sendgrid_reseller, kind)("bad", **args)

    stack = make_stack(program, env=emulator.env())
    with pytest.raises(auto.CommandError) as info:
        stack.preview(on_output=print)
    assert message in str(info.value)
    assert emulator.request_log()["counts"] == {}
