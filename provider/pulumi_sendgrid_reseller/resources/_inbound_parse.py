"""``InboundParse``: an inbound parse setting (``/v3/user/webhooks/parse/settings``).

SendGrid parses the mail sent to ``hostname`` and posts it to ``url``. The hostname names
the setting: a new hostname (or another owner) is a new setting; ``url``, ``spam_check``
and ``send_raw`` change in place (``PATCH .../{hostname}``). The ``mx_record`` output is
the MX record the team creates in its own DNS for mail to reach SendGrid.

A create whose answer was lost is recognised by reading the hostname before anything is
sent again; a run after an interrupted one takes over the setting that run made when it
matches the declaration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field

from ..client import (
    AlreadyExistsError,
    NotFoundError,
    ParseSetting,
    ParseSettingRequest,
    SendGridClient,
)
from ..client._fields import InboundParseFields
from ..client._webhooks import PARSE_MX_HOST, PARSE_MX_PRIORITY
from ._base import NotOwnedError, Op
from ._owner import OwnedProvider, OwnerInputs, OwnerOutputs, acting_client
from ._schema import Calls, ResourceSchema


class InboundParseInputs(OwnerInputs, InboundParseFields):
    """The validated inputs of an :class:`InboundParse`: the parse table and its owner."""


def mx_record(hostname: str) -> dict[str, Any]:
    """The MX record that sends the mail of ``hostname`` to SendGrid's inbound parse."""
    return {"type": "MX", "host": hostname, "data": PARSE_MX_HOST, "priority": PARSE_MX_PRIORITY}


def _mismatch(remote: ParseSetting, args: InboundParseInputs) -> str:
    wanted = args.to_request(ParseSettingRequest).to_json()
    differ = [n for n, v in remote.reported().items() if n in wanted and v != wanted[n]]
    return ", ".join(f"{n} is {getattr(remote, n)!r}" for n in differ)


class InboundParseOutputs(OwnerOutputs):
    """What the team publishes: the MX record; the owner's region."""

    mx_record: Annotated[
        dict[str, Any],
        Field(
            description='``{"type": "MX", "host": <hostname>, "data": '
            '"mx.sendgrid.net", "priority": 10}``: the record to publish in the team\'s DNS.'
        ),
    ]


class InboundParseProvider(OwnedProvider):
    """POST to create, GET to read, PATCH to update, DELETE; the hostname replaces."""

    schema = ResourceSchema(
        InboundParseInputs,
        InboundParseOutputs,
        Calls(
            "POST /v3/user/webhooks/parse/settings (on behalf of the owner)",
            "GET /v3/user/webhooks/parse/settings/{hostname}",
            "DELETE /v3/user/webhooks/parse/settings/{hostname}",
        ),
        doc="An inbound parse setting; ``mx_record`` is the record to publish in the team's DNS.",
        claims=("parse hostname", "hostname"),
        natural_key="hostname",
    )

    def _delete_before_replace(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        """A setting moved to another owner keeps its hostname, which exists only once."""
        return bool(olds.get("hostname") == news.get("hostname"))

    def _create_as(
        self, client: SendGridClient, op: Op[InboundParseInputs]
    ) -> tuple[str, dict[str, Any]]:
        args = op.args
        parse = client.parse_settings

        def find() -> ParseSetting | None:
            try:
                return parse.get(args.hostname)
            except NotFoundError:
                return None

        existing = find() if (op.interrupted or args.adopt) else None
        if existing is not None:
            mismatch = _mismatch(existing, args)
            if mismatch and not args.adopt:
                raise NotOwnedError(
                    f"InboundParse {args.hostname!r} exists in SendGrid but differs from the "
                    f"declaration ({mismatch}), so it is not taken for the one an interrupted "
                    "run created. Set adopt=True to take it over, or declare another hostname.",
                    interrupted_run=True,
                )
            if mismatch:
                parse.update(args.to_request(ParseSettingRequest))
        else:
            try:
                client.transport.create_once(
                    lambda: parse.create(args.to_request(ParseSettingRequest)), find
                )
            except AlreadyExistsError:
                raise NotOwnedError(
                    f"InboundParse {args.hostname!r} already exists in SendGrid, and no "
                    "interrupted run on this machine created it. Set adopt=True to take it "
                    "over and bring it to the declared state, or declare another hostname."
                ) from None
        return args.hostname, {"mx_record": mx_record(args.hostname)}

    def _read_as(self, client: SendGridClient, op: Op[InboundParseInputs]) -> dict[str, Any]:
        remote = client.parse_settings.get(op.id)
        state = {k: v for k, v in remote.reported().items() if v is not None}
        return {**state, "mx_record": mx_record(remote.hostname)}

    def _update(self, op: Op[InboundParseInputs]) -> dict[str, Any]:
        if op.changed - {"subuser", "subuser_id", "subuser_ref", "account"}:
            acting_client(op).parse_settings.update(op.args.to_request(ParseSettingRequest))
        return {}

    def _delete_as(self, client: SendGridClient, op: Op[InboundParseInputs]) -> None:
        client.parse_settings.delete(op.id)


__all__ = ["InboundParseInputs", "InboundParseProvider", "mx_record"]
