"""The classes Python typing cannot derive agree with the field tables they mirror.

Each resource's ``...Args`` dataclass, its keyword-form constructor and its output
annotations are typed out for IDEs; this test fails as soon as one of them disagrees with
the input model derived from the resource's field table.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from typing import Any

import pulumi
import pytest

from pulumi_sendgrid_reseller import components
from pulumi_sendgrid_reseller.client._fields import CustomerProfileFields
from pulumi_sendgrid_reseller.resources import (
    ApiKey,
    ApiKeyArgs,
    Customer,
    CustomerArgs,
    CustomerIpAssignment,
    CustomerIpAssignmentArgs,
    Subuser,
    SubuserArgs,
    SubuserCredits,
    SubuserCreditsArgs,
    SubuserMonitor,
    SubuserMonitorArgs,
)
from pulumi_sendgrid_reseller.resources._base import BaseProvider, InputModel
from pulumi_sendgrid_reseller.resources._resource import resource_args
from pulumi_sendgrid_reseller.resources.api_key import ApiKeyInputs, ApiKeyProvider
from pulumi_sendgrid_reseller.resources.customer import CustomerInputs, CustomerProvider
from pulumi_sendgrid_reseller.resources.customer_ip_assignment import (
    CustomerIpAssignmentInputs,
    CustomerIpAssignmentProvider,
)
from pulumi_sendgrid_reseller.resources.subuser import SubuserInputs, SubuserProvider
from pulumi_sendgrid_reseller.resources.subuser_credits import (
    SubuserCreditsInputs,
    SubuserCreditsProvider,
)
from pulumi_sendgrid_reseller.resources.subuser_monitor import (
    SubuserMonitorInputs,
    SubuserMonitorProvider,
)

RESOURCES: list[tuple[type, type, type[InputModel], type[BaseProvider]]] = [
    (Customer, CustomerArgs, CustomerInputs, CustomerProvider),
    (
        CustomerIpAssignment,
        CustomerIpAssignmentArgs,
        CustomerIpAssignmentInputs,
        CustomerIpAssignmentProvider,
    ),
    (Subuser, SubuserArgs, SubuserInputs, SubuserProvider),
    (SubuserMonitor, SubuserMonitorArgs, SubuserMonitorInputs, SubuserMonitorProvider),
    (SubuserCredits, SubuserCreditsArgs, SubuserCreditsInputs, SubuserCreditsProvider),
    (ApiKey, ApiKeyArgs, ApiKeyInputs, ApiKeyProvider),
]
# Inputs that are not outputs (an ApiKey's own key is its output ``api_key``).
CREDENTIALS = {"api_user", "api_key", "api_url", "parent_api_key"}


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _keyword_overload(resource: type) -> inspect.Signature:
    overloads = typing.get_overloads(resource.__init__)
    assert len(overloads) == 2, f"{resource.__name__}: expected the two constructor forms"
    return inspect.signature(overloads[1])


@pytest.mark.parametrize(
    ("resource", "args", "inputs", "provider"), RESOURCES, ids=[r[0].__name__ for r in RESOURCES]
)
def test_typed_classes_agree_with_the_table(
    resource: type, args: type, inputs: type[InputModel], provider: type[BaseProvider]
) -> None:
    arg_fields = {f.name: f for f in dataclasses.fields(args)}
    model_fields = inputs.model_fields
    assert set(arg_fields) == set(model_fields), f"{args.__name__} vs {inputs.__name__}"
    for name, info in model_fields.items():
        assert _required(arg_fields[name]) == info.is_required(), f"{args.__name__}.{name}"

    outputs = {name for name, hint in resource.__annotations__.items() if "Output" in str(hint)}
    assert outputs == (set(model_fields) - CREDENTIALS) | set(provider.computed)

    keyword = _keyword_overload(resource)
    params = {name: p for name, p in keyword.parameters.items() if p.kind is p.KEYWORD_ONLY}
    assert set(params) == set(arg_fields), f"{resource.__name__}: keyword constructor"
    for name, p in params.items():
        f = arg_fields[name]
        assert str(p.annotation) == str(f.type), f"{resource.__name__}({name}=...)"
        assert (p.default is inspect.Parameter.empty) == _required(f), name


def test_tenant_keyword_constructor_and_profile_agree() -> None:
    tenant_fields = {f.name: f for f in dataclasses.fields(components.TenantArgs)}
    keyword = _keyword_overload(components.Tenant)
    params = {n: p for n, p in keyword.parameters.items() if p.kind is p.KEYWORD_ONLY}
    assert set(params) == set(tenant_fields)
    for name, p in params.items():
        assert str(p.annotation) == str(tenant_fields[name].type), name
    # A customer tenant's profile: the table's profile, plus what only reseller.add takes.
    profile = {f.name for f in dataclasses.fields(components.CustomerProfile)}
    assert profile == set(CustomerProfileFields.model_fields) | {
        "package",
        "whitelabel",
        "website_access",
    }
    assert profile <= set(CustomerInputs.model_fields)


def test_both_constructor_forms_give_the_same_arguments() -> None:
    opts = pulumi.ResourceOptions(protect=True)
    given = SubuserMonitorArgs(subuser="s", email="m@example.com", frequency=5)
    assert resource_args(SubuserMonitorArgs, (given, opts), {}) == (given, opts)
    assert resource_args(SubuserMonitorArgs, (given,), {"opts": opts}) == (given, opts)
    assert resource_args(SubuserMonitorArgs, (), {"args": given}) == (given, None)
    built = resource_args(
        SubuserMonitorArgs, (opts,), {"subuser": "s", "email": "m@example.com", "frequency": 5}
    )
    assert built == (given, opts)
    assert resource_args(
        SubuserMonitorArgs, (), {"subuser": "s", "email": "m@example.com", "frequency": 5}
    ) == (given, None)


@pytest.mark.parametrize(
    ("positional", "keywords", "message"),
    [
        ((), {"subuser": "s", "email": "m@example.com"}, "frequency: is required"),
        (
            (),
            {"subuser": "s", "email": "e", "frequency": 1, "freqency": 2},
            "freqency: not an argument of SubuserMonitorArgs",
        ),
        ((SubuserMonitorArgs(subuser="s", email="e", frequency=1),), {"email": "x"}, "not both"),
        (("not-options",), {}, "opts: must be a pulumi.ResourceOptions"),
        ((), {"args": {"subuser": "s"}}, "args: must be a SubuserMonitorArgs"),
    ],
)
def test_constructor_misuse_names_the_argument(
    positional: tuple[Any, ...], keywords: dict[str, Any], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        resource_args(SubuserMonitorArgs, positional, keywords)
