"""The program side of the resources: turning typed arguments into engine properties."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import pulumi
from pulumi.dynamic import Resource
from pulumi.runtime import get_root_resource

from .. import _session
from ._schema import ResourceSchema

if TYPE_CHECKING:
    from ._base import BaseProvider


Opts = pulumi.ResourceOptions | None
"""The ``opts`` of a constructor."""

Args = dict[str, Any]
"""A resource's arguments, as its ``...Args`` (a ``TypedDict``) holds them."""


def resource_args(
    args_type: type[Any], positional: tuple[Any, ...], keywords: dict[str, Any]
) -> tuple[Args, pulumi.ResourceOptions | None]:
    """The ``(args, opts)`` of a constructor called in either of its two forms.

    ``X(name, XArgs(...), opts)`` (``args`` and ``opts`` also by keyword; a plain dict with
    the same keys works too) or ``X(name, opts=None, *, field=..., ...)``, as in every
    Pulumi package. ``args_type`` is the ``TypedDict`` of the arguments.

    Raises:
        TypeError: a mix of both forms, a missing required argument or an unknown one
            (the message names them).
    """
    given, kw, opts = _forms(args_type, Mapping, positional, keywords)
    kw = dict(given) if given is not None else kw
    _check_keys(args_type.__name__, kw, args_type.__required_keys__, args_type.__optional_keys__)
    return kw, opts


D = TypeVar("D")


def dataclass_args(
    args_type: type[D], positional: tuple[Any, ...], keywords: dict[str, Any]
) -> tuple[D, pulumi.ResourceOptions | None]:
    """:func:`resource_args` for arguments that are a dataclass (a component's)."""
    given, kw, opts = _forms(args_type, args_type, positional, keywords)
    if given is not None:
        return given, opts
    fields = dataclasses.fields(args_type)  # type: ignore[arg-type]
    required = {f.name for f in fields if _no_default(f)}
    _check_keys(args_type.__name__, kw, required, {f.name for f in fields} - required)
    return args_type(**kw), opts


def known_fields(cls: type[Any], data: Mapping[str, Any], where: str) -> dict[str, Any]:
    """``data`` checked against the fields of the dataclass ``cls``; ``where`` prefixes errors.

    Raises:
        ValueError: an unknown key, or a missing required one.
    """
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}")
    missing = sorted(
        name
        for name, f in fields.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if name not in data
    )
    if missing:
        raise ValueError(f"{where}: missing key(s) {', '.join(missing)}")
    return dict(data)


def _no_default(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _forms(
    args_type: type[Any], accepted: type[Any], positional: tuple[Any, ...], keywords: dict[str, Any]
) -> tuple[Any, dict[str, Any], pulumi.ResourceOptions | None]:
    """Split a constructor call into the arguments object, the keywords and the options."""
    rest = list(positional)
    kw = dict(keywords)
    given = rest.pop(0) if rest and isinstance(rest[0], accepted) else kw.pop("args", None)
    opts = rest.pop(0) if rest else kw.pop("opts", None)
    name = args_type.__name__
    if rest:
        raise TypeError(f"{name}: too many positional arguments")
    if opts is not None and not isinstance(opts, pulumi.ResourceOptions):
        raise TypeError(f"opts: must be a pulumi.ResourceOptions, not {type(opts).__name__}")
    if given is not None:
        if not isinstance(given, accepted):
            raise TypeError(f"args: must be a {name}, not {type(given).__name__}")
        if kw:
            raise TypeError(
                f"give either a {name} or keyword arguments, not both "
                f"(got {', '.join(sorted(kw))} beside it)"
            )
    return given, kw, opts


def _check_keys(
    name: str, given: Mapping[str, Any], required: AbstractSet[str], optional: AbstractSet[str]
) -> None:
    unknown = sorted(set(given) - required - optional)
    if unknown:
        raise TypeError(f"{', '.join(unknown)}: not an argument of {name}")
    missing = sorted(required - set(given))
    if missing:
        raise TypeError(f"{', '.join(missing)}: is required ({name})")


def _engine_value(value: Any) -> Any:
    """A value as the engine carries it: dates as ISO text, nested keys left unset dropped."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _engine_value(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_engine_value(v) for v in value]
    return value


def build_props(args: Args, schema: ResourceSchema) -> dict[str, Any]:
    """Engine properties from a resource's arguments: secrets wrapped, outputs declared.

    Secret inputs are wrapped with :func:`pulumi.Output.secret` so that they are encrypted in
    the state even when the program passed a plain string. The computed outputs are
    declared (``None``), so that the resource has each as an attribute.
    """
    secret = set(schema.inputs.secret_fields())  # type: ignore[attr-defined]
    props: dict[str, Any] = {}
    for name, value in args.items():
        if value is None:
            continue
        value = _engine_value(value)
        props[name] = pulumi.Output.secret(value) if name in secret else value
    for name in schema.computed:
        props.setdefault(name, None)
    return props


def merge_opts(
    opts: pulumi.ResourceOptions | None, schema: ResourceSchema
) -> pulumi.ResourceOptions:
    """The caller's options plus the resource's secret inputs and secret outputs."""
    secrets = [*schema.inputs.secret_fields(), *schema.secret_outputs()]  # type: ignore[attr-defined]
    own = pulumi.ResourceOptions(additional_secret_outputs=secrets)
    return pulumi.ResourceOptions.merge(opts, own) if opts is not None else own


class DuplicateDeclarationError(ValueError):
    """Two resources of one program declare the same SendGrid object."""


def claim(namespace: str, field: str, value: pulumi.Input[str], owner: str) -> pulumi.Input[str]:
    """Refuse a second resource of this program run that declares the same object.

    ``namespace`` groups what must be unique (``username`` for customers and subusers alike,
    ``monitor`` for monitor settings, ...). A value only known later is checked when it is
    known. Returns the value to use as the resource's input.
    """

    def check(name: str) -> str:
        holder = _session.claim(get_root_resource(), namespace, name, owner)
        if holder != owner:
            raise DuplicateDeclarationError(
                f"{field}: {name!r} is declared by both {holder} and {owner}; "
                f"a {namespace} exists once in a SendGrid account"
            )
        return name

    if isinstance(value, str):
        return check(value)
    return pulumi.Output.from_input(value).apply(check)  # type: ignore[arg-type]


class SendGridResource(Resource):
    """Base of the resources: declares one from its arguments, in either constructor form.

    A subclass (generated from its schema) names its provider, whose ``schema`` says the
    rest (the outputs, the secrets, the claims, the program-side hooks), and its
    arguments class.
    """

    provider_type: ClassVar[type[BaseProvider]]
    args_type: ClassVar[type[Any]]
    declared: Args
    """The arguments as declared, after ``prepare_args`` (plain values, outputs, inputs)."""

    def _declare(
        self, resource_name: str, positional: tuple[Any, ...], keywords: dict[str, Any]
    ) -> None:
        schema = self.provider_type.schema
        args, opts = resource_args(self.args_type, positional, keywords)
        if schema.prepare_args is not None:
            args = schema.prepare_args(args)
        self.declared = args
        props = build_props(args, schema)
        owner = f"{schema.name} {resource_name!r}"
        if schema.claims is not None:
            namespace, field = schema.claims
            props[field] = claim(namespace, field, props[field], owner)
        if schema.prepare_props is not None:
            schema.prepare_props(props, owner)
        super().__init__(self.provider_type(), resource_name, props, merge_opts(opts, schema))
