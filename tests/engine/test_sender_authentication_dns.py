"""Sender authentication composed with DNS, through the real engine: the emulator validates
by real DNS queries against a local DNS server (its ``--dns-resolver``).

- Records published outside the program (another team's DNS): validation fails naming each
  record while DNS lacks it, succeeds once they resolve, and a record removed from DNS
  shows at the next ``up --refresh``, named.
- A tenant whose records the program creates in that DNS through the ``Record`` resource:
  the first preview shows them, one ``up`` validates, a second changes nothing, destroy
  leaves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest
import requests
from pulumi import automation as auto

from conftest import EMULATOR_KEY, Emulator, StackFactory, change_summary
from localdns import LocalDnsServer, RecordsClient

PASSWORD = "Subuser-pass-1234"
ZONE = "shop.example.com"


def use_dns(emulator: Emulator, dns: LocalDnsServer) -> None:
    resp = emulator.http.put(
        f"{emulator.url}/_emulator/dns-resolver", json={"resolver": dns.dns_address}
    )
    assert resp.status_code == 200, resp.text


def sendgrid_records(emulator: Emulator, owner: str) -> dict[str, dict[str, Any]]:
    """Every record SendGrid asks the owner to publish (its domains and links)."""
    headers = {"Authorization": f"Bearer {EMULATOR_KEY}", "on-behalf-of": owner}
    found: dict[str, dict[str, Any]] = {}
    for what in ("domains", "links"):
        resp = requests.get(f"{emulator.url}/v3/whitelabel/{what}", headers=headers, timeout=10)
        assert resp.status_code == 200, resp.text
        for item in resp.json():
            found.update(item["dns"])
    return found


def outputs_of(stack: auto.Stack, kind: str) -> dict[str, Any]:
    """The outputs in the state of the one resource of that type."""
    (found,) = [
        r["outputs"]
        for r in stack.export_stack().deployment["resources"]
        if r["type"].endswith(f":{kind}")
    ]
    return dict(found)


def explicit_program(timeout: float) -> Callable[[], None]:
    def program() -> None:
        import pulumi_sendgrid_reseller as sg

        shop = sg.Subuser(
            "shop",
            username="shop-mail",
            email="ops@shop.example.com",
            password=PASSWORD,
            ips=["192.0.2.10"],
        )
        auth = sg.DomainAuthentication("shop-domain", domain=ZONE, subdomain="em", subuser=shop)
        links = sg.LinkBranding("shop-links", domain=ZONE, subdomain="links", subuser=shop)
        sg.DomainAuthenticationValidation(
            "shop-domain-valid", domain_authentication=auth, timeout_seconds=timeout
        )
        sg.LinkBrandingValidation("shop-links-valid", link_branding=links, timeout_seconds=timeout)
        pulumi.export("records", auth.dns_records)

    return program


def test_validation_follows_dns(
    make_stack: StackFactory, emulator: Emulator, local_dns: LocalDnsServer
) -> None:
    use_dns(emulator, local_dns)
    stack = make_stack(explicit_program(timeout=3), env=emulator.env())
    with pytest.raises(auto.errors.CommandError) as info:
        stack.up(on_output=lambda _line: None)
    text = str(info.value)
    wanted = sendgrid_records(emulator, "shop-mail")
    assert set(wanted) == {"mail_cname", "dkim1", "dkim2", "domain_cname", "owner_cname"}
    for name, record in wanted.items():
        assert f"{name}: CNAME {record['host']} -> {record['data']}" in text, name

    # The team publishes them (outside this program): the next up validates.
    dns = RecordsClient(local_dns.api_url)
    made = {
        name: dns.create(ZONE, record["host"], "CNAME", record["data"])
        for name, record in wanted.items()
    }
    up = stack.up(on_output=lambda _line: None)
    assert change_summary(up) == {"same": 4, "create": 2}
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 6}
    # A refresh records what SendGrid now says of the domain (valid), a change of
    # outputs only: no change to show.
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 6}
    assert outputs_of(stack, "DomainAuthentication")["valid"] is True
    validation = outputs_of(stack, "DomainAuthenticationValidation")
    assert validation["valid"] is True
    assert set(validation["validation_results"]) >= {"mail_cname", "dkim1", "dkim2"}
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 6}

    # A record removed from DNS is drift: the next up --refresh validates again, naming it.
    assert dns.delete(made["dkim1"].id)
    with pytest.raises(auto.errors.CommandError) as info:
        stack.up(refresh=True, on_output=lambda _line: None)
    text = str(info.value)
    assert f"dkim1: CNAME {wanted['dkim1']['host']} -> {wanted['dkim1']['data']}" in text
    for other in ("dkim2", "mail_cname"):
        assert f"{other}: CNAME {wanted[other]['host']}" not in text, other

    dns.create(ZONE, wanted["dkim1"]["host"], "CNAME", wanted["dkim1"]["data"])
    # Back in DNS: the refresh finds it valid again, nothing left to do.
    up = stack.up(refresh=True, on_output=lambda _line: None)
    assert change_summary(up) == {"same": 6}
    assert outputs_of(stack, "DomainAuthenticationValidation")["valid"] is True
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 6}

    stack.destroy(on_output=lambda _line: None)
    state = emulator.state()
    assert state["domains"] == [] and state["links"] == []


def tenant_program(dns_api: str) -> Callable[[], None]:
    def program() -> None:
        import pulumi_sendgrid_reseller as sg
        from localdns.record import Record

        def local_record(record: sg.TenantDnsRecord) -> pulumi.Resource:
            return Record(
                record.name,
                zone=record.zone,
                name=record.host,
                type=record.type,
                value=record.data,
                api_url=dns_api,
                opts=pulumi.ResourceOptions(parent=record.parent),
            )

        tenant = sg.Tenant(
            "shop",
            kind="subuser",
            username="shop-mail",
            email="ops@shop.example.com",
            password=PASSWORD,
            ips=["192.0.2.10"],
            domain=sg.TenantDomain(
                name=ZONE, subdomain="em", link_subdomain="links", dns=local_record
            ),
        )
        pulumi.export("dns_records", tenant.dns_records)

    return program


def test_tenant_records_in_the_programs_dns(
    make_stack: StackFactory, emulator: Emulator, local_dns: LocalDnsServer
) -> None:
    use_dns(emulator, local_dns)
    stack = make_stack(tenant_program(local_dns.api_url), env=emulator.env())
    preview = stack.preview()
    # The records are known before anything exists: the preview shows them all.
    assert change_summary(preview) == {"create": 12}

    up = stack.up(on_output=lambda _line: None)
    # The stack, the tenant, its subuser, domain, links, 5 records, 2 validations.
    assert change_summary(up) == {"create": 12}
    records = up.outputs["dns_records"].value
    assert set(records) == {"mail_cname", "dkim1", "dkim2", "domain_cname", "owner_cname"}
    published = {r.name: r.value for r in RecordsClient(local_dns.api_url).list(zone=ZONE)}
    for record in records.values():
        assert published[record["host"]] == record["data"]
    # What the validations found, not what the domain and links reported before their
    # records were published.
    assert all(record["valid"] is True for record in records.values()), records

    assert change_summary(stack.up(on_output=lambda _line: None)) == {"same": 12}
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 12}

    stack.destroy(on_output=lambda _line: None)
    assert RecordsClient(local_dns.api_url).list(zone=ZONE) == []
    state = emulator.state()
    assert state["domains"] == [] and state["links"] == []
