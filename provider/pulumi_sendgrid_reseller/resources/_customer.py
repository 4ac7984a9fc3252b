"""``Customer``: a v2 reseller customer account (``reseller.add`` / ``manage`` / ``delete``).

The public ``CustomerArgs`` and ``Customer`` are generated from ``CustomerProvider.schema``.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Annotated, Any

from pydantic import Field, model_validator

from ..client import (
    AlreadyExistsError,
    CustomerCreate,
    CustomerFilter,
    NotFoundError,
    ProfileUpdate,
    SendGridClient,
)
from ..client import Customer as RemoteCustomer
from ..client._fields import (
    CustomerFields,
    CustomerProfileFields,
    create_body,
    reported_fields,
)
from ..client._models import PROFILE_FIELDS
from ._base import (
    BaseProvider,
    InputModel,
    NotOwnedError,
    Op,
    Prop,
    ProviderError,
    check_takeover,
)
from ._passwords import ResourcePassword, ResourcePasswordRule
from ._schema import Calls, Outputs, ResourceSchema

_READABLE_PROFILE = reported_fields(CustomerProfileFields)
"""The profile fields the profile get reports (all but ``company``)."""


class CustomerInputs(ResourcePasswordRule, InputModel, CustomerFields):
    """The validated inputs of a :class:`Customer`: the customer table, and these."""

    confirm_password: Annotated[
        ResourcePassword | None,
        Prop(local=True),
        Field(description="The password again; when given, it must match ``password``."),
    ] = None

    @model_validator(mode="after")
    def _confirmed(self) -> CustomerInputs:
        confirm = self.confirm_password
        if confirm is not None and confirm.get_secret_value() != self.password.get_secret_value():
            raise ValueError("confirm_password: must match password")
        return self


class CustomerOutputs(Outputs):
    """What SendGrid assigns to, and reports of, a customer."""

    user_id: Annotated[int, Field(description="SendGrid's id of the customer.")]
    active: Annotated[
        bool,
        Prop(follows=("enabled",)),
        Field(description="Whether SendGrid reports the customer as active (able to send)."),
    ]


class CustomerProvider(BaseProvider):
    """Creates, reads, updates and deletes v2 customers."""

    schema = ResourceSchema(
        CustomerInputs,
        CustomerOutputs,
        Calls(
            "reseller.add (then disable / website_disable when asked)",
            "reseller.manage method=profile task=get username=",
            "reseller.delete",
        ),
        doc="""A SendGrid reseller customer (a v2 customer account of the parent).

        ``password`` is a secret input and a secret output. The id is SendGrid's user id. A
        replacement needs a new ``username``: SendGrid keeps a deleted customer's username
        reserved.
        """,
        claims=("username", "username"),
        natural_key="username",
    )

    def _check_replacement(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], replaces: list[str]
    ) -> None:
        old_name, new_name = olds.get("username"), news.get("username")
        if isinstance(new_name, str) and new_name == old_name and new_name != "":
            fields = ", ".join(replaces)
            raise ProviderError(
                f"Customer {old_name!r}: a change of {fields} cannot be made in place (no "
                "SendGrid call changes it), so the customer must be replaced; but SendGrid "
                "keeps a deleted customer's username reserved, so the replacement cannot "
                f"reuse {old_name!r}. Give the customer a new username in the same change, "
                f"or revert {fields}."
            )

    # ------------------------------------------------------------------------- create

    def _create(self, op: Op[CustomerInputs]) -> tuple[str, dict[str, Any]]:
        client, args, interrupted = op.client, op.args, op.interrupted
        request = _create_request(args)
        refused: AlreadyExistsError | None = None
        try:
            client.transport.create_once(
                lambda: client.customers.add(request),
                lambda: client.customers.get(args.username),
            )
        except AlreadyExistsError as exc:
            refused = exc
        existing = _existing(client, args, refused, interrupted) if refused else None
        if existing is not None:
            # Adopted, or left half-made by an earlier run: bring it to the declared state.
            changed = _differences(existing, args) | {"password", "enabled", "website_access"}
            _apply(client, existing.username, args, changed)
        else:
            if not args.enabled:
                client.customers.disable(args.username)
            if not args.website_access:
                client.customers.website_disable(args.username)
        # An adopted customer was read already (same username, same id); a new one is read once.
        created = existing if existing is not None else client.customers.get(args.username)
        if created is None:
            raise ProviderError(
                f"Customer {args.username!r}: SendGrid accepted the creation but does not list "
                "the customer; run `pulumi refresh` and `pulumi up` again."
            )
        id_ = str(created.id) if created.id is not None else args.username
        return id_, {"user_id": created.id, "active": args.enabled}

    # --------------------------------------------------------------------------- read

    def _read(self, op: Op[CustomerInputs]) -> dict[str, Any] | None:
        client, id_, args, outs = op.client, op.id, op.args, op.outs
        remote = client.reads.customer(_user_id(id_, outs), args.username)
        if remote is None:
            return None
        # SendGrid reports ``enabled`` as ``active``.
        return {
            **op.reported(remote),
            "enabled": remote.active,
            "active": remote.active,
            "user_id": remote.id,
        }

    # ------------------------------------------------------------------------- update

    def _update(self, op: Op[CustomerInputs]) -> dict[str, Any]:
        client, id_, olds, args, changed = op.client, op.id, op.outs, op.args, op.changed
        username = str(olds.get("username", args.username))
        try:
            _apply(client, username, args, changed)
        except (NotFoundError, AlreadyExistsError) as exc:
            # A call's premise is gone: an earlier update that failed part-way (whose
            # outputs the engine did not keep) renamed the customer, or SendGrid already
            # holds the new name. Read the customer by its id and apply what is missing.
            remote = _by_id(client, id_, olds, None)
            if remote is None:
                raise ProviderError(
                    f"Customer {username!r} (user id {id_}) no longer exists in SendGrid; "
                    "run `pulumi refresh` to record that it is gone."
                ) from None
            if isinstance(exc, AlreadyExistsError) and remote.username != args.username:
                raise
            _apply(client, remote.username, args, _missing(remote, args, changed))
        return {"active": args.enabled}

    # ------------------------------------------------------------------------- delete

    def _delete(self, op: Op[CustomerInputs]) -> None:
        client, id_, args, outs = op.client, op.id, op.args, op.outs
        try:
            client.customers.delete(args.username)
        except NotFoundError:
            # Gone, or renamed by an update that failed part-way: the id tells.
            remote = _by_id(client, id_, outs, None)
            if remote is None:
                return
            client.customers.delete(remote.username)


def _by_id(
    client: SendGridClient, id_: str, outs: Mapping[str, Any], username: str | None
) -> RemoteCustomer | None:
    """The customer with SendGrid's user id, whatever its name is now.

    The id is ``id_`` (or ``outs["user_id"]``); only when neither is known, the customer
    named ``username`` (or ``outs["username"]``).
    """
    wanted = _user_id(id_, outs)
    if wanted is None:
        name = username if username is not None else outs.get("username")
        return client.customers.get(name) if isinstance(name, str) else None
    found = client.customers.list(CustomerFilter(id=wanted))
    return next((c for c in found if c.id == wanted), None)


def _user_id(id_: str, outs: Mapping[str, Any]) -> int | None:
    """SendGrid's user id of the customer: ``id_``, else ``outs["user_id"]``, else ``None``."""
    user_id = outs.get("user_id")
    if id_.isdigit():
        return int(id_)
    if isinstance(user_id, int | float) and not isinstance(user_id, bool):
        return int(user_id)
    return None


def _existing(
    client: SendGridClient, args: CustomerInputs, exc: AlreadyExistsError, interrupted: bool
) -> RemoteCustomer:
    """The customer that holds the username, if this resource may take it over."""
    existing = client.customers.get(args.username)
    if existing is None:
        raise NotOwnedError(
            f"Customer {args.username!r}: SendGrid refuses the username ({exc.message}). "
            "A deleted customer's username stays reserved and cannot be registered "
            "again: choose another username."
        ) from None
    mismatch = ", ".join(sorted(_differences(existing, args) - {"company"}))
    check_takeover("Customer", args.username, args.adopt, interrupted, mismatch)
    return existing


def _create_request(args: CustomerInputs) -> CustomerCreate:
    return CustomerCreate.model_validate(create_body(args, CustomerCreate))


def _differences(remote: RemoteCustomer, args: CustomerInputs) -> set[str]:
    changed = {name for name in _READABLE_PROFILE if getattr(remote, name) != getattr(args, name)}
    if remote.email != args.email:
        changed.add("email")
    if args.company is not None:
        changed.add("company")
    return changed


def _missing(remote: RemoteCustomer, args: CustomerInputs, changed: AbstractSet[str]) -> set[str]:
    """What an update still has to apply to ``remote``.

    That is what SendGrid reports differently from the declaration, plus the changed fields
    it does not report (password, website access, company).
    """
    missing = _differences(remote, args) - {"company"}
    if remote.username != args.username:
        missing.add("username")
    if remote.active is not None and remote.active != args.enabled:
        missing.add("enabled")
    return missing | (changed & {"password", "website_access", "company"})


def _apply(
    client: SendGridClient, username: str, args: CustomerInputs, changed: AbstractSet[str]
) -> None:
    """Apply each changed field through its documented call, the username first."""
    if "username" in changed and username != args.username:
        client.customers.set_username(username, args.username)
    username = args.username
    if "email" in changed:
        client.customers.set_email(username, args.email)
    profile = {name: getattr(args, name) for name in PROFILE_FIELDS if name in changed}
    if "company" in profile and profile["company"] is None:
        profile["company"] = ""  # removed from the program: clear it rather than ignore it
    if profile:
        client.customers.set_profile(username, ProfileUpdate(**profile))
    if "password" in changed:
        client.customers.set_password(username, args.password)
    if "enabled" in changed:
        (client.customers.enable if args.enabled else client.customers.disable)(username)
    if "website_access" in changed:
        toggle = (
            client.customers.website_enable
            if args.website_access
            else client.customers.website_disable
        )
        toggle(username)


__all__ = ["CustomerInputs", "CustomerProvider"]
