"""What :class:`DomainAuthentication` and :class:`LinkBranding` share.

Both are objects of one account, reached with ``on-behalf-of``: a subuser's
(``subuser``), an account's (``account``), or the parent's (neither). A parent's object
can be lent to subusers (``associated_subusers``), which the provider keeps in sync.
Both hand out DNS records keyed by SendGrid's own names; the outputs keep
``{type, host, data, valid}`` of each, so that a DNS record built from them never
changes unless SendGrid's answer does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, ClassVar, Generic, Protocol, TypeVar

from pydantic import BaseModel, Field, model_validator

from ..client import AlreadyExistsError, DnsRecord, NotFoundError, SendGridClient
from ..client._fields import Username
from . import _owner as owner
from ._base import NotOwnedError, Op, Prop, check_takeover
from ._owner import OwnerInputs, OwnerOutputs, acting_client
from ._schema import Outputs

__all__ = [
    "MAX_ASSOCIATED_SUBUSERS",
    "DnsRecords",
    "OwnedInputs",
    "OwnedProvider",
    "RecordsOutputs",
    "records_output",
]

MAX_ASSOCIATED_SUBUSERS = 5
"""How many subusers one declaration lends a parent's domain or link to."""


DnsRecords = dict[str, dict[str, Any]]
"""DNS records keyed by SendGrid's names, each ``{type, host, data, valid}``."""


class RecordsOutputs(OwnerOutputs):
    """What SendGrid assigns beside the id: the validity, the records, the owner's user id."""

    valid: Annotated[
        bool,
        Field(
            description="Whether SendGrid found the records (as of the last create, update "
            "or refresh)."
        ),
    ]
    dns_records: Annotated[
        DnsRecords,
        Field(
            description="The records to publish, keyed by SendGrid's names, each "
            "``{type, host, data, valid}``."
        ),
    ]
    user_id: Annotated[int | None, Field(description="SendGrid's id of the owner.")]


class OwnedInputs(OwnerInputs):
    """Whose object it is (the owner model of :mod:`._owner`) and who borrows it."""

    args_name: ClassVar[str] = "SenderAuthArgs"
    args_doc: ClassVar[str] = "Who borrows a parent's authenticated domain or branded links."
    args_public: ClassVar[bool] = False
    #: The generated base class of both resources: these outputs and the records', typed once.
    resource_base: ClassVar[str] = "SenderAuthResource"
    outputs_base: ClassVar[type[Outputs]] = RecordsOutputs

    associated_subusers: Annotated[
        list[Username] | None,
        Prop("POST .../{id}/subuser (DELETE to take back)", unordered=True),
        Field(
            description="Subusers (usernames, at most five) a parent's object is lent to; "
            "kept in sync."
        ),
    ] = None

    @model_validator(mode="after")
    def _lent_by_the_parent(self) -> OwnedInputs:
        lent = self.associated_subusers
        if lent and (self.subuser is not None or self.account is not None):
            raise ValueError(
                "associated_subusers: only the parent's own object can be associated with "
                "subusers; leave out subuser and account"
            )
        if lent is not None and len(lent) > MAX_ASSOCIATED_SUBUSERS:
            raise ValueError(
                f"associated_subusers: at most {MAX_ASSOCIATED_SUBUSERS} subusers (got {len(lent)})"
            )
        if lent is not None and len(set(lent)) != len(lent):
            raise ValueError("associated_subusers: must not name a subuser twice")
        return self

    def owner_label(self) -> str:
        """Whose object it is, for messages."""
        if self.subuser is not None:
            return f"subuser {self.subuser!r}"
        if self.account is not None:
            return f"account {self.account!r}"
        return "the parent"


def records_output(dns: Mapping[str, DnsRecord]) -> dict[str, dict[str, Any]]:
    """The ``dns_records`` output: ``{name: {type, host, data, valid}}``, in name order."""
    return {
        name: {"type": r.type, "host": r.host, "data": r.data, "valid": r.valid}
        for name, r in sorted(dns.items())
    }


class Remote(Protocol):
    """What SendGrid reports of an authenticated domain or a branded link."""

    @property
    def id(self) -> int: ...
    @property
    def user_id(self) -> int | None: ...
    @property
    def domain(self) -> str: ...
    @property
    def subdomain(self) -> str | None: ...
    @property
    def valid(self) -> bool: ...
    @property
    def dns(self) -> dict[str, DnsRecord]: ...


R = TypeVar("R", bound=Remote)
R_co = TypeVar("R_co", bound=Remote, covariant=True)


class Objects(Protocol[R_co]):
    """The client's calls of one kind of object (``client.domains``, ``client.links``)."""

    def create(self, req: Any, /) -> R_co: ...
    def get(self, object_id: int, /) -> R_co: ...
    def update(self, object_id: int, req: Any, /) -> R_co: ...
    def delete(self, object_id: int, /) -> None: ...


class NamedInputs(Protocol):
    """The inputs that name an object: its domain and subdomain, and its owner."""

    domain: str
    subdomain: str | None

    def owner_label(self) -> str: ...


def label(args: NamedInputs) -> str:
    """The object as a message names it: its host and its owner."""
    host = f"{args.subdomain}.{args.domain}" if args.subdomain else args.domain
    return f"{host} of {args.owner_label()}"


def matches(remote: Remote, args: NamedInputs) -> bool:
    """Whether ``remote`` is the declared object (domain and, when declared, subdomain)."""
    return remote.domain.lower() == args.domain and (
        args.subdomain is None or (remote.subdomain or "").lower() == args.subdomain
    )


class OwnedProvider(owner.OwnedProvider, Generic[R]):
    """A provider of an owned object: owner moves replace, associations are kept in sync.

    The calls are shared: the create, made on behalf of the owner, exactly once (a lost
    answer is found again by listing), an interrupted run's object (by domain, subdomain
    and owner) taken over when it matches; the read, the ``PATCH`` of the fields of
    ``update_model`` and the delete. Subclasses name the id output (``id_output``), the
    request models (``create_model``, ``update_model``) and implement :meth:`_objects`,
    :meth:`_list`, :meth:`_mismatch`, :meth:`_reported` and the associations
    (:meth:`_lend`, :meth:`_take_back`, :meth:`_lent_to`).
    """

    id_output: ClassVar[str]
    create_model: ClassVar[type[BaseModel]]
    update_model: ClassVar[type[BaseModel]]

    def _objects(self, client: SendGridClient) -> Objects[R]:
        """The client's calls of the objects (``client.domains``)."""
        raise NotImplementedError

    def _list(self, client: SendGridClient, args: Any) -> Iterable[R]:
        """The objects of the acting account that may be the declared one."""
        raise NotImplementedError

    def _mismatch(self, remote: R, args: Any) -> str:
        """What differs from the declaration ('' when nothing does)."""
        raise NotImplementedError

    def _reported(self, remote: R, args: Any) -> dict[str, Any]:
        """The inputs a read reports beside the domain and subdomain."""
        raise NotImplementedError

    def _patch(self, client: SendGridClient, object_id: int, args: Any) -> R:
        """``PATCH`` the fields of ``update_model`` to the declared values."""
        return self._objects(client).update(object_id, args.to_request(self.update_model))

    def _converge(self, client: SendGridClient, remote: R, args: Any) -> R:
        """Bring a taken-over object's in-place fields to the declaration."""
        if any(getattr(remote, n) != getattr(args, n) for n in self.update_model.model_fields):
            return self._patch(client, remote.id, args)
        return remote

    def _journal_name(self, args: Any) -> str | None:
        owner_name = args.account or args.subuser or ""
        return f"{owner_name}/{args.subdomain or ''}.{args.domain}"

    def _computed_of_remote(self, remote: R) -> dict[str, Any]:
        """The computed outputs: the id, validity, records and the owner's user id."""
        return {
            self.id_output: remote.id,
            "valid": remote.valid,
            "dns_records": records_output(remote.dns),
            "user_id": remote.user_id,
        }

    def _find(self, client: SendGridClient, args: Any) -> R | None:
        found = [remote for remote in self._list(client, args) if matches(remote, args)]
        return found[0] if len(found) == 1 else None

    def _create_as(self, acting: SendGridClient, op: Op[Any]) -> tuple[str, dict[str, Any]]:
        args = op.args
        remote: R | None = None
        if op.interrupted or args.adopt:
            remote = self._find(acting, args)
        if remote is not None:
            mismatch = self._mismatch(remote, args)
            check_takeover(self.kind, label(args), args.adopt, op.interrupted, mismatch)
            remote = self._converge(acting, remote, args)
        else:
            request = args.to_request(self.create_model)
            made: list[R] = []
            try:
                found = acting.transport.create_once(
                    lambda: made.append(self._objects(acting).create(request)),
                    lambda: self._find(acting, args),
                )
            except AlreadyExistsError:
                raise NotOwnedError(
                    f"{self.kind} {label(args)} already exists in SendGrid and no "
                    "interrupted run on this machine created it; set adopt=True to take it "
                    "over and bring it to the declared state."
                ) from None
            remote = made[-1] if found is None else found
        if args.associated_subusers:
            self._sync_associations(op.client, remote.id, (), args.associated_subusers)
        return str(remote.id), self._computed_of_remote(remote)

    def _read_as(self, client: SendGridClient, op: Op[Any]) -> dict[str, Any]:
        args = op.args
        remote = self._objects(client).get(int(op.id))
        state: dict[str, Any] = {
            "domain": remote.domain.lower(),
            **self._reported(remote, args),
            **self._computed_of_remote(remote),
        }
        # What SendGrid picks when it is not declared is not drift.
        if args.subdomain is not None and remote.subdomain is not None:
            state["subdomain"] = remote.subdomain.lower()
        return state

    def _read(self, op: Op[Any]) -> dict[str, Any] | None:
        state = super()._read(op)
        if state is not None:
            state.update(self._associations(op.client, int(op.id), op.args.associated_subusers))
        return state

    def _update(self, op: Op[Any]) -> dict[str, Any]:
        args, changed = op.args, op.changed
        computed: dict[str, Any] = {}
        if changed & set(self.update_model.model_fields):
            computed = self._computed_of_remote(self._patch(acting_client(op), int(op.id), args))
        if "associated_subusers" in changed:
            old = op.outs.get("associated_subusers") or []
            self._sync_associations(op.client, int(op.id), old, args.associated_subusers or [])
        return computed

    def _delete_as(self, client: SendGridClient, op: Op[Any]) -> None:
        self._objects(client).delete(int(op.id))

    # --------------------------------------------------------------------- associations

    def _lend(self, client: SendGridClient, object_id: int, username: str) -> None:
        """Associate the parent's object with ``username``."""
        raise NotImplementedError

    def _take_back(self, client: SendGridClient, object_id: int, username: str) -> None:
        """Undo the association (:class:`NotFoundError`: there was none)."""
        raise NotImplementedError

    def _lent_to(self, client: SendGridClient, object_id: int, username: str) -> bool:
        """Whether the parent's object is associated with ``username``."""
        raise NotImplementedError

    def _sync_associations(
        self, client: SendGridClient, object_id: int, old: Iterable[str], new: Iterable[str]
    ) -> None:
        """Lend to the subusers of ``new`` not in ``old``; take back from the others.

        Both calls are idempotent, so a run that stopped half-way is finished by the next.
        """
        before, after = set(old), set(new)
        for username in sorted(before - after):
            with contextlib.suppress(NotFoundError):
                self._take_back(client, object_id, username)
        for username in sorted(after - before):
            self._lend(client, object_id, username)

    def _associations(
        self, client: SendGridClient, object_id: int, declared: list[str] | None
    ) -> dict[str, Any]:
        """The declared subusers the object is lent to (a read: one call per subuser)."""
        if not declared:
            return {}
        return {"associated_subusers": [u for u in declared if self._lent_to(client, object_id, u)]}
