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
    DomainsAPI,
    DomainUpdate,
    NotFoundError,
    SendGridClient,
)
from ..client._fields import DomainAuthenticationFields
from ._schema import Calls, ResourceSchema
from ._sender_auth import OwnedInputs, OwnedProvider, RecordsOutputs

__all__ = ["DomainAuthenticationInputs", "DomainAuthenticationProvider"]


class DomainAuthenticationInputs(OwnedInputs, DomainAuthenticationFields):
    """The validated inputs of a :class:`DomainAuthentication`: the table and its owner."""


class DomainAuthenticationOutputs(RecordsOutputs):
    """What SendGrid assigns: the id, the validity, the records, the owner's user id."""

    domain_id: Annotated[int, Field(description="SendGrid's id of the authenticated domain.")]


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

    schema = ResourceSchema(
        DomainAuthenticationInputs,
        DomainAuthenticationOutputs,
        Calls(
            "POST /v3/whitelabel/domains (on behalf of the owner); associations: "
            "POST .../{id}/subuser:add",
            "GET /v3/whitelabel/domains/{id} (404: gone)",
            "DELETE /v3/whitelabel/domains/{id}",
        ),
        doc="""An authenticated sending domain of a tenant or of the parent.

        ``dns_records`` are the records to publish in the team's DNS (keyed by SendGrid's
        names: ``mail_cname``, ``dkim1``, ``dkim2`` with automatic security; ``mail_server``,
        ``subdomain_spf``, ``domain_spf``, ``dkim`` without). Publish them, then declare a
        :class:`DomainAuthenticationValidation` that depends on them.
        """,
    )
    id_output = "domain_id"
    create_model, update_model = DomainCreate, DomainUpdate

    def _objects(self, client: SendGridClient) -> DomainsAPI:
        return client.domains

    def _list(self, client: SendGridClient, args: Any) -> Iterable[AuthenticatedDomain]:
        return client.domains.iter(domain=args.domain)

    def _mismatch(self, remote: AuthenticatedDomain, args: Any) -> str:
        return _mismatch(remote, args)

    def _reported(self, remote: AuthenticatedDomain, args: Any) -> dict[str, Any]:
        state: dict[str, Any] = {
            "automatic_security": remote.automatic_security,
            "custom_spf": remote.custom_spf,
            "default": remote.default,
        }
        # The IPs SendGrid adds when they are not declared are not drift.
        if args.ips is not None:
            state["ips"] = sorted(remote.ips)
        return state

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
