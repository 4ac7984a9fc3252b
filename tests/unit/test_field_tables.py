"""The generated classes agree with their schema, and what is still typed by hand too.

Each resource's ``XArgs`` and ``X`` are generated from its schema (``test_generated.py``
fails when a generated file is stale); this checks what the generator promises: every
input an argument with the derived requiredness and type, every output declared, both
constructor forms taking the one ``TypedDict``. The ``Tenant`` component's arguments are
still typed by hand: checked against the tables they mirror.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Sequence
from typing import Any

import pulumi
import pytest

import pulumi_sendgrid_reseller as package
from pulumi_sendgrid_reseller import _codegen, components
from pulumi_sendgrid_reseller.client._fields import CustomerProfileFields
from pulumi_sendgrid_reseller.resources import SubuserMonitorArgs
from pulumi_sendgrid_reseller.resources._connection_args import ConnectionArgs
from pulumi_sendgrid_reseller.resources._customer import CustomerInputs
from pulumi_sendgrid_reseller.resources._resource import resource_args

RESOURCES = _codegen.discover()


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


@pytest.mark.parametrize("found", RESOURCES, ids=[r.schema.name for r in RESOURCES])
def test_generated_classes_agree_with_the_schema(found: _codegen.Resource) -> None:
    schema = found.schema
    resource, args = getattr(package, schema.name), getattr(package, f"{schema.name}Args")
    assert resource.provider_type is found.provider
    fields = {name: schema.inputs.model_fields[name] for name in schema.argument_inputs()}
    _same(args.__name__, _keys(args), set(fields) | set(schema.arguments))
    # The names a type may use (an argument inherited from a mixin's TypedDict, such as a
    # Sequence, is typed in the mixin's module).
    module = {"Any": Any, "Literal": typing.Literal, "Sequence": Sequence}
    module |= vars(inspect.getmodule(resource))
    hints = {
        name: typing.get_args(hint)[0] if typing.get_origin(hint) is typing.Required else hint
        for name, hint in args.__annotations__.items()
    }
    for name, info in fields.items():
        assert (name in args.__required_keys__) == info.is_required(), f"{args.__name__}.{name}"
        # The argument's type is the schema's: what the model accepts, as an Input.
        accepted = _codegen.py_type(info.annotation, output=False)
        expected = eval(f"pulumi.Input[{accepted}]", module)
        given = set(typing.get_args(hints[name]))
        assert set(typing.get_args(expected)) <= given, f"{args.__name__}.{name}: {hints[name]}"
    hints = {n: h for c in resource.__mro__ for n, h in vars(c).get("__annotations__", {}).items()}
    outputs = {name for name, hint in hints.items() if "Output" in str(hint)}
    _same(f"{resource.__name__} outputs", outputs, set(schema.output_names()))

    # Both constructor forms take the same TypedDict: one list of fields.
    by_args, by_keywords = _forms(resource)
    assert by_args.parameters["args"].annotation is args
    assert _unpacked(by_keywords) == str(typing.Unpack[args])
    keyword_only = [p for p in by_keywords.parameters.values() if p.kind is p.KEYWORD_ONLY]
    assert not keyword_only, f"{resource.__name__}: keyword arguments beside its {args.__name__}"


def test_every_input_has_a_marker_and_a_description() -> None:
    for found in RESOURCES:
        for name, info in found.schema.inputs.model_fields.items():
            assert info.description, f"{found.schema.name}.{name}: no description"
        for name, info in found.schema.outputs.model_fields.items():
            assert info.description, f"{found.schema.name} output {name}: no description"


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
    from pulumi_sendgrid_reseller import AccountProfileArgs
    from pulumi_sendgrid_reseller.client._fields import AccountProfileFields

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
