"""``ApiKey``: an API key of a subuser (made on its behalf) or of the parent (``/v3/api_keys``).

The key itself is shown once, in the create's answer: it is kept in the state as a secret
output and never read again. ``name`` and ``scopes`` change in place (``PUT``). A key
belongs to an account, not to a username: renaming its subuser keeps the key, moving it to
another subuser replaces it. The provider tells the two apart by the subuser's user id
(``subuser_id``, filled in from a :class:`~pulumi_sendgrid_reseller.Subuser` given as
``subuser``): same id, new name = a rename.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from pulumi.dynamic import DiffResult
from pydantic import SecretStr

from ..client import (
    APIConnectionError,
    ApiKeyCreate,
    ApiKeyCreated,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    SendGridClient,
    ServerError,
)
from ..client import (
    ApiKey as RemoteApiKey,
)
from ..client._fields import ApiKeyFields, Username
from ..client._scopes import AUTOMATIC_SCOPES
from ._base import BaseProvider, InputModel, Op, Prop, ProviderError, acting_for, strip_provider
from ._owner import SubuserId, SubuserRef, moved_fields


class ApiKeyInputs(InputModel, ApiKeyFields):
    """The validated inputs of an :class:`ApiKey`: the API key table and whose key it is.

    ``api_key`` is this resource's output (the key it made), so the parent's key for this
    resource only is ``parent_api_key``; keys have no natural key to adopt by, so there is
    no ``adopt``.
    """

    api_key: ClassVar[None] = None  # type: ignore[misc]
    adopt: ClassVar[bool] = False  # type: ignore[misc]
    parent_api_key: Annotated[SecretStr | None, Prop(local=True, secret=True)] = None
    subuser: Annotated[Username | None, Prop()] = None
    subuser_id: SubuserId = None
    subuser_ref: SubuserRef = None

    def credential_overrides(self) -> dict[str, str | None]:
        """The resource's own credentials (``parent_api_key`` is the parent's key)."""
        key = self.parent_api_key.get_secret_value() if self.parent_api_key is not None else None
        return {"api_user": self.api_user, "api_key": key, "api_url": self.api_url}

    def request(self) -> ApiKeyCreate:
        """The body of the create and of ``PUT``."""
        return ApiKeyCreate(name=self.name, scopes=self.scopes)


#: Outputs only SendGrid knows: the key's id, the key (secret), the subuser's region.
_COMPUTED = ("api_key_id", "api_key", "subuser_region")


class ApiKeyProvider(BaseProvider):
    """POST to create (on behalf of the subuser), GET to read, PUT / PATCH, DELETE."""

    inputs_model = ApiKeyInputs
    kind = "ApiKey"
    computed = _COMPUTED

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """As every resource; a move to another account or back to full access replaces.

        A rename of the key's subuser is no move (see :func:`moved_fields`).
        """
        result = super().diff(_id, olds, news)
        old, new = strip_provider(olds), self._with_defaults(strip_provider(news))
        before: list[str] = list(result.replaces or [])
        replaces = [*before, *moved_fields(old, new)]
        if old.get("scopes") is not None and "scopes" not in new:
            replaces.append("scopes")  # no call gives a key every permission back
        if replaces == before:
            return result
        return DiffResult(changes=True, replaces=replaces, stables=[], delete_before_replace=False)

    def _create(self, op: Op[ApiKeyInputs]) -> tuple[str, dict[str, Any]]:
        client, args = op.client, op.args
        region: str | None = None
        acting = client
        if args.subuser is not None:
            remote = client.subusers.get(args.subuser)
            if remote is None:
                raise ProviderError(f"ApiKey {args.name!r}: there is no subuser {args.subuser!r}.")
            if args.subuser_id is not None and remote.id != args.subuser_id:
                raise ProviderError(
                    f"ApiKey {args.name!r}: subuser {args.subuser!r} has user id {remote.id},"
                    f" not subuser_id {args.subuser_id}."
                )
            region = remote.region
            acting = acting_for(client, args.subuser, region)
        created = self._create_once(acting, args)
        return created.api_key_id, {
            "api_key_id": created.api_key_id,
            "api_key": created.api_key.get_secret_value(),
            "subuser_region": region,
        }

    @staticmethod
    def _create_once(acting: SendGridClient, args: ApiKeyInputs) -> ApiKeyCreated:
        """Create the key without leaving orphans behind.

        SendGrid shows a key only in the create's answer. When that answer is lost, a key
        may exist that nobody knows: it is useless, so it is found in the list (a key of
        this name that was not there before) and deleted, and the create is made again.
        """
        policy = acting.transport.retry_policy
        before = {key.api_key_id for key in acting.api_keys.list()}
        attempt = 1
        while True:
            try:
                return acting.api_keys.create(args.request())
            except (APIConnectionError, ServerError):
                for orphan in acting.api_keys.list():
                    if orphan.name == args.name and orphan.api_key_id not in before:
                        with contextlib.suppress(NotFoundError):
                            acting.api_keys.delete(orphan.api_key_id)
                if attempt >= policy.max_attempts:
                    raise
                policy.sleep(policy.backoff(attempt))
                attempt += 1

    def _acting(
        self, client: SendGridClient, args: ApiKeyInputs, outs: Mapping[str, Any]
    ) -> SendGridClient:
        if args.subuser is None:
            return client
        return acting_for(client, args.subuser, outs.get("subuser_region"))

    def _read(self, op: Op[ApiKeyInputs]) -> dict[str, Any] | None:
        client, id_, args, outs = op.client, op.id, op.args, op.outs
        try:
            remote = self._acting(client, args, outs).api_keys.get(id_)
        except (AuthenticationError, PermissionDeniedError):
            if args.subuser is None or client.subusers.get(args.subuser) is not None:
                raise
            renamed = self._renamed_subuser(client, args)
            if renamed is None:
                return None  # the subuser is gone, and its keys with it
            remote = acting_for(client, renamed, outs.get("subuser_region")).api_keys.get(id_)
            return {**self._reported(remote, args), "subuser": renamed}
        return self._reported(remote, args)

    @staticmethod
    def _renamed_subuser(client: SendGridClient, args: ApiKeyInputs) -> str | None:
        if args.subuser_id is None:
            return None
        found = client.subusers.find_by_id(args.subuser_id)
        return None if found is None else found.username

    @staticmethod
    def _reported(remote: RemoteApiKey, args: ApiKeyInputs) -> dict[str, Any]:
        state: dict[str, Any] = {"name": remote.name}
        if args.scopes is not None and remote.scopes is not None:
            # SendGrid attaches a few flags by itself: they are not drift.
            declared = set(args.scopes)
            state["scopes"] = sorted(
                s for s in remote.scopes if s not in AUTOMATIC_SCOPES or s in declared
            )
        return state

    def _update(self, op: Op[ApiKeyInputs]) -> dict[str, Any]:
        client, id_, olds, args, changed = op.client, op.id, op.outs, op.args, op.changed
        # A renamed subuser needs no call: the key belongs to the account. The new name
        # (already renamed by the Subuser resource) is the one to act for.
        keys = self._acting(client, args, olds).api_keys
        if "scopes" in changed or ("name" in changed and args.scopes is not None):
            keys.update(id_, args.request())
        elif "name" in changed:
            keys.rename(id_, args.name)
        return {}

    def _delete(self, op: Op[ApiKeyInputs]) -> None:
        client, id_, args, outs = op.client, op.id, op.args, op.outs
        try:
            self._acting(client, args, outs).api_keys.delete(id_)
        except (AuthenticationError, PermissionDeniedError):
            # Refused for the subuser's name: a subuser that is gone took its keys along.
            if args.subuser is None or client.subusers.get(args.subuser) is not None:
                raise


__all__ = ["ApiKeyInputs", "ApiKeyProvider"]
