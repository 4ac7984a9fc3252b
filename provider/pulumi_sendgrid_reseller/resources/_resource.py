"""The program side of the resources: turning typed arguments into engine properties."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import pulumi
from pulumi.runtime import get_root_resource

from .. import _session
from ._base import InputModel


@dataclasses.dataclass(kw_only=True)
class ConnectionArgs:
    """Arguments every resource accepts besides its own.

    Attributes:
        api_user: the parent account's API user for this resource only (default: the stack
            configuration ``sendgrid-reseller:apiUser``, then ``SENDGRID_API_USER``).
        api_key: the API key for this resource only; kept secret (default: the stack
            configuration ``sendgrid-reseller:apiKey``, then ``SENDGRID_API_KEY``).
        api_url: the endpoint for this resource only (default: ``sendgrid-reseller:apiUrl``,
            then ``SENDGRID_API_URL``, then ``https://api.sendgrid.com``).
        adopt: when an object with this resource's natural key (username) already exists,
            take it over and bring it to the declared state instead of failing. This stands
            in for ``pulumi import``, which does not work for dynamic resources.
    """

    api_user: pulumi.Input[str] | None = None
    api_key: pulumi.Input[str] | None = None
    api_url: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None


def build_props(args: Any, model: type[InputModel], computed: Iterable[str]) -> dict[str, Any]:
    """Engine properties from an ``...Args`` dataclass: secrets wrapped, outputs declared.

    Secret inputs are wrapped with :func:`pulumi.Output.secret` so that they are encrypted in
    the state even when the program passed a plain string.
    """
    secret = set(model.secret_fields())
    props: dict[str, Any] = {}
    for field in dataclasses.fields(args):
        value = getattr(args, field.name)
        if value is None:
            continue
        props[field.name] = pulumi.Output.secret(value) if field.name in secret else value
    for name in computed:
        props.setdefault(name, None)
    return props


def merge_opts(
    opts: pulumi.ResourceOptions | None, model: type[InputModel]
) -> pulumi.ResourceOptions:
    """The caller's options plus the resource's secret outputs."""
    own = pulumi.ResourceOptions(additional_secret_outputs=model.secret_fields())
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
