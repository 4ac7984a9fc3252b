"""``Teammate``: a teammate of an owner (``/v3/teammates``), invited then accepted.

The create invites (``POST /v3/teammates``); the invitation is pending until the invitee
accepts it, and a read then finds the teammate (``status`` goes from ``pending`` to
``active``, ``username`` is the name the invitee chose). Permissions (``is_admin`` or
``scopes``) change in place: while pending, the invitation is withdrawn and sent again
with the new ones (SendGrid has no call that changes an invitation); once active,
``PATCH /v3/teammates/{username}``. The id is the email, which names the teammate in
both states; a new email (or another owner) is a new teammate.

SendGrid documents no call that grants a teammate access to subusers (the API only reads
it), so ``subuser_access`` is refused at preview rather than accepted and dropped: invite
the teammate on behalf of each subuser instead (``subuser=...``).

An invitation whose answer was lost is found in the pending list (by email) before
anything is sent again; a run after an interrupted one takes over the invitation that run
sent when it grants the declared permissions.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator

from ..client import (
    AlreadyExistsError,
    NotFoundError,
    PendingTeammate,
    SendGridClient,
    TeammateInvite,
    TeammateUpdate,
)
from ..client import Teammate as RemoteTeammate
from ..client._fields import TeammateFields
from ..client._teammates import AUTOMATIC_TEAMMATE_SCOPES
from ._base import NotOwnedError, Op, Prop
from ._owner import OwnedProvider, OwnerInputs, OwnerOutputs, acting_client
from ._schema import Calls, ResourceSchema

_PERMISSIONS = ("is_admin", "scopes")
"""The inputs that change in place: the teammate's permissions."""
_FOLLOWS_PERMISSIONS = Prop(follows=_PERMISSIONS)
"""The marker of an output that an update of the permissions may change."""

SUBUSER_ACCESS_REFUSED = (
    "subuser_access: no call SendGrid documents grants a teammate access to subusers "
    "(GET /v3/teammates/{name}/subuser_access only reads it), so it cannot be applied; "
    "invite the teammate on behalf of each subuser instead (subuser=...)"
)
"""The check failure of a ``subuser_access`` argument."""


class TeammateInputs(OwnerInputs, TeammateFields):
    """The validated inputs of a :class:`Teammate`: the teammate table and its owner."""

    subuser_access: Annotated[
        list[Any] | None,
        Prop(local=True),
        Field(description="Refused at preview: SendGrid documents no call that grants it."),
    ] = None

    @field_validator("subuser_access")
    @classmethod
    def _refused(cls, value: list[Any] | None) -> list[Any] | None:
        if value:
            raise ValueError(SUBUSER_ACCESS_REFUSED.removeprefix("subuser_access: "))
        return None

    @property
    def create_key(self) -> str:
        """What identifies the invitation a create sends: owner and email (a digest)."""
        key = f"{self.subuser}\n{self.account}\n{self.email.lower()}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]


def _pending(client: SendGridClient, email: str) -> PendingTeammate | None:
    wanted = email.lower()
    return next((p for p in client.teammates.pending() if p.email.lower() == wanted), None)


def _active(client: SendGridClient, email: str, username: str | None) -> RemoteTeammate | None:
    if username:
        with contextlib.suppress(NotFoundError):
            return client.teammates.get(username)
    wanted = email.lower()
    found = next((t for t in client.teammates.iter() if t.email.lower() == wanted), None)
    return None if found is None else client.teammates.get(found.username)


def _scopes(remote: list[str] | None, args: TeammateInputs) -> list[str] | None:
    """The scopes to compare with the declaration: SendGrid's own additions left out."""
    if args.is_admin or remote is None:
        return args.scopes
    declared = set(args.scopes or ())
    kept = sorted(s for s in remote if s in declared or s not in AUTOMATIC_TEAMMATE_SCOPES)
    return kept if kept or args.scopes is not None else None


def _state(client: SendGridClient, args: TeammateInputs, username: str | None) -> dict[str, Any]:
    """The teammate as SendGrid holds it (``{}``: neither invited nor a teammate).

    A known ``username`` is looked up first (an active teammate); else the pending
    invitations, then the teammates, by email.
    """
    invitation = None if username else _pending(client, args.email)
    teammate = None if invitation is not None else _active(client, args.email, username)
    if invitation is None and teammate is None and username:
        invitation = _pending(client, args.email)  # removed, then invited again
    if invitation is not None:
        return {
            "status": "pending",
            "token": invitation.token,
            "username": None,
            "is_admin": invitation.is_admin,
            "scopes": _scopes(invitation.scopes, args),
        }
    if teammate is None:
        return {}
    return {
        "status": "active",
        "token": None,
        "username": teammate.username,
        "is_admin": teammate.is_admin,
        "scopes": _scopes(teammate.scopes, args),
    }


def _same_permissions(state: dict[str, Any], args: TeammateInputs) -> bool:
    return bool(
        state.get("is_admin") == args.is_admin
        and sorted(state.get("scopes") or []) == sorted(args.scopes or [])
    )


def _computed(state: Mapping[str, Any]) -> dict[str, Any]:
    return {name: state.get(name) for name in ("status", "token", "username")}


class _StaleStateError(Exception):
    """The state names neither an invitation nor a teammate: read before changing."""


class TeammateOutputs(OwnerOutputs):
    """Outputs only SendGrid knows: pending or active, the invitation's token, the username."""

    # An update reads first when what it last read is gone: it may find the invitee has
    # accepted since, and report it.
    status: Annotated[
        str,
        _FOLLOWS_PERMISSIONS,
        Field(description="``pending`` until the invitee accepts, then ``active``."),
    ]
    username: Annotated[
        str | None,
        _FOLLOWS_PERMISSIONS,
        Field(description="The teammate's username, once the invitation is accepted."),
    ]
    # A secret: whoever holds an invitation's token can accept it.
    token: Annotated[
        SecretStr | None,
        _FOLLOWS_PERMISSIONS,
        Field(description="The pending invitation's token (``None`` once accepted)."),
    ]


class TeammateProvider(OwnedProvider):
    """Invite to create; pending: withdraw and invite again, active: PATCH; DELETE."""

    schema = ResourceSchema(
        TeammateInputs,
        TeammateOutputs,
        Calls(
            "POST /v3/teammates (on behalf of the owner): pending until accepted",
            "GET /v3/teammates/pending, then GET /v3/teammates/{username}",
            "DELETE /v3/teammates/pending/{token} or /v3/teammates/{username}",
        ),
        doc="A teammate of a subuser, an account or the parent; its id is the email.",
        natural_key="create_key",
    )

    def _create_as(
        self, client: SendGridClient, op: Op[TeammateInputs]
    ) -> tuple[str, dict[str, Any]]:
        args = op.args
        existing = _state(client, args, None) if (op.interrupted or args.adopt) else {}
        if existing:
            if not _same_permissions(existing, args):
                if not args.adopt and existing["status"] == "pending":
                    raise NotOwnedError(
                        f"Teammate {args.email!r}: an invitation with other permissions is "
                        "pending, so it is not taken for the one an interrupted run sent. "
                        "Set adopt=True to take it over.",
                        interrupted_run=True,
                    )
                existing = self._apply(client, args, existing, strict=False)
            return args.email, _computed(existing)

        made: list[PendingTeammate] = []
        try:
            found = client.transport.create_once(
                lambda: made.append(client.teammates.invite(args.to_request(TeammateInvite))),
                lambda: _pending(client, args.email),
            )
        except AlreadyExistsError:
            raise NotOwnedError(
                f"Teammate {args.email!r} is already invited or a teammate there, and no "
                "interrupted run on this machine invited them: another stack may manage "
                "them, or they were invited outside Pulumi. Set adopt=True to take them over "
                "and give them the declared permissions."
            ) from None
        invitation = found if found is not None else made[0]
        state = {"status": "pending", "token": invitation.token, "username": None}
        return args.email, state

    @staticmethod
    def _apply(
        client: SendGridClient, args: TeammateInputs, state: dict[str, Any], *, strict: bool
    ) -> dict[str, Any]:
        """Give the teammate the declared permissions, in the state it is in.

        ``strict``: the state is the last one read, which may be stale: a teammate or an
        invitation that is not there any more raises :class:`NotFoundError` (neither known:
        :class:`_StaleStateError`).
        """
        if state.get("status") == "active" and state.get("username"):
            client.teammates.update(state["username"], TeammateUpdate.of(args))
            return state
        if state.get("token"):
            try:
                client.teammates.delete_pending(state["token"])
            except NotFoundError:
                if strict:
                    raise
        elif strict:
            raise _StaleStateError
        invitation = client.teammates.invite(args.to_request(TeammateInvite))
        return {"status": "pending", "token": invitation.token, "username": None}

    def _read_as(self, client: SendGridClient, op: Op[TeammateInputs]) -> dict[str, Any]:
        # {}: withdrawn or removed outside Pulumi.
        return _state(client, op.args, op.outs.get("username"))

    def _update(self, op: Op[TeammateInputs]) -> dict[str, Any]:
        args = op.args
        if not op.changed & set(_PERMISSIONS):
            return {}
        client = acting_client(op)
        try:  # as last read: PATCH the teammate, or withdraw the invitation and invite again
            return _computed(self._apply(client, args, _computed(op.outs), strict=True))
        except (NotFoundError, _StaleStateError):
            pass
        # Reconcile: the invitee accepted, or it was withdrawn or removed, since the last read.
        state = _state(client, args, None)
        if not state:
            state = {"status": "pending", "token": None, "username": None}
        elif _same_permissions(state, args):
            return _computed(state)
        return _computed(self._apply(client, args, state, strict=False))

    def _delete_as(self, client: SendGridClient, op: Op[TeammateInputs]) -> None:
        known = _computed(op.outs)
        try:  # as last read
            if known["status"] == "active" and known["username"]:
                client.teammates.delete(known["username"])
                return
            if known["token"]:
                client.teammates.delete_pending(known["token"])
                return
        except NotFoundError:
            pass
        # Accepted, withdrawn or removed since the last read.
        state = _state(client, op.args, None)
        if state.get("status") == "active":
            client.teammates.delete(state["username"])
        elif state.get("token"):
            client.teammates.delete_pending(state["token"])


__all__ = ["SUBUSER_ACCESS_REFUSED", "TeammateInputs", "TeammateProvider"]
