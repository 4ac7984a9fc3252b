"""The owner model: whose account a tenant-scoped resource's object lives in.

Every tenant-scoped resource (API keys, domains, branded links, event webhooks, inbound
parse settings, teammates) names its owner the same way:

- ``subuser``: a :class:`~pulumi_sendgrid_reseller.Subuser` or
  :class:`~pulumi_sendgrid_reseller.Customer` resource, or a username. Calls go
  ``on-behalf-of: <username>``, at the EU endpoint (``sendgrid-reseller:apiUrlEu``) for an
  EU subuser: the region comes from the ``Subuser`` resource, else from reading the
  subuser at create; it is kept as the output ``subuser_region``.
- ``account``: an :class:`~pulumi_sendgrid_reseller.Account` resource or an account id.
  Calls go ``on-behalf-of: account-id <id>``.
- neither: the parent account. Both: refused at preview (``subuser: must not be given
  together with account ...``), even while one of them is unknown.

**A rename of the owner is not a move.** SendGrid attaches an object to the account, not
to its username: after ``PUT /v3/user/username`` it is still there. Another owner is
another account, so a change of owner replaces the object. Ids tell the two apart:

- ``subuser_id``, the subuser's user id: a new username with the same id is a rename;
- ``subuser_ref``, the Pulumi URN and region of the ``Subuser`` (or ``Customer``)
  resource. In a preview the engine does not know the user id of a subuser being updated;
  the same resource in the same region is then the same account (only a region change
  replaces a subuser);
- ``account``: an account's id never changes, so another id is another account.

Both ``subuser_id`` and ``subuser_ref`` are filled in when the program passes the resource
itself as ``subuser``. A new username that nothing vouches for is a move.

Using it in a new resource ``X`` (its private module ``resources/_x.py``)::

    class XInputs(OwnerInputs, XFields):                 # subuser, subuser_id, subuser_ref,
        ...                                              # account + the one-owner rule

    class XOutputs(OwnerOutputs):                        # subuser_region
        x_id: Annotated[str, Field(description="...")]

    class XProvider(OwnedProvider):                      # diff: a move replaces
        schema = ResourceSchema(XInputs, XOutputs, Calls(...), doc="...")
        # (the owner's references and unpack_owner come with XInputs)

        def _create_as(self, client: SendGridClient, op: Op[XInputs]) -> tuple[str, ...]:
            made: list[RemoteX] = []                     # the owner exists; the calls
            found = client.transport.create_once(        # on its behalf: a lost answer
                lambda: made.append(client.xs.create(...)), lambda: find(client)
            )                                            # is read for
            remote = found if found is not None else made[-1]
            return remote.id, {"x_id": remote.id}        # + subuser_region

        def _read_as(self, client: SendGridClient, op: Op[XInputs]) -> dict[str, Any]:
            return reported(client.xs.get(op.id))        # for the owner, also renamed

        def _delete_as(self, client: SendGridClient, op: Op[XInputs]) -> None:
            client.xs.delete(op.id)                      # an owner gone took X along

        # _update: acting_client(op).xs.update(...)

The generated ``XArgs`` then derives from ``OwnerArgs`` (the owner arguments, typed with
the resources they accept) and ``X`` has the owner outputs.

A resource whose owner can only be a subuser (``SubuserCredits``) uses
:class:`SubuserOwnerInputs` (and makes ``subuser`` required) with the same provider.
:func:`acting_client` also serves inputs that only mirror another resource's owner (a
validation of a domain): it reads ``subuser``, ``account`` and ``subuser_ref`` wherever
they are declared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Self, TypeVar

import pulumi
from pydantic import Field, ValidationInfo, model_validator

from ..client import (
    AuthenticationError,
    CredentialsError,
    NotFoundError,
    PermissionDeniedError,
    SendGridClient,
)
from ..client._fields import Username
from ._base import BaseProvider, InputModel, Op, Prop, ProviderError, acting_for, is_unknown
from ._resource import Args, SendGridResource
from ._schema import Outputs

__all__ = [
    "OWNER_COMPUTED",
    "OWNER_REFERENCES",
    "AccountId",
    "OwnedProvider",
    "Owner",
    "OwnerInputs",
    "OwnerOutputs",
    "SubuserId",
    "SubuserIdInputs",
    "SubuserOwnerInputs",
    "SubuserRef",
    "acting_client",
    "moved_fields",
    "owner_call",
    "owner_of",
    "owner_read",
    "unpack_owner",
]

T = TypeVar("T")

SubuserId = Annotated[
    int | None,
    Field(ge=0, strict=False),
    Prop(local=True),
    Field(
        description="The subuser's user id. With it, a new ``subuser`` name with the same id "
        "is a rename and keeps the object; without it, any new ``subuser`` replaces it."
    ),
]
"""The user id of the subuser a resource belongs to (tells a rename from a move)."""
SubuserRef = Annotated[
    str | None,
    Prop(local=True),
    Field(
        description="The ``Subuser`` resource's URN and region (filled in from a ``Subuser``), "
        "which tells a rename from a move in a preview."
    ),
]
"""The URN and region of the ``Subuser`` resource a resource belongs to."""
AccountId = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]
"""An Account Provisioning account id."""

OWNER_REFERENCES = {"subuser": ("Subuser", "Customer"), "account": ("Account",)}
"""The owner inputs that also accept the owner's resource (:func:`unpack_owner`)."""


class OwnerOutputs(Outputs):
    """The outputs the owner model adds to a resource's computed outputs."""

    subuser_region: Annotated[
        str | None,
        Field(description="The owner subuser's region: it decides the endpoint of calls for it."),
    ]


OWNER_COMPUTED: tuple[str, ...] = tuple(OwnerOutputs.model_fields)
"""The names of :class:`OwnerOutputs`."""

#: The rule of :class:`OwnerInputs`, as a check failure states it.
ONE_OWNER = (
    "subuser: must not be given together with account: one owner at most, a subuser (a "
    "Subuser, a Customer or a username) or an account (an Account or an account id); "
    "neither is the parent"
)


# --------------------------------------------------------------------------------------
# The program side: a resource given as owner
# --------------------------------------------------------------------------------------


def unpack_owner(args: Args) -> Args:
    """``args`` with a resource given as owner made the values the provider takes.

    A ``Subuser`` or ``Customer`` as ``subuser`` becomes its username, its user id
    (``subuser_id``; an explicit one wins) and its URN and region (``subuser_ref``); an
    ``Account`` as ``account`` becomes its account id.

    Raises:
        TypeError: another resource given as ``subuser`` or ``account``.
    """
    out = dict(args)
    sub = args.get("subuser")
    if isinstance(sub, SendGridResource):
        if sub.provider_type.kind not in ("Subuser", "Customer"):
            raise TypeError(
                f"subuser: must be a Subuser, a Customer or a username, not {type(sub).__name__}"
            )
        # A subuser declared without a region has no region output: it is the default one.
        region: pulumi.Input[str] = getattr(sub, "region", None) or "global"
        out["subuser"] = sub.username  # type: ignore[attr-defined]
        out["subuser_ref"] = pulumi.Output.all(sub.urn, region).apply(
            lambda parts: f"{parts[0]} {parts[1]}"
        )
        if args.get("subuser_id") is None:
            out["subuser_id"] = sub.user_id  # type: ignore[attr-defined]
    account = args.get("account")
    if isinstance(account, SendGridResource):
        if account.provider_type.kind != "Account":
            raise TypeError(
                f"account: must be an Account or an account id, not {type(account).__name__}"
            )
        out["account"] = account.account_id  # type: ignore[attr-defined]
    return out


# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------


class SubuserIdInputs(InputModel):
    """What tells a rename of a resource's subuser from a move: its user id and its resource."""

    args_name: ClassVar[str] = "SubuserIdArgs"
    args_doc: ClassVar[str] = "What tells a rename of the owner subuser from a move."
    args_public: ClassVar[bool] = False
    #: The generated base class of the resources a subuser may own: these outputs, typed once.
    resource_base: ClassVar[str] = "SubuserIdResource"
    subuser_id: SubuserId = None
    subuser_ref: SubuserRef = None


class SubuserOwnerInputs(SubuserIdInputs):
    """The inputs of a resource that a subuser may own: ``subuser``, ``subuser_id``, ``_ref``.

    A resource's schema takes its ``references`` and ``prepare_args`` from here: a program
    may give the owner's resource, which :func:`unpack_owner` makes values.
    """

    references: ClassVar[Mapping[str, tuple[str, ...]]] = {"subuser": OWNER_REFERENCES["subuser"]}
    prepare_args: ClassVar[Callable[[Args], Args]] = staticmethod(unpack_owner)
    subuser: Annotated[
        Username | None,
        Prop(owner=True),
        Field(
            description="A ``Subuser`` or ``Customer`` (which also gives ``subuser_id`` and "
            "``subuser_ref``), or a username: calls are made on its behalf. A rename of the "
            "subuser keeps the object; another subuser replaces it."
        ),
    ] = None


class OwnerInputs(SubuserOwnerInputs):
    """The owner inputs of every tenant-scoped resource: a subuser, an account, or neither.

    Mix it into a resource's inputs (``class XInputs(OwnerInputs, XFields)``). Giving both
    ``subuser`` and ``account`` fails the check, also in a preview where one of them is
    not known yet (the provider's ``check`` passes the unknown fields as context).
    """

    args_name: ClassVar[str] = "OwnerArgs"
    args_doc: ClassVar[str] = (
        "Whose object a tenant-scoped resource manages. A subuser, an account, or neither "
        "(the parent's object); both are refused at preview."
    )
    args_public: ClassVar[bool] = True
    references: ClassVar[Mapping[str, tuple[str, ...]]] = OWNER_REFERENCES
    #: The generated base class of the resources: the owner outputs, typed once.
    resource_base: ClassVar[str] = "OwnedResource"
    outputs_base: ClassVar[type[Outputs]] = OwnerOutputs
    account: Annotated[
        AccountId | None,
        Prop(owner=True),
        Field(
            description="An ``Account`` or an account id: calls are made on its behalf "
            "(``on-behalf-of: account-id <id>``); another account replaces the object."
        ),
    ] = None

    @model_validator(mode="after")
    def _one_owner(self, info: ValidationInfo) -> Self:
        context = info.context if isinstance(info.context, Mapping) else {}
        unknown = context.get("unknown", ())
        given = [n for n in ("subuser", "account") if getattr(self, n) is not None or n in unknown]
        if len(given) > 1:
            raise ValueError(ONE_OWNER)
        return self


# --------------------------------------------------------------------------------------
# The client acting for the owner
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Owner:
    """The owner of a new object, checked to exist.

    Attributes:
        client: a client whose calls act for the owner (``on-behalf-of``), or the parent's.
        outputs: the owner's computed outputs (``subuser_region``), to return from
            ``_create`` beside the object's own.
    """

    client: SendGridClient
    outputs: dict[str, Any] = field(default_factory=dict)


def owner_of(op: Op[Any]) -> Owner:
    """The owner of the object a create makes: checked to exist, with its acting client.

    ``op.args`` has ``subuser`` and, when the resource takes them, ``subuser_id``,
    ``subuser_ref`` and ``account`` (:class:`OwnerInputs` has all four).

    Raises:
        ProviderError: no such subuser (or customer) or account, or the subuser's user id
            is not ``subuser_id``.
    """
    args, client = op.args, op.client
    account: str | None = getattr(args, "account", None)
    if account is not None:
        if not _account_exists(client, account):
            raise ProviderError(f"account: there is no account {account!r}")
        return Owner(client.acting_for_account(account))
    name: str | None = args.subuser
    user_id_given: int | None = getattr(args, "subuser_id", None)
    if name is None:
        return Owner(client)
    found = _find_by_name(client, name)
    if found is None:
        raise ProviderError(f"subuser: there is no subuser {name!r} (nor a v2 customer)")
    user_id, region = found
    if user_id_given is not None and user_id is not None and user_id != user_id_given:
        raise ProviderError(
            f"subuser: {name!r} has user id {user_id}, not subuser_id {user_id_given}"
        )
    return Owner(acting_for(client, name, region), {"subuser_region": region})


def acting_client(op: Op[Any], subuser: str | None = None) -> SendGridClient:
    """The client whose calls act for the owner of ``op``'s object (the parent: none).

    A subuser's region is the state's ``subuser_region``, else the ``Subuser`` resource's
    (``subuser_ref``), else read. ``subuser`` names the subuser instead of the inputs (a
    subuser renamed outside Pulumi).
    """
    args, client = op.args, op.client
    account: str | None = getattr(args, "account", None)
    if account is not None:
        return client.acting_for_account(account)
    name: str | None = subuser or args.subuser
    if name is None:
        return client
    region = op.outs.get("subuser_region") or _region_of_ref(getattr(args, "subuser_ref", None))
    if region is None:
        found = _find_by_name(client, name)
        region = found[1] if found is not None else None
    return acting_for(client, name, region)


def owner_call(op: Op[Any], call: Callable[[SendGridClient], T]) -> tuple[T, dict[str, Any]] | None:
    """Make ``call`` for the owner; survive an owner renamed or deleted outside Pulumi.

    Returns the call's result and the owner's changed inputs (``{"subuser": <new name>}``
    for a subuser renamed outside Pulumi, found by ``subuser_id``), or ``None`` when the
    owner is gone, and its objects with it. A refusal while the owner exists is raised.
    """
    try:
        return call(acting_client(op)), {}
    except (AuthenticationError, PermissionDeniedError):
        args, client = op.args, op.client
        account: str | None = getattr(args, "account", None)
        if account is not None:
            if _account_exists(client, account):
                raise
            return None
        if args.subuser is None or _find_by_name(client, args.subuser) is not None:
            raise
        user_id: int | None = getattr(args, "subuser_id", None)
        renamed = None if user_id is None else _find_by_id(client, user_id)
        if renamed is None:
            return None
        return call(acting_client(op, renamed)), {"subuser": renamed}


def owner_read(
    op: Op[Any], read: Callable[[SendGridClient], Mapping[str, Any] | None]
) -> dict[str, Any] | None:
    """What ``read`` reports of the object, made for its owner (:func:`owner_call`).

    The owner's changed inputs (a subuser renamed outside Pulumi) come along; ``None``
    when the object is gone (``read`` reports nothing) or its owner is, and it with it.
    """
    state, owner_state = owner_call(op, read) or (None, {})
    return {**state, **owner_state} if state else None


def _account_exists(client: SendGridClient, account: str) -> bool:
    try:
        client.accounts.get_state(account)
    except NotFoundError:
        return False
    return True


def _region_of_ref(ref: str | None) -> str | None:
    if not ref or " " not in ref:
        return None
    return ref.rsplit(" ", 1)[1] or None


def _find_by_name(client: SendGridClient, name: str) -> tuple[int | None, str] | None:
    """The user id and region of the subuser or v2 customer ``name``, or ``None``."""
    subuser = client.subusers.get(name)
    if subuser is not None:
        return subuser.id, subuser.region or "global"
    try:
        customer = client.customers.get(name)
    except CredentialsError:  # no v2 API user configured: there are no customers to ask
        return None
    return None if customer is None else (customer.id, "global")


def _find_by_id(client: SendGridClient, user_id: int) -> str | None:
    """The username of the subuser or v2 customer whose user id is ``user_id``."""
    subuser = client.subusers.find_by_id(user_id)
    if subuser is not None:
        return subuser.username
    try:
        customers = client.customers.list()
    except CredentialsError:
        return None
    return next((c.username for c in customers if c.id == user_id), None)


# --------------------------------------------------------------------------------------
# Diff: another owner replaces
# --------------------------------------------------------------------------------------


def _same_id(old: Any, new: Any) -> bool:
    try:
        return old is not None and new is not None and float(old) == float(new)
    except (TypeError, ValueError):
        return False


def _subuser_moved(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    old_name, new_name = olds.get("subuser"), news.get("subuser")
    old_id, new_id = olds.get("subuser_id"), news.get("subuser_id")
    old_ref, new_ref = olds.get("subuser_ref"), news.get("subuser_ref")
    if is_unknown(new_id):
        # The subuser is being changed in this run: same resource, same region = same account.
        if old_ref is not None and not is_unknown(new_ref) and old_ref == new_ref:
            return []
        return ["subuser_id"] if old_id is not None else ["subuser"]
    if old_id is not None and new_id is not None:
        return [] if _same_id(old_id, new_id) else ["subuser_id"]
    if is_unknown(new_name) or old_name == new_name:
        return []
    return ["subuser"]


def moved_fields(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The owner fields whose change moves the object to another account (it is replaced).

    ``[]`` when the account stays, under the same or a new username. An account is its
    id: another (or a not yet known) ``account`` is another account.
    """
    old_account, new_account = olds.get("account"), news.get("account")
    moved = ["account"] if is_unknown(new_account) or old_account != new_account else []
    return [*moved, *_subuser_moved(olds, news)]


class OwnedProvider(BaseProvider):
    """A provider of a tenant-scoped resource: a move to another owner replaces.

    Create, read and delete act for the owner: the create checks that it exists, read and
    delete survive an owner renamed or deleted outside Pulumi (:func:`owner_call`).
    Subclasses implement them for a client acting for the owner, :meth:`_create_as`,
    :meth:`_read_as` and :meth:`_delete_as` (or override ``_create``, ``_read`` and
    ``_delete``).
    Further replacing rules override ``_replacing``, extending
    ``super()._replacing(olds, news)``.
    """

    def _replacing(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Iterable[str]:
        return moved_fields(olds, news)

    def _create(self, op: Op[Any]) -> tuple[str, dict[str, Any]]:
        owner = owner_of(op)
        id_, computed = self._create_as(owner.client, op)
        return id_, {**owner.outputs, **computed}

    def _read(self, op: Op[Any]) -> dict[str, Any] | None:
        # None: the object is gone, or its owner is, and its objects with it.
        return owner_read(op, lambda client: self._read_as(client, op))

    def _delete(self, op: Op[Any]) -> None:
        # An owner that is gone took its objects along.
        owner_call(op, lambda client: self._delete_as(client, op))

    def _create_as(self, client: SendGridClient, op: Op[Any]) -> tuple[str, dict[str, Any]]:
        """Create the object (or take it over), ``client`` acting for its owner.

        The owner is checked to exist (:func:`owner_of`); returns the object's id and its
        computed outputs, to which the owner's (``subuser_region``) are added.
        """
        raise NotImplementedError

    def _read_as(self, client: SendGridClient, op: Op[Any]) -> Mapping[str, Any] | None:
        """What SendGrid reports of the object (``None`` or ``{}``: it is gone).

        ``client`` acts for the owner (under its new name when it was renamed).
        """
        raise NotImplementedError

    def _delete_as(self, client: SendGridClient, op: Op[Any]) -> None:
        """Delete the object, ``client`` acting for the owner."""
        raise NotImplementedError
