"""Sender authentication through the real engine against the emulator: domain
authentication and link branding on behalf of a subuser, an account and the parent;
no change after up and refresh; in place and replaced; drift; bad input at preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import requests
from pulumi import automation as auto

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary

PASSWORD = "Subuser-pass-1234"
FREE = {"name": "org.ei.free.v1", "type": "package"}


def v3(emulator: Emulator, method: str, path: str, owner: str | None = None) -> Any:
    """A v3 call made as any SendGrid client would, on behalf of ``owner`` when given."""
    headers = {"Authorization": f"Bearer {EMULATOR_KEY}"}
    if owner is not None:
        headers["on-behalf-of"] = owner
    resp = requests.request(method, f"{emulator.url}/v3/{path}", headers=headers, timeout=10)
    return resp.status_code, (resp.json() if resp.content else None)


def domains_of(emulator: Emulator, owner: str | None) -> dict[int, dict[str, Any]]:
    status, body = v3(emulator, "GET", "whitelabel/domains?exclude_subusers=true", owner)
    assert status == 200, body
    return {int(d["id"]): d for d in body}


def links_of(emulator: Emulator, owner: str | None) -> dict[int, dict[str, Any]]:
    status, body = v3(emulator, "GET", "whitelabel/links", owner)
    assert status == 200, body
    return {int(link["id"]): link for link in body}


def program_for(cfg: dict[str, Any]) -> Callable[[], None]:
    def program() -> None:
        import pulumi_sendgrid_reseller as sg

        shop = sg.Subuser(
            "shop",
            username="shop-mail",
            email="ops@shop.example.com",
            password=PASSWORD,
            ips=["192.0.2.10"],
        )
        helper = sg.Subuser(
            "helper",
            username="helper-mail",
            email="ops@helper.example.com",
            password=PASSWORD,
            ips=["192.0.2.11"],
        )
        acct = sg.Account("acct", offerings=[FREE], profile={"email": "ops@acct.example.com"})
        shop_domain = sg.DomainAuthentication(
            "shop-domain", domain="shop.example.com", subdomain="em", subuser=shop
        )
        acct_domain = sg.DomainAuthentication(
            "acct-domain", domain="acct.example.com", account=acct, **cfg["acct_domain"]
        )
        # The subusers the parent's domain is associated with are named by username: the
        # domain waits for them as a program says so.
        after_subusers = pulumi.ResourceOptions(depends_on=[shop, helper])
        parent_domain = sg.DomainAuthentication(
            "parent-domain",
            sg.DomainAuthenticationArgs(domain="example.com", **cfg["parent_domain"]),
            after_subusers,
        )
        shop_links = sg.LinkBranding(
            "shop-links", domain="shop.example.com", subdomain="links", subuser=shop
        )
        acct_links = sg.LinkBranding(
            "acct-links", domain="acct.example.com", subdomain="links", account=acct
        )
        parent_links = sg.LinkBranding(
            "parent-links", after_subusers, domain="example.com", **cfg["parent_links"]
        )
        pulumi.export("account_id", acct.account_id)
        for name, res in [
            ("shop_domain", shop_domain),
            ("acct_domain", acct_domain),
            ("parent_domain", parent_domain),
        ]:
            pulumi.export(name, res.domain_id)
            pulumi.export(f"{name}_records", res.dns_records)
        for name, link in [
            ("shop_links", shop_links),
            ("acct_links", acct_links),
            ("parent_links", parent_links),
        ]:
            pulumi.export(name, link.link_id)
            pulumi.export(f"{name}_records", link.dns_records)

    return program


def test_domains_and_links_of_each_owner(make_stack: StackFactory, emulator: Emulator) -> None:
    cfg: dict[str, Any] = {
        "acct_domain": {},
        "parent_domain": {"subdomain": "em", "associated_subusers": ["shop-mail"]},
        "parent_links": {"subdomain": "links"},
    }
    stack = make_stack(program_for(cfg), env=emulator.env())
    up = stack.up(on_output=lambda _line: None)
    assert change_summary(up) == {"create": 10}
    out = {k: v.value for k, v in up.outputs.items()}
    account = f"account-id {out['account_id']}"

    # Each object is its owner's, made on its behalf.
    assert set(domains_of(emulator, "shop-mail")) == {int(out["shop_domain"])}
    assert set(domains_of(emulator, account)) == {int(out["acct_domain"])}
    assert set(domains_of(emulator, None)) == {int(out["parent_domain"])}
    assert set(links_of(emulator, "shop-mail")) == {int(out["shop_links"])}
    assert set(links_of(emulator, account)) == {int(out["acct_links"])}
    assert set(links_of(emulator, None)) == {int(out["parent_links"])}
    # The parent's domain is lent to the subuser.
    status, lent = v3(emulator, "GET", "whitelabel/domains/subuser/all?username=shop-mail")
    assert status == 200 and [int(d["id"]) for d in lent] == [int(out["parent_domain"])]

    # dns_records: keyed by SendGrid's names, as SendGrid answers them.
    records = out["shop_domain_records"]
    assert set(records) == {"mail_cname", "dkim1", "dkim2"}
    assert records["mail_cname"]["host"] == "em.shop.example.com"
    assert set(records["mail_cname"]) == {"type", "host", "data", "valid"}
    assert set(out["parent_links_records"]) == {"domain_cname", "owner_cname"}
    sendgrid = domains_of(emulator, "shop-mail")[int(out["shop_domain"])]["dns"]
    assert records["dkim1"]["data"] == sendgrid["dkim1"]["data"]

    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 10}
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 10}
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 10}

    # In place: default and custom_spf (PATCH), the association (one more subuser).
    emulator.clear_log()
    cfg["parent_domain"] = {
        "subdomain": "em",
        "default": True,
        "associated_subusers": ["shop-mail", "helper-mail"],
    }
    cfg["parent_links"] = {"subdomain": "links", "default": True}
    up = stack.up(on_output=lambda _line: None)
    assert change_summary(up) == {"same": 8, "update": 2}
    assert domains_of(emulator, None)[int(out["parent_domain"])]["default"] is True
    assert links_of(emulator, None)[int(out["parent_links"])]["default"] is True
    status, lent = v3(emulator, "GET", "whitelabel/domains/subuser/all?username=helper-mail")
    assert [int(d["id"]) for d in lent] == [int(out["parent_domain"])]
    counts = emulator.request_log()["counts"]
    domain_id, link_id = out["parent_domain"], out["parent_links"]
    assert counts[f"PATCH /v3/whitelabel/domains/{domain_id}"] == 1
    assert counts[f"PATCH /v3/whitelabel/links/{link_id}"] == 1
    assert counts[f"POST /v3/whitelabel/domains/{domain_id}/subuser:add"] == 1
    assert "POST /v3/whitelabel/domains" not in counts  # nothing replaced
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 10}

    # Manual security with a custom SPF: a replacement (security mode), then PATCH in place.
    cfg["acct_domain"] = {"automatic_security": False, "custom_spf": True}
    up = stack.up(on_output=lambda _line: None)
    assert change_summary(up) == {"same": 9, "replace": 1}
    acct_domains = domains_of(emulator, account)
    assert len(acct_domains) == 1
    (new_domain,) = acct_domains.values()
    assert new_domain["automatic_security"] is False and new_domain["custom_spf"] is True
    assert {"mail_server", "dkim"} <= set(up.outputs["acct_domain_records"].value)
    cfg["acct_domain"] = {"automatic_security": False, "custom_spf": False}
    up = stack.up(on_output=lambda _line: None)
    assert change_summary(up) == {"same": 9, "update": 1}
    assert domains_of(emulator, account)[int(new_domain["id"])]["custom_spf"] is False

    # Drift: the subuser's link branding deleted outside Pulumi is re-created.
    status, _ = v3(emulator, "DELETE", f"whitelabel/links/{out['shop_links']}", "shop-mail")
    assert status == 204
    refreshed = stack.refresh(on_output=lambda _line: None)
    assert change_summary(refreshed).get("delete") == 1
    up = stack.up(on_output=lambda _line: None)
    assert change_summary(up) == {"same": 9, "create": 1}
    assert len(links_of(emulator, "shop-mail")) == 1

    stack.destroy(on_output=lambda _line: None)
    assert domains_of(emulator, None) == {} and links_of(emulator, None) == {}
    state = emulator.state()
    assert not state.get("domains") and not state.get("links")


def one(resource: str, **args: Any) -> Callable[[], None]:
    def program() -> None:
        import pulumi_sendgrid_reseller as sg

        getattr(sg, resource)("bad", **args)

    return program


CASES: list[tuple[str, Callable[[], None], tuple[str, ...]]] = [
    ("not a domain", one("DomainAuthentication", domain="not a domain"), ("domain", "domain name")),
    (
        "selector",
        one("DomainAuthentication", domain="example.com", custom_dkim_selector="abcd"),
        ("custom_dkim_selector", "three letters or digits"),
    ),
    (
        "custom SPF with automatic security",
        one("DomainAuthentication", domain="example.com", custom_spf=True),
        ("custom_spf", "automatic_security"),
    ),
    (
        "subuser and account",
        one("DomainAuthentication", domain="example.com", subuser="shop", account="acc1"),
        ("subuser", "account"),
    ),
    (
        "six associated subusers",
        one(
            "DomainAuthentication",
            domain="example.com",
            associated_subusers=[f"user{i}" for i in range(6)],
        ),
        ("associated_subusers", "at most 5"),
    ),
    (
        "link domain",
        one("LinkBranding", domain="example..com"),
        ("domain", "domain name"),
    ),
    (
        "link owner twice",
        one("LinkBranding", domain="example.com", subuser="shop", account="acc1"),
        ("subuser", "account"),
    ),
]


def test_bad_input_fails_at_preview(make_stack: StackFactory, emulator: Emulator) -> None:
    stack = make_stack(one("LinkBranding", domain="example.com"), env=emulator.env())
    emulator.clear_log()
    missed: list[str] = []
    for label, program, words in CASES:
        try:
            stack.preview(program=program)
        except auto.errors.CommandError as exc:
            text = str(exc)
            if not all(word in text for word in words):
                missed.append(f"{label}: {words} not in the error:\n{text[-1500:]}")
        else:
            missed.append(f"{label}: the preview passed")
    assert not missed, "\n\n".join(missed)
    assert emulator.request_log()["requests"] == []  # nothing reached SendGrid
