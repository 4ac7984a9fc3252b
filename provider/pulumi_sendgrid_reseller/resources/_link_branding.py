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
    LinkUpdate,
    NotFoundError,
    SendGridClient,
)
from ..client._fields import LinkBrandingFields, create_fields
from ._base import Op
from ._owner import OWNER_REFERENCES, OwnerOutputs, acting_client, owner_call, unpack_owner
from ._schema import Calls, ResourceSchema
from ._sender_auth import DnsRecords, OwnedInputs, OwnedProvider

__all__ = ["SCHEMA", "LinkBrandingInputs", "LinkBrandingProvider"]


class LinkBrandingInputs(OwnedInputs, LinkBrandingFields):
    """The validated inputs of a :class:`LinkBranding`: the table and its owner."""

    def request(self) -> LinkCreate:
        """The create call's body."""
        return LinkCreate.model_validate(
            {name: getattr(self, name) for name in create_fields(LinkBrandingFields)}
        )


class LinkBrandingOutputs(OwnerOutputs):
    """What SendGrid assigns: the id, the validity, the records, the owner's user id."""

    link_id: Annotated[int, Field(description="SendGrid's id of the link branding.")]
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
            description="``domain_cname`` and ``owner_cname``, each ``{type, host, data, valid}``."
        ),
    ]
    user_id: Annotated[int | None, Field(description="SendGrid's id of the owner.")]


SCHEMA = ResourceSchema(
    name="LinkBranding",
    doc="""Branded links (click and open tracking under the tenant's own domain).

    ``dns_records`` holds ``domain_cname`` and ``owner_cname``; publish them, then declare
    a :class:`LinkBrandingValidation` that depends on them.
    """,
    inputs=LinkBrandingInputs,
    outputs=LinkBrandingOutputs,
    calls=Calls(
        create="POST /v3/whitelabel/links (on behalf of the owner); associations: "
        "POST .../{link_id}/subuser",
        read="GET /v3/whitelabel/links/{id} (404: gone)",
        delete="DELETE /v3/whitelabel/links/{id}",
    ),
    references=OWNER_REFERENCES,
    prepare_args=unpack_owner,
)


class LinkBrandingProvider(OwnedProvider[BrandedLink]):
    """POST to create (on behalf of the owner), GET to read, PATCH, DELETE."""

    schema = SCHEMA
    id_output = "link_id"

    def _make(self, client: SendGridClient, args: Any) -> BrandedLink:
        return client.links.create(args.request())

    def _list(self, client: SendGridClient, args: Any) -> Iterable[BrandedLink]:
        return client.links.list()

    def _mismatch(self, remote: BrandedLink, args: Any) -> str:
        return "" if remote.default == args.default else "default differs"

    def _converge(self, client: SendGridClient, remote: BrandedLink, args: Any) -> BrandedLink:
        if remote.default != args.default:
            return client.links.update(remote.id, LinkUpdate(default=args.default))
        return remote

    def _read(self, op: Op[LinkBrandingInputs]) -> dict[str, Any] | None:
        args = op.args
        found = owner_call(op, lambda client: client.links.get(int(op.id)))
        if found is None:
            return None  # the owner is gone, and its objects with it
        remote, owner_state = found
        state: dict[str, Any] = {
            "domain": remote.domain.lower(),
            "default": remote.default,
            **self._computed_of_remote(remote),
        }
        if args.subdomain is not None and remote.subdomain is not None:
            state["subdomain"] = remote.subdomain.lower()
        state.update(self._associations(op.client, remote.id, args.associated_subusers))
        return {**state, **owner_state}

    def _update(self, op: Op[LinkBrandingInputs]) -> dict[str, Any]:
        args, changed = op.args, op.changed
        computed: dict[str, Any] = {}
        if "default" in changed:
            update = LinkUpdate(default=args.default)
            computed = self._computed_of_remote(acting_client(op).links.update(int(op.id), update))
        if "associated_subusers" in changed:
            old = op.outs.get("associated_subusers") or []
            self._sync_associations(op.client, int(op.id), old, args.associated_subusers or [])
        return computed

    def _delete(self, op: Op[LinkBrandingInputs]) -> None:
        owner_call(op, lambda client: client.links.delete(int(op.id)))

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
