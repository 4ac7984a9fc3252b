"""``LinkBranding``: branded links of a tenant or the parent (``/v3/whitelabel/links``).

Made on behalf of its owner, as :class:`DomainAuthentication`. SendGrid answers with two
CNAME records (``domain_cname`` for the links' host, ``owner_cname`` proving who made it).
``default`` changes in place (``PATCH``); a new domain, subdomain, region or owner needs a
new link branding. A parent's link branding can be lent to subusers
(``associated_subusers``: ``POST .../{link_id}/subuser``; a subuser holds one, taken back
with ``DELETE /v3/whitelabel/links/subuser``).

An interrupted create is recognised by domain, subdomain and owner.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import Field

from ..client import (
    BrandedLink,
    LinkCreate,
    LinksAPI,
    LinkUpdate,
    NotFoundError,
    SendGridClient,
)
from ..client._fields import LinkBrandingFields
from ._schema import Calls, ResourceSchema
from ._sender_auth import DnsRecords, OwnedInputs, OwnedProvider, RecordsOutputs

__all__ = ["LinkBrandingInputs", "LinkBrandingProvider"]


class LinkBrandingInputs(OwnedInputs, LinkBrandingFields):
    """The validated inputs of a :class:`LinkBranding`: the table and its owner."""


class LinkBrandingOutputs(RecordsOutputs):
    """What SendGrid assigns: the id, the validity, the records, the owner's user id."""

    dns_records: Annotated[
        DnsRecords,
        Field(
            description="``domain_cname`` and ``owner_cname``, each ``{type, host, data, valid}``."
        ),
    ]
    link_id: Annotated[int, Field(description="SendGrid's id of the link branding.")]


class LinkBrandingProvider(OwnedProvider[BrandedLink]):
    """POST to create (on behalf of the owner), GET to read, PATCH, DELETE."""

    schema = ResourceSchema(
        LinkBrandingInputs,
        LinkBrandingOutputs,
        Calls(
            "POST /v3/whitelabel/links (on behalf of the owner); associations: "
            "POST .../{link_id}/subuser",
            "GET /v3/whitelabel/links/{id} (404: gone)",
            "DELETE /v3/whitelabel/links/{id}",
        ),
        doc="""Branded links (click and open tracking under the tenant's own domain).

        ``dns_records`` holds ``domain_cname`` and ``owner_cname``; publish them, then declare
        a :class:`LinkBrandingValidation` that depends on them.
        """,
    )
    id_output = "link_id"
    create_model, update_model = LinkCreate, LinkUpdate

    def _objects(self, client: SendGridClient) -> LinksAPI:
        return client.links

    def _list(self, client: SendGridClient, args: Any) -> Iterable[BrandedLink]:
        return client.links.list()

    def _mismatch(self, remote: BrandedLink, args: Any) -> str:
        return "" if remote.default == args.default else "default differs"

    def _reported(self, remote: BrandedLink, args: Any) -> dict[str, Any]:
        return {"default": remote.default}

    # --------------------------------------------------------------------- associations

    def _lend(self, client: SendGridClient, object_id: int, username: str) -> None:
        client.links.associate(object_id, username)

    def _take_back(self, client: SendGridClient, object_id: int, username: str) -> None:
        if self._lent_to(client, object_id, username):
            client.links.disassociate(username)

    def _lent_to(self, client: SendGridClient, object_id: int, username: str) -> bool:
        try:
            return client.links.associated(username).id == object_id
        except NotFoundError:
            return False
