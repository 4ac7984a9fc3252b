"""The classes Python typing cannot derive agree with the field tables they mirror.

Each resource's ``...Args`` (a ``TypedDict``, which both constructor forms use) and its
output annotations are typed out for IDEs; this test fails as soon as one of them disagrees
with the input model derived from the resource's field table.
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
    Account,
    AccountArgs,
    ApiKey,
    ApiKeyArgs,
    Customer,
    CustomerArgs,
    CustomerIpAssignment,
    CustomerIpAssignmentArgs,
    DomainAuthentication,
    DomainAuthenticationArgs,
    EventWebhook,
    EventWebhookArgs,
    InboundParse,
    InboundParseArgs,
    LinkBranding,
    LinkBrandingArgs,
    Subuser,
    SubuserArgs,
    SubuserCredits,
    SubuserCreditsArgs,
    SubuserMonitor,
    SubuserMonitorArgs,
    Teammate,
    TeammateArgs,
)
from pulumi_sendgrid_reseller.resources._base import BaseProvider, InputModel
from pulumi_sendgrid_reseller.resources._resource import ConnectionArgs, resource_args
from pulumi_sendgrid_reseller.resources.account import AccountInputs, AccountProvider
from pulumi_sendgrid_reseller.resources.api_key import ApiKeyInputs, ApiKeyProvider
from pulumi_sendgrid_reseller.resources.customer import CustomerInputs, CustomerProvider
from pulumi_sendgrid_reseller.resources.customer_ip_assignment import (
    CustomerIpAssignmentInputs,
    CustomerIpAssignmentProvider,
)
from pulumi_sendgrid_reseller.resources.domain_authentication import (
    DomainAuthenticationInputs,
    DomainAuthenticationProvider,
)
from pulumi_sendgrid_reseller.resources.event_webhook import (
    EventWebhookInputs,
    EventWebhookProvider,
)
from pulumi_sendgrid_reseller.resources.inbound_parse import (
    InboundParseInputs,
    InboundParseProvider,
)
from pulumi_sendgrid_reseller.resources.link_branding import (
    LinkBrandingInputs,
    LinkBrandingProvider,
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
from pulumi_sendgrid_reseller.resources.teammate import TeammateInputs, TeammateProvider

RESOURCES: list[tuple[type, type, type[InputModel], type[BaseProvider]]] = [
    (Account, AccountArgs, AccountInputs, AccountProvider),
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
    (
        DomainAuthentication,
        DomainAuthenticationArgs,
        DomainAuthenticationInputs,
        DomainAuthenticationProvider,
    ),
    (LinkBranding, LinkBrandingArgs, LinkBrandingInputs, LinkBrandingProvider),
    (EventWebhook, EventWebhookArgs, EventWebhookInputs, EventWebhookProvider),
    (InboundParse, InboundParseArgs, InboundParseInputs, InboundParseProvider),
    (Teammate, TeammateArgs, TeammateInputs, TeammateProvider),
]
# Inputs that are not outputs (an ApiKey's own key is its output ``api_key``).
CREDENTIALS = {"api_user", "api_key", "api_url", "parent_api_key"}


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _keys(args: Any) -> set[str]:
    return set(args.__required_keys__ | args.__optional_keys__)


def _same(what: str, typed: set[str], table: set[str]) -> None:
    """Fail naming the fields ``what`` lacks or has beyond the table."""
    missing, extra = sorted(table - typed), sorted(typed - table)
    assert not missing and not extra, f"{what}: missing {missing}, not in the table {extra}"


def _forms(resource: type) -> tuple[inspect.Signature, inspect.Signature]:
    overloads = typing.get_overloads(resource.__init__)
    assert len(overloads) == 2, f"{resource.__name__}: expected the two constructor forms"
    return inspect.signature(overloads[0]), inspect.signature(overloads[1])


def _unpacked(signature: inspect.Signature) -> str:
    """The annotation of the keyword form's ``**`` parameter."""
    var_kw = [p for p in signature.parameters.values() if p.kind is p.VAR_KEYWORD]
    assert len(var_kw) == 1, signature
    return str(var_kw[0].annotation)


@pytest.mark.parametrize(
    ("resource", "args", "inputs", "provider"), RESOURCES, ids=[r[0].__name__ for r in RESOURCES]
)
def test_typed_classes_agree_with_the_table(
    resource: type, args: Any, inputs: type[InputModel], provider: type[BaseProvider]
) -> None:
    model_fields = inputs.model_fields
    _same(args.__name__, _keys(args), set(model_fields))
    for name, info in model_fields.items():
        assert (name in args.__required_keys__) == info.is_required(), f"{args.__name__}.{name}"

    outputs = {name for name, hint in resource.__annotations__.items() if "Output" in str(hint)}
    _same(
        f"{resource.__name__} outputs",
        outputs,
        (set(model_fields) - CREDENTIALS) | set(provider.computed),
    )

    # Both constructor forms take the same TypedDict: one list of fields.
    by_args, by_keywords = _forms(resource)
    assert by_args.parameters["args"].annotation is args
    assert _unpacked(by_keywords) == str(typing.Unpack[args])
    keyword_only = [p for p in by_keywords.parameters.values() if p.kind is p.KEYWORD_ONLY]
    assert not keyword_only, f"{resource.__name__}: keyword arguments beside its {args.__name__}"


def test_tenant_keyword_constructor_and_profile_agree() -> None:
    tenant_fields = {f.name: f for f in dataclasses.fields(components.TenantArgs)}
    _, by_keywords = _forms(components.Tenant)
    params = {
        p.name: str(p.annotation)
        for p in by_keywords.parameters.values()
        if p.kind is p.KEYWORD_ONLY
    }
    assert _unpacked(by_keywords) == "Unpack[ConnectionArgs]"
    assert set(params) | _keys(ConnectionArgs) == set(tenant_fields)
    assert not set(params) & _keys(ConnectionArgs)
    for name, annotation in params.items():
        assert annotation == str(tenant_fields[name].type), name
    # A customer tenant's profile: the table's profile, plus what only reseller.add takes.
    profile = {f.name for f in dataclasses.fields(components.CustomerProfile)}
    _same(
        "CustomerProfile",
        profile,
        set(CustomerProfileFields.model_fields) | {"package", "whitelabel", "website_access"},
    )
    assert profile <= set(CustomerInputs.model_fields)


def test_tenant_account_agrees_with_the_account_arguments() -> None:
    # An account tenant: the account's arguments, its profile but the email (the tenant's).
    from pulumi_sendgrid_reseller.client._fields import AccountProfileFields
    from pulumi_sendgrid_reseller.resources import AccountProfileArgs

    part = {f.name for f in dataclasses.fields(components.TenantAccount)}
    profile = _keys(AccountProfileArgs)
    assert profile == set(AccountProfileFields.model_fields)
    assert part == (profile - {"email"}) | {"offerings", "test_account"}


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
        ((), {"args": "s"}, "args: must be a SubuserMonitorArgs"),
        # The arguments object gets the same checks as the keywords (a plain dict too).
        (({"subuser": "s"},), {}, "email, frequency: is required"),
        ((), {"args": {"subuser": "s", "email": "e", "frequency": 1, "mail": 2}}, "mail: not an"),
    ],
)
def test_constructor_misuse_names_the_argument(
    positional: tuple[Any, ...], keywords: dict[str, Any], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        resource_args(SubuserMonitorArgs, positional, keywords)
