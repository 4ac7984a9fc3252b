"""Sender authentication rules, named at preview, and the diff of each argument."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_sendgrid_reseller.client import DnsRecord, DomainCreate
from pulumi_sendgrid_reseller.resources._domain_authentication import (
    DomainAuthenticationProvider,
)
from pulumi_sendgrid_reseller.resources._link_branding import LinkBrandingProvider
from pulumi_sendgrid_reseller.resources._sender_auth import records_output
from pulumi_sendgrid_reseller.resources._sender_validation import (
    DomainAuthenticationValidationProvider,
)


def failures(provider: Any, news: dict[str, Any]) -> dict[str, str]:
    result = provider.check({}, {"__provider": "x", **news})
    return {f.property: f.reason for f in result.failures}


@pytest.mark.parametrize(
    ("news", "field", "rule"),
    [
        ({"domain": "not a domain"}, "domain", "must be a domain name"),
        ({"domain": "localhost"}, "domain", "must be a domain name"),
        ({"domain": "-bad.example.com"}, "domain", "must be a domain name"),
        ({"domain": "example.com", "subdomain": "a b"}, "subdomain", "host label"),
        (
            {"domain": "example.com", "custom_dkim_selector": "abcd"},
            "custom_dkim_selector",
            "three letters or digits",
        ),
        (
            {"domain": "example.com", "custom_dkim_selector": "a-1"},
            "custom_dkim_selector",
            "three letters or digits",
        ),
        ({"domain": "example.com", "custom_spf": True}, "custom_spf", "automatic_security"),
        ({"domain": "example.com", "subuser": "ann", "account": "a1"}, "subuser", "account"),
        (
            {"domain": "example.com", "associated_subusers": [f"u{i}" for i in range(6)]},
            "associated_subusers",
            "at most 5",
        ),
        (
            {"domain": "example.com", "associated_subusers": ["u1", "u1"]},
            "associated_subusers",
            "twice",
        ),
        (
            {"domain": "example.com", "subuser": "ann", "associated_subusers": ["u1"]},
            "associated_subusers",
            "parent's own",
        ),
        ({"domain": "example.com", "region": "mars"}, "region", "global"),
        ({"domain": "example.com", "ips": ["300.1.1.1"]}, "ips[0]", "valid IP"),
    ],
)
def test_domain_bad_input_names_field_and_rule(news: dict[str, Any], field: str, rule: str) -> None:
    found = failures(DomainAuthenticationProvider(), news)
    assert field in found, found
    assert rule in found[field]
    assert found[field].startswith(field.split("[")[0])


def test_link_bad_input_names_field_and_rule() -> None:
    found = failures(LinkBrandingProvider(), {"domain": "exa mple.com", "region": "global"})
    assert "must be a domain name" in found["domain"]
    assert "'us'" in found["region"]
    both = failures(
        LinkBrandingProvider(), {"domain": "example.com", "subuser": "a", "account": "1"}
    )
    assert "account" in both["subuser"]


def test_good_input_is_normalised() -> None:
    result = DomainAuthenticationProvider().check(
        {}, {"domain": "Mail.Example.COM.", "custom_dkim_selector": "SG1", "subdomain": "EM"}
    )
    assert not result.failures
    assert result.inputs["domain"] == "mail.example.com"
    assert result.inputs["custom_dkim_selector"] == "sg1"
    assert result.inputs["automatic_security"] is True
    manual = DomainAuthenticationProvider().check(
        {}, {"domain": "example.com", "automatic_security": False, "custom_spf": True}
    )
    assert not manual.failures


def test_validation_timeout_rule() -> None:
    found = failures(
        DomainAuthenticationValidationProvider(), {"domain_id": 3, "timeout_seconds": -1}
    )
    assert "greater than or equal to 0" in found["timeout_seconds"]
    assert "domain_id" in failures(DomainAuthenticationValidationProvider(), {})


BASE: dict[str, Any] = {
    "domain": "example.com",
    "subdomain": "em",
    "automatic_security": True,
    "custom_spf": False,
    "default": False,
    "adopt": False,
}


@pytest.mark.parametrize(
    ("change", "replaces"),
    [
        ({"default": True}, []),
        ({"automatic_security": False, "custom_spf": True}, ["automatic_security"]),
        ({"domain": "example.org"}, ["domain"]),
        ({"subdomain": "mail"}, ["subdomain"]),
        ({"custom_dkim_selector": "abc"}, ["custom_dkim_selector"]),
        ({"region": "eu"}, ["region"]),
        ({"ips": ["192.0.2.1"]}, ["ips"]),
        ({"account": "acc-1"}, ["account"]),
        ({"subuser": "ann"}, ["subuser"]),
        ({"associated_subusers": ["ann"]}, []),
    ],
)
def test_domain_diff_in_place_or_replace(change: dict[str, Any], replaces: list[str]) -> None:
    olds = {**BASE, "domain_id": 7, "valid": False, "dns_records": {}}
    result = DomainAuthenticationProvider().diff("7", olds, {**BASE, **change})
    assert result.changes
    assert sorted(result.replaces or []) == sorted(replaces)


def test_domain_diff_nothing_changes() -> None:
    olds = {**BASE, "domain_id": 7, "valid": True, "dns_records": {"dkim1": {}}}
    assert not DomainAuthenticationProvider().diff("7", olds, dict(BASE)).changes


def test_validation_found_invalid_by_refresh_is_validated_again() -> None:
    news = {"domain_id": 7, "timeout_seconds": 5}
    provider = DomainAuthenticationValidationProvider()
    valid = {**news, "adopt": False, "valid": True}
    assert not provider.diff("7", valid, news).changes
    again = provider.diff("7", {**valid, "valid": False}, news)
    assert again.changes and not again.replaces
    assert provider.diff("7", valid, {**news, "domain_id": 8}).replaces == ["domain_id"]


def test_records_output_is_keyed_by_sendgrid_names() -> None:
    dns = {
        "dkim2": DnsRecord(valid=False, type="cname", host="s2._domainkey.example.com", data="b"),
        "mail_cname": DnsRecord(valid=True, type="cname", host="em.example.com", data="a"),
    }
    out = records_output(dns)
    assert list(out) == ["dkim2", "mail_cname"]
    assert out["mail_cname"] == {
        "type": "cname",
        "host": "em.example.com",
        "data": "a",
        "valid": True,
    }


def test_create_body_leaves_unset_fields_out() -> None:
    body = DomainCreate(domain="example.com", subdomain="em").to_json()
    assert body == {
        "domain": "example.com",
        "subdomain": "em",
        "automatic_security": True,
        "custom_spf": False,
        "default": False,
    }
