"""``DomainAuthentication``: an authenticated sending domain (``/v3/whitelabel/domains``).

Made on behalf of its owner (a subuser, an account, or the parent). SendGrid answers the
create with the DNS records the team must publish (``dns_records``). ``default`` and
``custom_spf`` change in place (``PATCH``); every other argument, and the owner, needs a
new domain authentication. A parent's domain can be lent to subusers
(``associated_subusers``: ``POST .../{id}/subuser:add``, ``DELETE .../{id}/subuser``).

An interrupted create is recognised by domain, subdomain and owner: the next ``up`` finds
the domain the lost answer described and takes it over when it matches the declaration.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import Field

from ..client import (
    AuthenticatedDomain,
    DomainCreate,
    DomainUpdate,
    NotFoundError,
    SendGridClient,
)
from ..client._fields import DomainAuthenticationFields, create_fields
from ._base import Op
from ._owner import OWNER_REFERENCES, OwnerOutputs, acting_client, owner_call, unpack_owner
from ._schema import Calls, ResourceSchema
from ._sender_auth import DnsRecords, OwnedInputs, OwnedProvider

__all__ = ["SCHEMA", "DomainAuthenticationInputs", "DomainAuthenticationProvider"]


class DomainAuthenticationInputs(OwnedInputs, DomainAuthenticationFields):
    """The validated inputs of a :class:`DomainAuthentication`: the table and its owner."""

    def request(self) -> DomainCreate:
        """The create call's body."""
        return DomainCreate.model_validate(
            {name: getattr(self, name) for name in create_fields(DomainAuthenticationFields)}
        )


class DomainAuthenticationOutputs(OwnerOutputs):
    """What SendGrid assigns: the id, the validity, the records, the owner's user id."""

    domain_id: Annotated[int, Field(description="SendGrid's id of the authenticated domain.")]
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


SCHEMA = ResourceSchema(
    name="DomainAuthentication",
    doc="""An authenticated sending domain of a tenant or of the parent.

    ``dns_records`` are the records to publish in the team's DNS (keyed by SendGrid's
    names: ``mail_cname``, ``dkim1``, ``dkim2`` with automatic security; ``mail_server``,
    ``subdomain_spf``, ``domain_spf``, ``dkim`` without). Publish them, then declare a
    :class:`DomainAuthenticationValidation` that depends on them.
    """,
    inputs=DomainAuthenticationInputs,
    outputs=DomainAuthenticationOutputs,
    calls=Calls(
        create="POST /v3/whitelabel/domains (on behalf of the owner); associations: "
        "POST .../{id}/subuser:add",
        read="GET /v3/whitelabel/domains/{id} (404: gone)",
        delete="DELETE /v3/whitelabel/domains/{id}",
    ),
    references=OWNER_REFERENCES,
    prepare_args=unpack_owner,
)


def _mismatch(remote: AuthenticatedDomain, args: DomainAuthenticationInputs) -> str:
    differs = [
        name
        for name in ("automatic_security", "custom_spf", "default")
        if getattr(remote, name) != getattr(args, name)
    ]
    if args.ips is not None and sorted(remote.ips) != sorted(args.ips):
        differs.append("ips")
    return ", ".join(f"{name} differs" for name in differs)


class DomainAuthenticationProvider(OwnedProvider[AuthenticatedDomain]):
    """POST to create (on behalf of the owner), GET to read, PATCH, DELETE."""

    schema = SCHEMA
    id_output = "domain_id"

    def _make(self, client: SendGridClient, args: Any) -> AuthenticatedDomain:
        return client.domains.create(args.request())

    def _list(self, client: SendGridClient, args: Any) -> Iterable[AuthenticatedDomain]:
        return client.domains.iter(domain=args.domain)

    def _mismatch(self, remote: AuthenticatedDomain, args: Any) -> str:
        return _mismatch(remote, args)

    def _converge(
        self, client: SendGridClient, remote: AuthenticatedDomain, args: Any
    ) -> AuthenticatedDomain:
        if remote.default != args.default or remote.custom_spf != args.custom_spf:
            return client.domains.update(
                remote.id, DomainUpdate(default=args.default, custom_spf=args.custom_spf)
            )
        return remote

    def _read(self, op: Op[DomainAuthenticationInputs]) -> dict[str, Any] | None:
        args = op.args
        found = owner_call(op, lambda client: client.domains.get(int(op.id)))
        if found is None:
            return None  # the owner is gone, and its objects with it
        remote, owner_state = found
        state: dict[str, Any] = {
            "domain": remote.domain.lower(),
            "automatic_security": remote.automatic_security,
            "custom_spf": remote.custom_spf,
            "default": remote.default,
            **self._computed_of_remote(remote),
        }
        # What SendGrid picks when it is not declared is not drift.
        if args.subdomain is not None and remote.subdomain is not None:
            state["subdomain"] = remote.subdomain.lower()
        if args.ips is not None:
            state["ips"] = sorted(remote.ips)
        state.update(self._associations(op.client, remote.id, args.associated_subusers))
        return {**state, **owner_state}

    def _update(self, op: Op[DomainAuthenticationInputs]) -> dict[str, Any]:
        args, changed = op.args, op.changed
        computed: dict[str, Any] = {}
        if changed & {"default", "custom_spf"}:
            update = DomainUpdate(default=args.default, custom_spf=args.custom_spf)
            computed = self._computed_of_remote(
                acting_client(op).domains.update(int(op.id), update)
            )
        if "associated_subusers" in changed:
            old = op.outs.get("associated_subusers") or []
            self._sync_associations(op.client, int(op.id), old, args.associated_subusers or [])
        return computed

    def _delete(self, op: Op[DomainAuthenticationInputs]) -> None:
        owner_call(op, lambda client: client.domains.delete(int(op.id)))

    # --------------------------------------------------------------------- associations

    def _lend(self, client: SendGridClient, object_id: int, username: str) -> None:
        client.domains.add_subuser(object_id, username)

    def _take_back(self, client: SendGridClient, object_id: int, username: str) -> None:
        client.domains.remove_subuser(object_id, username)

    def _lent_to(self, client: SendGridClient, object_id: int, username: str) -> bool:
        try:
            return any(d.id == object_id for d in client.domains.associated_all(username))
        except NotFoundError:
            return False
