"""``CustomerIpAssignment``: the IPs a customer (or subuser) sends from (``customer.sendip``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Unpack, overload

import pulumi
from pydantic import model_validator

from .. import _session
from ..client import SendGridClient, SendGridError
from ..client._fields import IpAddress, Username
from ..config import Credentials
from ._base import BaseProvider, InputModel, Op, Prop, client_for, credentials_for
from ._resource import ConnectionArgs, ConnectionKwargs, SendGridResource


class CustomerIpAssignmentInputs(InputModel):
    """The validated inputs of a :class:`CustomerIpAssignment`."""

    customer: Annotated[Username, Prop(replace=True)]
    ips: Annotated[list[IpAddress] | None, Prop(readable=True, unordered=True)] = None
    all_ips: Annotated[bool, Prop(readable=True)] = False

    @model_validator(mode="after")
    def _one_choice(self) -> CustomerIpAssignmentInputs:
        if self.all_ips and self.ips is not None:
            raise ValueError("ips: must not be given when all_ips is true")
        if not self.all_ips and self.ips is None:
            raise ValueError("ips: is required unless all_ips is true (an empty list removes all)")
        if self.ips is not None and len(set(self.ips)) != len(self.ips):
            raise ValueError("ips: must not contain duplicates")
        return self


def parent_ips(client: SendGridClient, credentials: Credentials) -> frozenset[str]:
    """Every IP of the parent account (cached for a few seconds per endpoint and user)."""
    return _session.parent_ips(credentials, lambda: frozenset(client.ips.list("all")))


def check_owned_ips(
    inputs: InputModel, ips: list[str] | None, olds: Mapping[str, Any]
) -> Iterable[tuple[str, str]]:
    """Report IPs the parent does not own; asks SendGrid only when ``ips`` changed."""
    if not ips or sorted(ips) == sorted(olds.get("ips") or []):
        return []
    try:
        credentials = credentials_for(inputs)
        owned = parent_ips(client_for(credentials), credentials)
    except SendGridError:
        return []  # no credentials or no answer yet: the call itself will report it
    return [
        (f"ips[{i}]", f"{ip} is not an IP of the parent account")
        for i, ip in enumerate(ips)
        if ip not in owned
    ]


class CustomerIpAssignmentProvider(BaseProvider):
    """Assigns IPs with ``customer.sendip task=append``; reads them with ``task=list``."""

    inputs_model = CustomerIpAssignmentInputs
    kind = "CustomerIpAssignment"
    computed = ("assigned_ips",)

    def _check_model(self, model: InputModel, olds: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
        assert isinstance(model, CustomerIpAssignmentInputs)
        return check_owned_ips(model, model.ips, olds)

    def _assign(self, client: SendGridClient, args: CustomerIpAssignmentInputs) -> list[str]:
        if args.all_ips:
            client.ips.set_send_ips_all(args.customer)
            return sorted(client.ips.get_send_ips(args.customer).ips)
        if args.ips:
            client.ips.set_send_ips(args.customer, args.ips)
        else:
            client.ips.clear_send_ips(args.customer)
        # set=specify and set=none leave exactly these IPs (normalised by the model): what a
        # read-back would report. Only set=all needs the list to know what "all" was.
        return sorted(args.ips or [])

    def _create(self, op: Op[CustomerIpAssignmentInputs]) -> tuple[str, dict[str, Any]]:
        client, args = op.client, op.args
        # An assignment is a set, not an object: applying it again is the same assignment.
        return args.customer, {"assigned_ips": self._assign(client, args)}

    def _read(self, op: Op[CustomerIpAssignmentInputs]) -> dict[str, Any] | None:
        client, args = op.client, op.args
        assigned = sorted(client.ips.get_send_ips(args.customer).ips)
        state: dict[str, Any] = {"assigned_ips": assigned}
        if args.all_ips:
            if set(assigned) != parent_ips(client, credentials_for(args)):
                state.update(all_ips=False, ips=assigned)
        else:
            state["ips"] = assigned
        return state

    def _update(self, op: Op[CustomerIpAssignmentInputs]) -> dict[str, Any]:
        client, args, changed = op.client, op.args, op.changed
        if not changed & {"ips", "all_ips"}:
            return {}
        return {"assigned_ips": self._assign(client, args)}

    def _delete(self, op: Op[CustomerIpAssignmentInputs]) -> None:
        client, args = op.client, op.args
        client.ips.clear_send_ips(args.customer)


@dataclasses.dataclass(kw_only=True)
class CustomerIpAssignmentArgs(ConnectionArgs):
    """The arguments of a :class:`CustomerIpAssignment`.

    Attributes:
        customer: the username of the customer (or subuser) whose sending IPs these are;
            a change replaces the assignment.
        ips: the IPs, each owned by the parent account; updated in place. An empty list
            removes every IP (the account then sends from the parent's IPs).
        all_ips: give the account every IP of the parent instead of ``ips``.
    """

    customer: pulumi.Input[str]
    ips: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    all_ips: pulumi.Input[bool] | None = None


class CustomerIpAssignment(
    SendGridResource, module="sendgrid-reseller", name="CustomerIpAssignment"
):
    """The IPs a customer sends from. Deleting it returns the customer to the parent's pool."""

    customer: pulumi.Output[str]
    ips: pulumi.Output[list[str] | None]
    all_ips: pulumi.Output[bool]
    adopt: pulumi.Output[bool]
    assigned_ips: pulumi.Output[list[str]]
    """The IPs SendGrid reports for the customer."""

    provider_type = CustomerIpAssignmentProvider
    args_type = CustomerIpAssignmentArgs
    claims = ("IP assignment", "customer")

    @overload
    def __init__(
        self,
        resource_name: str,
        args: CustomerIpAssignmentArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        opts: pulumi.ResourceOptions | None = None,
        *,
        customer: pulumi.Input[str],
        ips: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        all_ips: pulumi.Input[bool] | None = None,
        **connection: Unpack[ConnectionKwargs],
    ) -> None: ...

    def __init__(self, resource_name: str, *args_or_opts: Any, **kwargs: Any) -> None:
        """Declare it with a ``CustomerIpAssignmentArgs`` or with keyword arguments."""
        self._declare(resource_name, args_or_opts, kwargs)


__all__ = [
    "CustomerIpAssignment",
    "CustomerIpAssignmentArgs",
    "CustomerIpAssignmentInputs",
    "CustomerIpAssignmentProvider",
]
