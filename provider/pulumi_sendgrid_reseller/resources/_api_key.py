"""``ApiKey``: an API key (``/v3/api_keys``) of a subuser, an account, or the parent.

The key is made, read, changed and deleted on behalf of its owner (see :mod:`._owner`).
The key itself is shown once, in the create's answer: it is kept in the state as a secret
output and never read again. ``name`` and ``scopes`` change in place (``PUT``). A key
belongs to an account, not to a username: renaming its subuser keeps the key, moving it to
another owner replaces it. The public ``ApiKeyArgs`` and ``ApiKey`` are generated from
``ApiKeyProvider.schema``.
"""

from __future__ import annotations

import contextlib
from typing import Annotated, Any, ClassVar

from pydantic import Field, SecretStr

from ..client import (
    ApiKeyCreate,
    ApiKeyCreated,
    NotFoundError,
    SendGridClient,
)
from ..client._fields import ApiKeyFields
from ..client._scopes import AUTOMATIC_SCOPES
from ._base import OWN_CREDENTIAL, Op
from ._owner import OwnedProvider, OwnerInputs, OwnerOutputs, acting_client
from ._schema import Calls, ResourceSchema


class ApiKeyInputs(OwnerInputs, ApiKeyFields):
    """The validated inputs of an :class:`ApiKey`: the API key table and whose key it is.

    ``api_key`` is this resource's output (the key it made), so the parent's key for this
    resource only is ``parent_api_key``; keys have no natural key to adopt by, so there is
    no ``adopt``.
    """

    api_key: ClassVar[None] = None  # type: ignore[misc]
    adopt: ClassVar[bool] = False  # type: ignore[misc]
    parent_api_key: Annotated[
        SecretStr | None,
        OWN_CREDENTIAL,
        Field(description="The parent's API key for this resource only."),
    ] = None

    def credential_overrides(self) -> dict[str, str | None]:
        """The resource's own credentials (``parent_api_key`` is the parent's key)."""
        key = self.parent_api_key.get_secret_value() if self.parent_api_key is not None else None
        return {"api_user": self.api_user, "api_key": key, "api_url": self.api_url}


class ApiKeyOutputs(OwnerOutputs):
    """Outputs only SendGrid knows: the key's id, the key (secret), the subuser's region."""

    api_key_id: Annotated[str, Field(description="SendGrid's id of the key.")]
    api_key: Annotated[
        SecretStr,
        Field(description="The key itself (a secret), known from the create's answer only."),
    ]


class ApiKeyProvider(OwnedProvider):
    """POST to create (on behalf of the owner), GET to read, PUT / PATCH, DELETE."""

    schema = ResourceSchema(
        ApiKeyInputs,
        ApiKeyOutputs,
        Calls(
            "POST /v3/api_keys (on behalf of the owner)",
            "GET /v3/api_keys/{id} (404: gone)",
            "DELETE /v3/api_keys/{id}",
        ),
        doc="A SendGrid API key of a subuser, an account or the parent; ``api_key`` is secret.",
    )

    def _create_as(
        self, client: SendGridClient, op: Op[ApiKeyInputs]
    ) -> tuple[str, dict[str, Any]]:
        created = self._create_once(client, op.args)
        return created.api_key_id, {
            "api_key_id": created.api_key_id,
            "api_key": created.api_key.get_secret_value(),
        }

    @staticmethod
    def _create_once(acting: SendGridClient, args: ApiKeyInputs) -> ApiKeyCreated:
        """Create the key without leaving orphans behind.

        SendGrid shows a key only in the create's answer. When that answer is lost, a key
        may exist that nobody knows: it is useless, so it is found in the list (a key of
        this name that was not there before) and deleted, and the transport sends the
        create again (:meth:`~..client.Transport.create_once`).
        """
        before = {key.api_key_id for key in acting.api_keys.list()}
        created: list[ApiKeyCreated] = []

        def discard_orphans() -> None:
            for orphan in acting.api_keys.list():
                if orphan.name == args.name and orphan.api_key_id not in before:
                    with contextlib.suppress(NotFoundError):
                        acting.api_keys.delete(orphan.api_key_id)

        acting.transport.create_once(
            lambda: created.append(acting.api_keys.create(args.to_request(ApiKeyCreate))),
            discard_orphans,
        )
        return created[-1]

    def _read_as(self, client: SendGridClient, op: Op[ApiKeyInputs]) -> dict[str, Any]:
        remote, args = client.api_keys.get(op.id), op.args
        state: dict[str, Any] = {"name": remote.name}
        if args.scopes is not None and remote.scopes is not None:
            # SendGrid attaches a few flags by itself: they are not drift.
            declared = set(args.scopes)
            state["scopes"] = sorted(
                s for s in remote.scopes if s not in AUTOMATIC_SCOPES or s in declared
            )
        return state

    def _update(self, op: Op[ApiKeyInputs]) -> dict[str, Any]:
        args, changed = op.args, op.changed
        # A renamed subuser needs no call: the key belongs to the account. The new name
        # (already renamed by the Subuser resource) is the one to act for.
        keys = acting_client(op).api_keys
        if "scopes" in changed or ("name" in changed and args.scopes is not None):
            keys.update(op.id, args.to_request(ApiKeyCreate))
        elif "name" in changed:
            keys.rename(op.id, args.name)
        return {}

    def _delete_as(self, client: SendGridClient, op: Op[ApiKeyInputs]) -> None:
        client.api_keys.delete(op.id)


__all__ = ["ApiKeyInputs", "ApiKeyProvider"]
