"""``CustomerIpAssignment``: the IPs a customer (or subuser) sends from (``customer.sendip``).

The public ``CustomerIpAssignmentArgs`` and ``CustomerIpAssignment`` are generated from
``CustomerIpAssignmentProvider.schema``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import Field, model_validator

from .. import _session
from ..client import SendGridClient, SendGridError
from ..client._fields import IpAddress, Username
from ..config import Credentials
from ._base import BaseProvider, InputModel, Op, Prop, client_for, credentials_for
from ._schema import Calls, Outputs, ResourceSchema

_ASSIGN = "customer.sendip task=append"


class CustomerIpAssignmentInputs(InputModel):
    """The validated inputs of a :class:`CustomerIpAssignment`."""

    customer: Annotated[
        Username,
        Prop(),
        Field(description="The username of the customer (or subuser) whose sending IPs these are."),
    ]
    ips: Annotated[
        list[IpAddress] | None,
        Prop(_ASSIGN, reported=True, unordered=True),
        Field(
            description="The IPs, each owned by the parent account. An empty list removes "
            "every IP (the account then sends from the parent's IPs)."
        ),
    ] = None
    all_ips: Annotated[
        bool,
        Prop(_ASSIGN, reported=True),
        Field(description="Give the account every IP of the parent instead of ``ips``."),
    ] = False

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


class CustomerIpAssignmentOutputs(Outputs):
    """What SendGrid reports of an assignment."""

    assigned_ips: Annotated[
        list[str],
        Prop(follows=("ips", "all_ips")),
        Field(description="The IPs SendGrid reports for the customer."),
    ]


class CustomerIpAssignmentProvider(BaseProvider):
    """Assigns IPs with ``customer.sendip task=append``; reads them with ``task=list``."""

    schema = ResourceSchema(
        CustomerIpAssignmentInputs,
        CustomerIpAssignmentOutputs,
        Calls(
            "customer.sendip task=append set=specify ip[]= (or set=all, or set=none)",
            "customer.sendip task=list user=",
            "customer.sendip task=append set=none (back to the parent's pool)",
        ),
        doc="The IPs a customer sends from. Deleting it returns the customer to the parent's pool.",
        claims=("IP assignment", "customer"),
    )

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
        assigned = client.reads.send_ips(args.customer)
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


__all__ = [
    "CustomerIpAssignmentInputs",
    "CustomerIpAssignmentProvider",
    "check_owned_ips",
]
