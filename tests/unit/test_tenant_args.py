"""TenantArgs: built from plain data or typed, and the combinations it refuses."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_sendgrid_reseller.components import (
    CustomerProfile,
    TenantAccount,
    TenantApiKey,
    TenantArgs,
    TenantCredits,
    TenantDomain,
    TenantMonitor,
)

PROFILE: dict[str, Any] = {
    "first_name": "Ada",
    "last_name": "Byron",
    "address": "1 Example Way",
    "city": "Springfield",
    "state": "CA",
    "zip": "90210",
    "country": "US",
    "phone": "555-0100",
    "website": "acme.example.com",
}


def test_from_dict_builds_typed_args() -> None:
    customer = TenantArgs.from_dict(
        {
            "kind": "customer",
            "username": "acme-mail",
            "email": "a@example.com",
            "ips": ["192.0.2.10"],
            "profile": {**PROFILE, "company": "Acme"},
            "enabled": False,
        },
        password="password-123",
    )
    assert isinstance(customer.profile, CustomerProfile)
    assert customer.profile.company == "Acme"
    assert customer.enabled is False and customer.monitor is None
    subuser = TenantArgs.from_dict(
        {
            "kind": "subuser",
            "username": "news",
            "email": "n@example.com",
            "ips": ["198.51.100.10"],
            "monitor": {"email": "m@example.com", "frequency": 5},
        },
        password="password-123",
    )
    assert subuser.monitor == TenantMonitor(email="m@example.com", frequency=5)


def test_from_dict_builds_an_account_tenant() -> None:
    account = TenantArgs.from_dict(
        {
            "kind": "account",
            "email": "admin@example.com",
            "account": {
                "offerings": [{"name": "org.ei.free.v1", "type": "package"}],
                "timezone": "Asia/Tokyo",
            },
        },
        password="ignored-for-accounts",
    )
    assert account.account == TenantAccount(
        offerings=[{"name": "org.ei.free.v1", "type": "package"}], timezone="Asia/Tokyo"
    )
    assert account.username is None and account.password is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "reseller", "username": "u", "email": "e@x.io"}, "tenant.kind: must be"),
        ({"kind": "customer", "username": "u", "email": "e@x.io"}, "tenant.profile: is required"),
        ({"kind": "subuser", "username": "u", "email": "e@x.io"}, "tenant.ips: a subuser"),
        ({"kind": "subuser", "username": "u", "email": "e@x.io", "ips": []}, "tenant.ips: a sub"),
        (
            {"kind": "subuser", "username": "u", "email": "e@x.io", "ips": ["192.0.2.1"], "x": 1},
            "tenant: unknown key(s) x",
        ),
        (
            {"kind": "customer", "username": "u", "email": "e@x.io", "profile": {"city": "c"}},
            "tenant.profile: missing key(s) address, country",
        ),
        (
            {
                "kind": "customer",
                "username": "u",
                "email": "e@x.io",
                "profile": PROFILE,
                "monitor": {"email": "m@example.com", "frequency": 5},
            },
            "tenant.monitor: applies to subuser tenants only",
        ),
        (
            {
                "kind": "customer",
                "username": "u",
                "email": "e@x.io",
                "profile": PROFILE,
                "ips": ["192.0.2.1"],
                "all_ips": True,
            },
            "tenant.ips: must not be given when all_ips is true",
        ),
        ({"kind": "customer", "email": "e@x.io"}, "tenant.username: is required"),
        ({"kind": "account", "email": "e@x.io"}, "tenant.account: is required"),
        (
            {"kind": "account", "email": "e@x.io", "account": {"timezone": "UTC"}},
            "tenant.account: missing key(s) offerings",
        ),
        (
            {
                "kind": "account",
                "email": "e@x.io",
                "username": "u",
                "account": {"offerings": []},
            },
            "tenant.username: does not apply to an account tenant",
        ),
        (
            {
                "kind": "subuser",
                "username": "u",
                "email": "e@x.io",
                "ips": ["192.0.2.1"],
                "account": {"offerings": []},
            },
            "tenant.account: applies to account tenants only",
        ),
    ],
)
def test_from_dict_refuses_what_cannot_work(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as info:
        TenantArgs.from_dict(data, password="password-123")
    assert str(info.value).startswith(message), str(info.value)


SUBUSER_TENANT: dict[str, Any] = {
    "kind": "subuser",
    "username": "t",
    "email": "news@acme.example.com",
    "ips": ["198.51.100.10"],
    "monitor": {"email": "compliance@acme.example.com", "frequency": 50},
    "credits": {"type": "nonrecurring", "total": 300},
    "api_keys": [{"name": "app", "scopes": ["mail.send"]}, {"name": "stats"}],
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "customer", "profile": {}}, "applies to subuser tenants only"),
        ({"api_keys": [{"name": "a"}, {"name": "a"}]}, "api_keys: every key needs a distinct"),
        ({"api_keys": [{"name": "a", "scope": ["mail.send"]}]}, "api_keys[0]: unknown key"),
        ({"credits": {"type": "recurring", "totl": 5}}, "credits: unknown key(s) totl"),
        ({"api_keys": {"name": "a"}}, "api_keys: must be a list of objects"),
    ],
)
def test_subuser_tenant_args_refuse_what_cannot_work(change: dict[str, Any], message: str) -> None:
    data = {**SUBUSER_TENANT, **change}
    if data["kind"] == "customer":
        data.pop("ips")
        data.pop("monitor")
        data["profile"] = {
            "first_name": "A",
            "last_name": "B",
            "address": "1 Way",
            "city": "C",
            "state": "S",
            "zip": "1",
            "country": "US",
            "phone": "1",
            "website": "w.example.com",
        }
    with pytest.raises(ValueError) as info:
        TenantArgs.from_dict(data, password="Tenant-pass-1234")
    assert message in str(info.value)


def test_typed_tenant_args() -> None:
    args = TenantArgs(
        kind="subuser",
        username="t",
        email="t@example.com",
        password="Tenant-pass-1234",
        ips=["198.51.100.10"],
        credits=TenantCredits(type="unlimited"),
        api_keys=[TenantApiKey(name="app")],
    )
    assert args.credits is not None and args.credits.type == "unlimited"
    assert [k.name for k in args.api_keys or ()] == ["app"]


def test_from_dict_builds_a_tenant_domain_without_its_dns_function() -> None:
    data = {
        "kind": "subuser",
        "username": "news",
        "email": "news@example.com",
        "ips": ["192.0.2.1"],
        "domain": {"name": "news.example.com", "subdomain": "em", "link_subdomain": "links"},
    }
    args = TenantArgs.from_dict(data, password="Password-1234")
    assert args.domain == TenantDomain(
        name="news.example.com", subdomain="em", link_subdomain="links"
    )
    assert args.domain.dns is None  # a function: the program adds it
    with pytest.raises(ValueError, match=r"tenant\.domain: unknown key\(s\) dns"):
        TenantArgs.from_dict({**data, "domain": {"name": "a.example.com", "dns": "x"}})
    with pytest.raises(ValueError, match=r"tenant\.domain\.name: is required"):
        TenantArgs.from_dict({**data, "domain": {"subdomain": "em"}})
    with pytest.raises(ValueError, match=r"tenant\.domain: must be an object"):
        TenantArgs.from_dict({**data, "domain": "news.example.com"})
