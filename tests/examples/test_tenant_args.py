"""TenantArgs rules and the emulator table printer, without the engine."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Emulator
from pulumi_sendgrid_reseller.components import (
    CustomerProfile,
    TenantAccount,
    TenantArgs,
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


def load_table_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "emulator_table", Path(ROOT / "scripts" / "emulator_table.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_emulator_table(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    table = load_table_module()
    assert table.main([emulator.url]) == 0
    assert "(no accounts)" in capsys.readouterr().out

    emulator.v3(
        "POST",
        "/subusers",
        {
            "username": "news",
            "email": "n@example.com",
            "password": "pw-123456",
            "ips": ["192.0.2.10"],
        },
    )
    emulator.v3("POST", "/subusers/news/monitor", {"email": "m@example.com", "frequency": 7})
    emulator.v3("PATCH", "/subusers/news", {"disabled": True})
    assert table.main([emulator.url]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["ACCOUNT", "KIND", "STATUS", "IPS", "MONITOR"]
    assert lines[1].split() == [
        "news",
        "subuser",
        "disabled",
        "192.0.2.10",
        "every",
        "7",
        "to",
        "m@example.com",
    ]
    assert "IP inventory: 40 IPs, 1 in use, 39 free" in out

    assert table.main(["http://127.0.0.1:9"]) == 1
