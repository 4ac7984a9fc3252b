"""get_domain_authentications and get_link_brandings (and their _output twins) for the
parent, a subuser and an account, against the emulator."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

import pulumi_sendgrid_reseller as sg
from conftest import EMULATOR_KEY, EMULATOR_USER, Emulator, StackFactory

FREE = {"name": "org.ei.free.v1", "type": "package"}


def on_behalf(emulator: Emulator, who: str, path: str, body: dict[str, Any]) -> Any:
    resp = emulator.http.post(
        f"{emulator.url}/v3/{path}",
        json=body,
        headers={"Authorization": f"Bearer {EMULATOR_KEY}", "on-behalf-of": who},
    )
    assert resp.status_code < 300, resp.text
    return resp.json()


@pytest.fixture
def owners(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A domain and a link branding each for the parent, subuser ``shop`` and an account."""
    for name, value in emulator.env().items():
        monkeypatch.setenv(name, value)
    emulator.v3(
        "POST",
        "subusers",
        {
            "username": "shop",
            "email": "ops@shop.example.com",
            "password": "Pass-word-123",
            "ips": ["192.0.2.10"],
        },
    )
    account = emulator.v3(
        "POST", "partners/accounts", {"offerings": [FREE], "profile": {"email": "a@x.io"}}
    )["account_id"]
    ids: dict[str, Any] = {"account": account}
    for who, domain in (
        (None, "example.com"),
        ("shop", "shop.example.com"),
        (f"account-id {account}", "acct.example.com"),
    ):
        for what, sub in (("domains", "em"), ("links", "links")):
            body = {"domain": domain, "subdomain": sub}
            made = (
                emulator.v3("POST", f"whitelabel/{what}", body)
                if who is None
                else on_behalf(emulator, who, f"whitelabel/{what}", body)
            )
            ids[f"{who or 'parent'}/{what}"] = made["id"]
    return ids


def test_each_owner_sees_its_own(owners: dict[str, Any]) -> None:
    account = owners["account"]
    parent = sg.get_domain_authentications()
    assert [d.domain for d in parent] == ["example.com"]
    assert set(parent[0].dns) == {"mail_cname", "dkim1", "dkim2"}
    everyone = sg.get_domain_authentications(include_subusers=True)
    assert {d.domain for d in everyone} >= {"example.com", "shop.example.com"}
    shop = sg.get_domain_authentications(subuser="shop")
    assert [d.id for d in shop] == [owners["shop/domains"]]
    acct = sg.get_domain_authentications(account=account)
    assert [d.domain for d in acct] == ["acct.example.com"]
    assert sg.get_domain_authentications(subuser="shop", domain="other.example.com") == []

    links = sg.get_link_brandings(subuser="shop")
    assert [link.id for link in links] == [owners["shop/links"]]
    assert set(links[0].dns) == {"domain_cname", "owner_cname"}
    assert [link.domain for link in sg.get_link_brandings(account=account)] == ["acct.example.com"]
    assert [link.domain for link in sg.get_link_brandings(domain="EXAMPLE.com")] == ["example.com"]
    with pytest.raises(ValueError, match="subuser: must not be given together with account"):
        sg.get_link_brandings(subuser="shop", account=account)


def test_output_twins_in_a_program(
    make_stack: StackFactory, emulator: Emulator, owners: dict[str, Any]
) -> None:
    def program() -> None:
        shop = pulumi.Output.from_input("shop")
        pulumi.export(
            "domains",
            sg.get_domain_authentications_output(subuser=shop).apply(
                lambda found: [d.domain for d in found]
            ),
        )
        pulumi.export(
            "links",
            sg.get_link_brandings_output(account=owners["account"]).apply(
                lambda found: [link.domain for link in found]
            ),
        )

    config = {
        "sendgrid-reseller:apiUser": EMULATOR_USER,
        "sendgrid-reseller:apiKey": (EMULATOR_KEY, True),
        "sendgrid-reseller:apiUrl": emulator.url,
    }
    outputs = make_stack(program, config=config).up().outputs
    assert outputs["domains"].value == ["shop.example.com"]
    assert outputs["links"].value == ["acct.example.com"]
