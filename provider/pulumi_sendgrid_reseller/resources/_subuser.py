"""``Subuser``: a v3 subuser of the parent account (``/v3/subusers``): schema and provider.

The public ``SubuserArgs`` and ``Subuser`` in ``subuser.py`` are generated from
``SubuserProvider.schema``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Annotated, Any

from pydantic import Field

from ..client import (
    AlreadyExistsError,
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    SendGridClient,
    SubuserCreate,
    SubuserCreated,
)
from ..client import Subuser as RemoteSubuser
from ..client._fields import Prop, Region, SubuserFields, create_body
from ._base import (
    BaseProvider,
    InputModel,
    NotOwnedError,
    Op,
    ProviderError,
    acting_for,
    check_takeover,
    completing,
)
from ._customer_ip_assignment import check_owned_ips
from ._passwords import ResourcePasswordRule
from ._schema import Calls, Outputs, ResourceSchema


class SubuserInputs(ResourcePasswordRule, InputModel, SubuserFields):
    """The validated inputs of a :class:`Subuser`: the subuser table; ``region`` defaults."""

    region: Annotated[
        Region,
        Prop(reported=True),
        Field(description="Where the subuser's data lives: ``global`` (default) or ``eu``."),
    ] = "global"


class SubuserOutputs(Outputs):
    """What SendGrid assigns to a subuser."""

    user_id: Annotated[int, Field(description="SendGrid's id of the subuser.")]


class SubuserProvider(BaseProvider):
    """Creates subusers with ``POST /v3/subusers``; everything but the region changes in place."""

    schema = ResourceSchema(
        SubuserInputs,
        SubuserOutputs,
        Calls(
            "POST /v3/subusers (then PATCH disabled / website_access when asked)",
            "GET /v3/subusers?username= (exact match); IPs: customer.sendip task=list",
            "DELETE /v3/subusers/{name}",
        ),
        doc="""A SendGrid subuser of the parent account. ``password`` is secret in and out.

        ``username``, ``email`` and ``password`` change in place on behalf of the subuser, which
        keeps its user id; only ``region`` needs a new subuser, and a replacement that keeps the
        username deletes the old subuser first.
        """,
        claims=("username", "username"),
        natural_key="username",
    )

    def _check_model(self, model: InputModel, olds: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
        assert isinstance(model, SubuserInputs)
        return check_owned_ips(model, model.ips, olds)

    def _delete_before_replace(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        # The same username cannot exist twice: the old subuser must go first.
        return bool(olds.get("username") == news.get("username"))

    def _create(self, op: Op[SubuserInputs]) -> tuple[str, dict[str, Any]]:
        client, args, interrupted = op.client, op.args, op.interrupted
        request = SubuserCreate.model_validate(create_body(args, SubuserCreate))
        created: list[SubuserCreated] = []
        refused = False
        try:
            client.transport.create_once(
                lambda: created.append(client.subusers.create(request)),
                lambda: client.subusers.get(args.username),
            )
        except AlreadyExistsError:
            refused = True
        existing = self._existing(client, args, interrupted) if refused else None
        # The create's answer carries the id (in current SendGrid versions): no read needed.
        if existing is not None:
            user_id: int | None = existing.id
        else:
            user_id = created[-1].user_id if created else None
        hint = "the next `pulumi up` on this machine takes it over (elsewhere, set adopt=True)."
        delete = partial(client.subusers.delete, args.username)
        with completing(f"Subuser {args.username!r}", delete, hint, undo=existing is None):
            if existing is not None:
                client.subusers.set_ips(args.username, args.ips)
                if existing.disabled != args.disabled:
                    client.subusers.set_disabled(args.username, args.disabled)
            elif args.disabled:
                client.subusers.set_disabled(args.username, True)
            if existing is not None or not args.website_access:
                # Not reported by SendGrid: an adopted subuser gets it set either way.
                client.subusers.set_website_access(args.username, args.website_access)
            remote = client.subusers.get(args.username) if user_id is None else None
        if user_id is not None:
            return str(user_id), {"user_id": user_id}
        if remote is None:
            raise ProviderError(
                f"Subuser {args.username!r}: SendGrid accepted the creation but does not list "
                "the subuser; run `pulumi refresh` and `pulumi up` again."
            )
        return str(remote.id), {"user_id": remote.id}

    def _existing(
        self, client: SendGridClient, args: SubuserInputs, interrupted: bool
    ) -> RemoteSubuser:
        """The subuser that holds the username, if this resource may take it over.

        Taken over with ``adopt=True``, or when an interrupted run sent its create and it
        has the declared username, email and region (the IPs and the disabled flag are
        then set as declared).
        """
        existing = client.subusers.get(args.username)
        if existing is None:
            raise NotOwnedError(
                f"Subuser {args.username!r}: SendGrid reports the username as taken by an "
                "account that is not a subuser of this parent: choose another username."
            )
        mismatch = ", ".join(
            f"{name} {got!r}"
            for name, got, wanted in (
                ("email", existing.email, args.email),
                ("region", existing.region, args.region),
            )
            if got is not None and got != wanted
        )
        check_takeover("Subuser", args.username, args.adopt, interrupted, mismatch)
        if mismatch:
            raise NotOwnedError(
                f"Subuser {args.username!r} exists with {mismatch}, not as declared. A "
                "subuser is adopted with its current email (declare that one, then change it "
                "in a later update) and its region (no call changes a region)."
            )
        return existing

    def _read(self, op: Op[SubuserInputs]) -> dict[str, Any] | None:
        client, args, outs = op.client, op.args, op.outs
        # Renamed outside Pulumi? The user id is the one thing a rename keeps.
        user_id = outs.get("user_id")
        remote = client.reads.subuser(args.username, None if user_id is None else int(user_id))
        if remote is None:
            return None
        # The IPs come from a call of their own.
        ips = client.reads.send_ips(remote.username)
        return {**op.reported(remote), "user_id": remote.id, "ips": ips}

    def _update(self, op: Op[SubuserInputs]) -> dict[str, Any]:
        client, olds, args, changed = op.client, op.outs, op.args, op.changed
        # The rename first: every later call names the subuser by its new username.
        if "username" in changed:
            self._rename(client, olds, args)
        if changed & {"email", "password"}:
            acting = acting_for(client, args.username, args.region)
            if "email" in changed:
                acting.user.set_email(args.email)
            if "password" in changed:
                self._change_password(acting, olds, args)
        if "ips" in changed:
            client.subusers.set_ips(args.username, args.ips)
        if "disabled" in changed:
            client.subusers.set_disabled(args.username, args.disabled)
        if "website_access" in changed:
            client.subusers.set_website_access(args.username, args.website_access)
        return {}

    @staticmethod
    def _rename(client: SendGridClient, olds: Mapping[str, Any], args: SubuserInputs) -> None:
        """``PUT /v3/user/username`` on behalf of the old username; reconciles.

        When the old username acts for nobody any more (an interrupted run already renamed
        it), the subuser is found by its user id and only what is missing is done.
        """
        old = str(olds.get("username"))
        try:
            acting_for(client, old, args.region).user.set_username(args.username)
            return
        except (AuthenticationError, PermissionDeniedError, NotFoundError):
            remote = _by_id(client, olds)
        if remote is None:
            raise ProviderError(
                f"Subuser {old!r}: SendGrid no longer has this subuser (user id "
                f"{olds.get('user_id')}), so it cannot be renamed to {args.username!r}; run "
                "`pulumi refresh` and `pulumi up` to create it again."
            )
        if remote.username != args.username:
            acting_for(client, remote.username, args.region).user.set_username(args.username)

    @staticmethod
    def _change_password(
        acting: SendGridClient, olds: Mapping[str, Any], args: SubuserInputs
    ) -> None:
        """``PUT /v3/user/password`` with the old password from the state; reconciles.

        SendGrid refuses an ``old_password`` that is not the current one: when an
        interrupted run already set the new password, the new one is the current one.
        """
        new = args.password.get_secret_value()
        try:
            acting.user.set_password(str(olds.get("password", "")), new)
        except InvalidRequestError as exc:
            if not any(d.field == "old_password" for d in exc.errors):
                raise
            try:
                acting.user.set_password(new, new)
            except InvalidRequestError as again:
                if not any(d.field == "old_password" for d in again.errors):
                    raise
                raise ProviderError(
                    f"Subuser {args.username!r}: SendGrid refuses the password recorded in "
                    "the state as the current one (was it changed outside Pulumi?), so the "
                    "new password cannot be set. Set it in SendGrid, or replace the subuser."
                ) from None

    def _delete(self, op: Op[SubuserInputs]) -> None:
        client, args = op.client, op.args
        client.subusers.delete(args.username)


def _by_id(client: SendGridClient, outs: Mapping[str, Any]) -> RemoteSubuser | None:
    """The subuser with the user id recorded in ``outs`` (whatever its username now)."""
    user_id = outs.get("user_id")
    if user_id is None:
        return None
    return client.subusers.find_by_id(int(user_id))


__all__ = ["SubuserInputs", "SubuserOutputs", "SubuserProvider"]
