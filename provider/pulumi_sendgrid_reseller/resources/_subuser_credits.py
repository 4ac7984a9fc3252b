"""``SubuserCredits``: a subuser's sending budget (``/v3/subusers/{name}/credits``).

Every subuser has credits (``unlimited`` until set), so creating sets them
(``PUT .../credits``) whatever they were, updating sets them again, and deleting puts the
subuser back to ``unlimited``. Renaming the subuser keeps them; another subuser replaces
them (see ``_owner``). The public ``SubuserCreditsArgs`` and ``SubuserCredits`` are generated
from ``SubuserCreditsProvider.schema``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from ..client import CreditsUpdate, NotFoundError
from ..client import SubuserCredits as RemoteCredits
from ..client._fields import SubuserCreditsFields, Username, create_body
from ._base import Op, Prop
from ._owner import OwnedProvider, SubuserOwnerInputs
from ._schema import Calls, Outputs, ResourceSchema

_ALLOCATION = ("type", "total", "reset_frequency")


class SubuserCreditsInputs(SubuserOwnerInputs, SubuserCreditsFields):
    """The validated inputs of a :class:`SubuserCredits`: the credits table, its subuser.

    Credits are a subuser's only: ``subuser`` is required, and there is no ``account``.
    """

    subuser: Annotated[
        Username,
        Prop(owner=True),
        Field(
            description="The subuser's username, or the ``Subuser`` itself (which also gives "
            "``subuser_id``). A rename of the subuser keeps the credits; another subuser "
            "replaces them."
        ),
    ]

    def update(self) -> CreditsUpdate:
        """The request body."""
        return CreditsUpdate.model_validate(create_body(self, CreditsUpdate))


class SubuserCreditsOutputs(Outputs):
    """What SendGrid reports beside the allocation: credits left and used."""

    remain: Annotated[
        int | None,
        Prop(follows=_ALLOCATION),
        Field(description="Credits left (``None`` when unlimited)."),
    ]
    used: Annotated[
        int | None,
        Prop(follows=_ALLOCATION),
        Field(description="Credits used (SendGrid reports it for ``recurring`` credits)."),
    ]


def _computed(credits: RemoteCredits) -> dict[str, Any]:
    return {"remain": credits.remain, "used": credits.used}


class SubuserCreditsProvider(OwnedProvider):
    """PUT to create and update, GET to read, PUT ``unlimited`` to delete."""

    schema = ResourceSchema(
        SubuserCreditsInputs,
        SubuserCreditsOutputs,
        Calls(
            "PUT /v3/subusers/{name}/credits",
            "GET /v3/subusers/{name}/credits",
            "PUT /v3/subusers/{name}/credits (back to unlimited)",
        ),
        doc="A subuser's credits; ``remain`` and ``used`` are what SendGrid reports.",
        claims=("credits", "subuser"),
    )

    def _create(self, op: Op[SubuserCreditsInputs]) -> tuple[str, dict[str, Any]]:
        client, args = op.client, op.args
        # Idempotent: a PUT whose answer was lost is repeated by the transport.
        credits = client.subusers.set_credits(args.subuser, args.update())
        return args.subuser, _computed(credits)

    def _read(self, op: Op[SubuserCreditsInputs]) -> dict[str, Any] | None:
        client, args = op.client, op.args
        subuser = args.subuser
        try:
            credits = client.subusers.get_credits(subuser)
        except NotFoundError:
            # Renamed outside Pulumi? The credits went along with the account.
            found = None if args.subuser_id is None else client.subusers.find_by_id(args.subuser_id)
            if found is None:
                return None
            subuser = found.username
            credits = client.subusers.get_credits(subuser)
        state: dict[str, Any] = {"subuser": subuser, "type": credits.type, **_computed(credits)}
        if credits.type == "recurring":
            state["total"] = credits.total
            state["reset_frequency"] = credits.reset_frequency
        elif credits.type == "unlimited":
            state["total"] = None
            state["reset_frequency"] = None
        # nonrecurring: SendGrid reports what remains, not the total it was set to.
        elif args.type != "nonrecurring":
            state["total"] = credits.remain
            state["reset_frequency"] = None
        return state

    def _update(self, op: Op[SubuserCreditsInputs]) -> dict[str, Any]:
        client, args, changed = op.client, op.args, op.changed
        # A renamed subuser needs no call: the credits belong to the account.
        if changed & set(_ALLOCATION):
            return _computed(client.subusers.set_credits(args.subuser, args.update()))
        return {}

    def _delete(self, op: Op[SubuserCreditsInputs]) -> None:
        client, args = op.client, op.args
        client.subusers.set_credits(args.subuser, CreditsUpdate(type="unlimited"))


__all__ = ["SubuserCreditsInputs", "SubuserCreditsProvider"]
