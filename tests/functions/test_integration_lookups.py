"""get_event_webhooks and get_teammates (and their _output twins) against the emulator, for
a subuser, an account and the parent."""

from __future__ import annotations

import pulumi
import pytest
import requests

import pulumi_sendgrid_reseller as sg
from conftest import EMULATOR_KEY, EMULATOR_USER, Emulator, StackFactory

FREE = {"name": "org.ei.free.v1", "type": "package"}


@pytest.fixture
def creds(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    for name, value in emulator.env().items():
        monkeypatch.setenv(name, value)
    return emulator


def as_owner(emulator: Emulator, behalf: str, method: str, path: str, body: object) -> None:
    headers = {"Authorization": f"Bearer {EMULATOR_KEY}"}
    if behalf:
        headers["on-behalf-of"] = behalf
    resp = requests.request(method, f"{emulator.url}/v3/{path}", json=body, headers=headers)
    assert resp.status_code < 300, resp.text


def seed(emulator: Emulator) -> str:
    """A webhook and an accepted teammate for a subuser, an account and the parent."""
    emulator.v3(
        "POST",
        "subusers",
        {
            "username": "shop-look",
            "email": "s@shop.example.com",
            "password": "Subuser-pass-1234",
            "ips": ["192.0.2.10"],
        },
    )
    account = emulator.v3("POST", "partners/accounts", {"offerings": [FREE]})["account_id"]
    owners = {"sub": "shop-look", "acct": f"account-id {account}", "parent": ""}
    for name, behalf in owners.items():
        hook = {"url": f"https://hooks.example.com/{name}", "delivered": True}
        as_owner(emulator, behalf, "POST", "user/webhooks/event/settings", hook)
        invite = {"email": f"{name}@team.example.com", "scopes": ["mail.send"], "is_admin": False}
        as_owner(emulator, behalf, "POST", "teammates", invite)
        resp = requests.post(
            f"{emulator.url}/_emulator/teammates/accept",
            json={"email": f"{name}@team.example.com", "username": f"{name}-mate"},
            headers={"on-behalf-of": behalf} if behalf else {},
        )
        assert resp.status_code == 201, resp.text
    return str(account)


def test_each_owner_sees_its_own(creds: Emulator) -> None:
    account = seed(creds)
    for kwargs, name in (
        ({"subuser": "shop-look"}, "sub"),
        ({"account": account}, "acct"),
        ({}, "parent"),
    ):
        hooks = sg.get_event_webhooks(**kwargs)
        assert [h.url for h in hooks] == [f"https://hooks.example.com/{name}"]
        assert hooks[0].reported()["delivered"] is True and not hooks[0].is_signed
        mates = [t for t in sg.get_teammates(**kwargs) if t.user_type != "owner"]
        assert [(t.username, t.email) for t in mates] == [
            (f"{name}-mate", f"{name}@team.example.com")
        ]
    with pytest.raises(ValueError, match="subuser: must not be given together with account"):
        sg.get_teammates(subuser="shop-look", account=account)


def test_output_twins_in_a_program(make_stack: StackFactory, emulator: Emulator) -> None:
    seed(emulator)

    def program() -> None:
        sub = pulumi.Output.from_input("shop-look")
        pulumi.export(
            "hooks", sg.get_event_webhooks_output(subuser=sub).apply(lambda f: [h.url for h in f])
        )
        pulumi.export(
            "mates",
            sg.get_teammates_output(subuser=sub).apply(
                lambda f: [t.username for t in f if t.user_type != "owner"]
            ),
        )

    config = {
        "sendgrid-reseller:apiUser": EMULATOR_USER,
        "sendgrid-reseller:apiKey": (EMULATOR_KEY, True),
        "sendgrid-reseller:apiUrl": emulator.url,
    }
    outputs = make_stack(program, config=config).up().outputs
    assert outputs["hooks"].value == ["https://hooks.example.com/sub"]
    assert outputs["mates"].value == ["sub-mate"]
