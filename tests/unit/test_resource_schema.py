"""The schema-driven provider behaviour: check, diff, unknowns, secrets, pickling."""

from __future__ import annotations

from typing import Any

import dill
import pytest
from pulumi.output import Unknown
from pulumi.runtime import rpc

from profiles import customer_inputs
from pulumi_sendgrid_reseller import ProviderError
from pulumi_sendgrid_reseller.resources._customer import (
    CustomerInputs,
    CustomerProvider,
)
from pulumi_sendgrid_reseller.resources._customer_ip_assignment import (
    CustomerIpAssignmentProvider,
)
from pulumi_sendgrid_reseller.resources._subuser import SubuserInputs, SubuserProvider
from pulumi_sendgrid_reseller.resources._subuser_monitor import (
    SubuserMonitorInputs,
    SubuserMonitorProvider,
)

CUSTOMER: dict[str, Any] = customer_inputs(
    "acme", "Password-1234", email="ops@acme.example.com", package="Pro"
)


def failures(
    provider: Any, news: dict[str, Any], olds: dict[str, Any] | None = None
) -> dict[str, str]:
    result = provider.check(olds or {}, {"__provider": "x", **news})
    found = {}
    for failure in result.failures:
        field = failure.reason.split(":", 1)[0]
        # A secret field is named in the reason only: the engine prints a property's value.
        assert failure.property == ("" if field in ("password", "confirm_password") else field)
        found[field] = failure.reason
    return found


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("username", "u" * 65, "at most 64 characters"),
        ("username", "", "at least 1 character"),
        ("username", "a b", "must not contain spaces"),
        ("username", "me@sendgrid.com", "cannot contain sendgrid.com"),
        ("email", "not-an-email", "valid email"),
        ("email", "a" * 60 + "@example.com", "at most 64 characters"),
        ("password", "short", "at least 8 characters"),
        ("password", "p" * 129, "no more than 128 characters"),
        ("first_name", "f" * 51, "at most 50 characters"),
        ("first_name", "   ", "must not be empty"),
        ("address", "a" * 101, "at most 100 characters"),
        ("zip", "9" * 51, "at most 50 characters"),
        ("website", "w" * 256, "at most 255 characters"),
        ("billing_date", "2026-13-40", "date"),
        ("enabled", "perhaps", "boolean"),
        ("enabled", "yes", "must be true or false"),
        ("website_access", "off", "must be true or false"),
        ("free_user", "1", "must be true or false"),
    ],
)
def test_customer_check_names_field_and_rule(field: str, value: Any, rule: str) -> None:
    found = failures(CustomerProvider(), {**CUSTOMER, field: value})
    assert list(found) == [field]
    assert found[field].startswith(f"{field}: ")
    assert rule in found[field]


def test_check_reports_every_broken_rule_and_keeps_secrets_out() -> None:
    found = failures(
        CustomerProvider(),
        {**CUSTOMER, "email": "x", "password": "abc", "first_name": "f" * 60, "colour": "blue"},
    )
    assert set(found) == {"email", "password", "first_name", "colour"}
    assert "is not an argument" in found["colour"]
    assert all("abc" not in reason for reason in found.values())


def test_check_fills_defaults_and_missing_fields_are_named() -> None:
    result = CustomerProvider().check({}, {"__provider": "x", **CUSTOMER})
    assert result.failures == []
    assert result.inputs["enabled"] is True and result.inputs["website_access"] is True
    assert result.inputs["adopt"] is False
    missing = failures(CustomerProvider(), {"username": "acme"})
    assert missing["email"] == "email: is required"


def test_unknowns_pass_check_and_come_back_unknown() -> None:
    news = {**CUSTOMER, "username": Unknown(), "email": Unknown()}
    result = CustomerProvider().check({}, {"__provider": "x", **news})
    assert result.failures == []
    assert result.inputs["username"] == rpc.UNKNOWN
    assert result.inputs["enabled"] is True
    bad = {**news, "first_name": "f" * 51}
    assert list(failures(CustomerProvider(), bad)) == ["first_name"]


def test_frequency_rules_and_float_ints() -> None:
    base = {"subuser": "s", "email": "a@b.example.com"}
    assert (
        "greater than 0"
        in failures(SubuserMonitorProvider(), {**base, "frequency": 0})["frequency"]
    )
    assert (
        "greater than 0"
        in failures(SubuserMonitorProvider(), {**base, "frequency": -5})["frequency"]
    )
    assert "integer" in failures(SubuserMonitorProvider(), {**base, "frequency": 2.5})["frequency"]
    result = SubuserMonitorProvider().check({}, {**base, "frequency": 500.0})
    assert result.failures == [] and result.inputs["frequency"] == 500
    olds = {**base, "frequency": 500, "adopt": False}
    assert SubuserMonitorProvider().diff("s", olds, {**olds, "frequency": 500.0}).changes is False


def test_ip_rules() -> None:
    found = failures(
        CustomerIpAssignmentProvider(), {"customer": "c", "ips": ["192.0.2.1", "300.1.1.1"]}
    )
    assert found == {"ips[1]": "ips[1]: must be a valid IP address"}
    both = failures(CustomerIpAssignmentProvider(), {"customer": "c", "ips": [], "all_ips": True})
    assert "ips" in both and "all_ips" in both["ips"]
    dup = failures(
        CustomerIpAssignmentProvider(), {"customer": "c", "ips": ["192.0.2.1", "192.0.2.1"]}
    )
    assert dup == {"ips": "ips: must not contain duplicates"}
    region = failures(
        SubuserProvider(),
        {
            "username": "s",
            "email": "a@b.example.com",
            "password": "Password-1",
            "ips": ["192.0.2.1"],
            "region": "mars",
        },
    )
    assert list(region) == ["region"] and "'global' or 'eu'" in region["region"]
    no_ips = failures(
        SubuserProvider(),
        {"username": "s", "email": "a@b.example.com", "password": "Password-1", "ips": []},
    )
    assert "at least 1 item" in no_ips["ips"]


def checked(provider: Any, news: dict[str, Any]) -> dict[str, Any]:
    result = provider.check({}, news)
    assert result.failures == []
    return dict(result.inputs)


def test_customer_diff_update_versus_replace() -> None:
    olds = checked(CustomerProvider(), CUSTOMER) | {"user_id": 7, "active": True}
    news = checked(
        CustomerProvider(), {**CUSTOMER, "first_name": "Grace", "password": "Another-1234"}
    )
    diff = CustomerProvider().diff("7", olds, news)
    assert diff.changes is True and diff.replaces == []

    same = CustomerProvider().diff("7", olds, checked(CustomerProvider(), CUSTOMER))
    assert same.changes is False

    with pytest.raises(ProviderError, match=r"reserved.*package|package.*reserved"):
        CustomerProvider().diff(
            "7", olds, checked(CustomerProvider(), {**CUSTOMER, "package": "Gold"})
        )

    renamed = checked(CustomerProvider(), {**CUSTOMER, "package": "Gold", "username": "acme2"})
    diff = CustomerProvider().diff("7", olds, renamed)
    assert diff.replaces == ["package"] and diff.delete_before_replace is False


def test_subuser_replacement_keeping_username_deletes_first() -> None:
    sub = {
        "username": "s",
        "email": "a@b.example.com",
        "password": "Password-1",
        "ips": ["192.0.2.1"],
    }
    olds = checked(SubuserProvider(), sub) | {"user_id": 3}
    diff = SubuserProvider().diff("3", olds, checked(SubuserProvider(), {**sub, "region": "eu"}))
    assert diff.replaces == ["region"] and diff.delete_before_replace is True
    for field, value in (
        ("username", "t"),
        ("email", "n@b.example.com"),
        ("password", "Password-2"),
    ):
        diff = SubuserProvider().diff("3", olds, checked(SubuserProvider(), {**sub, field: value}))
        assert diff.changes is True and diff.replaces == [], field  # in place, on its behalf
        assert diff.stables == ["user_id"], field
    reordered = checked(SubuserProvider(), {**sub, "ips": ["192.0.2.1"]})
    assert SubuserProvider().diff("3", olds, reordered).changes is False
    diff = SubuserProvider().diff("3", olds, checked(SubuserProvider(), {**sub, "disabled": True}))
    assert diff.changes is True and diff.replaces == []


def test_unknown_in_diff_counts_as_change() -> None:
    sub = {
        "username": "s",
        "email": "a@b.example.com",
        "password": "Password-1",
        "ips": ["192.0.2.1"],
    }
    olds = checked(SubuserProvider(), sub)
    diff = SubuserProvider().diff("3", olds, {**olds, "region": rpc.UNKNOWN})
    assert diff.changes is True and diff.replaces == ["region"]
    diff = SubuserProvider().diff("3", olds, {**olds, "username": rpc.UNKNOWN})
    assert diff.changes is True and diff.replaces == []
    diff = SubuserProvider().diff("3", olds, {**olds, "ips": [Unknown()]})
    assert diff.changes is True and diff.replaces == []


@pytest.mark.parametrize(
    "provider",
    [
        CustomerProvider(),
        CustomerIpAssignmentProvider(),
        SubuserProvider(),
        SubuserMonitorProvider(),
    ],
)
def test_providers_pickle_small_and_hold_nothing(provider: Any) -> None:
    assert vars(provider) == {}
    assert len(dill.dumps(provider, recurse=True)) < 300


def test_secret_fields() -> None:
    assert set(CustomerInputs.secret_fields()) == {"password", "confirm_password", "api_key"}
    assert set(SubuserInputs.secret_fields()) == {"password", "api_key"}
    assert SubuserMonitorInputs.secret_fields() == ["api_key"]
