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

from typing import Any

from ..client import (
    AlreadyExistsError,
    BrandedLink,
    LinkCreate,
    LinkUpdate,
    NotFoundError,
    SendGridClient,
)
from ..client._fields import LinkBrandingFields, create_fields
from ._base import NotOwnedError, Op, check_takeover
from ._owner import OWNER_COMPUTED, acting_client, owner_call, owner_of
from ._sender_auth import OwnedInputs, OwnedProvider, records_output

__all__ = ["LinkBrandingInputs", "LinkBrandingProvider"]


class LinkBrandingInputs(OwnedInputs, LinkBrandingFields):
    """The validated inputs of a :class:`LinkBranding`: the table and its owner."""

    def request(self) -> LinkCreate:
        """The create call's body."""
        return LinkCreate.model_validate(
            {name: getattr(self, name) for name in create_fields(LinkBrandingFields)}
        )


#: What SendGrid assigns: the link branding's id, its validity, the records, the user id.
_COMPUTED = ("link_id", "valid", "dns_records", "user_id", *OWNER_COMPUTED)


def _label(args: LinkBrandingInputs) -> str:
    host = f"{args.subdomain}.{args.domain}" if args.subdomain else args.domain
    return f"{host} of {args.owner_label()}"


def _matches(remote: BrandedLink, args: LinkBrandingInputs) -> bool:
    """Whether ``remote`` is the declared link branding (domain, declared subdomain)."""
    return remote.domain.lower() == args.domain and (
        args.subdomain is None or (remote.subdomain or "").lower() == args.subdomain
    )


def _computed(remote: BrandedLink) -> dict[str, Any]:
    return {
        "link_id": remote.id,
        "valid": remote.valid,
        "dns_records": records_output(remote.dns),
        "user_id": remote.user_id,
    }


class LinkBrandingProvider(OwnedProvider):
    """POST to create (on behalf of the owner), GET to read, PATCH, DELETE."""

    inputs_model = LinkBrandingInputs
    kind = "LinkBranding"
    computed = _COMPUTED

    def _journal_name(self, args: Any) -> str | None:
        owner = args.account or args.subuser or ""
        return f"{owner}/{args.subdomain or ''}.{args.domain}"

    @staticmethod
    def _find(client: SendGridClient, args: LinkBrandingInputs) -> BrandedLink | None:
        found = [link for link in client.links.list() if _matches(link, args)]
        return found[0] if len(found) == 1 else None

    def _create(self, op: Op[LinkBrandingInputs]) -> tuple[str, dict[str, Any]]:
        args = op.args
        owner = owner_of(op)
        acting = owner.client
        remote: BrandedLink | None = None
        if op.interrupted or args.adopt:
            remote = self._find(acting, args)
        if remote is not None:
            mismatch = "" if remote.default == args.default else "default differs"
            check_takeover(self.kind, _label(args), args.adopt, op.interrupted, mismatch)
            if remote.default != args.default:
                remote = acting.links.update(remote.id, LinkUpdate(default=args.default))
        else:
            made: list[BrandedLink] = []
            try:
                found = acting.transport.create_once(
                    lambda: made.append(acting.links.create(args.request())),
                    lambda: self._find(acting, args),
                )
            except AlreadyExistsError:
                raise NotOwnedError(
                    f"{self.kind} {_label(args)} already exists in SendGrid and no "
                    "interrupted run on this machine created it; set adopt=True to take it "
                    "over and bring it to the declared state."
                ) from None
            remote = made[-1] if found is None else found
        if args.associated_subusers:
            self._sync_associations(op.client, remote.id, (), args.associated_subusers)
        return str(remote.id), {**owner.outputs, **_computed(remote)}

    def _read(self, op: Op[LinkBrandingInputs]) -> dict[str, Any] | None:
        args = op.args
        found = owner_call(op, lambda client: client.links.get(int(op.id)))
        if found is None:
            return None  # the owner is gone, and its objects with it
        remote, owner_state = found
        state: dict[str, Any] = {
            "domain": remote.domain.lower(),
            "default": remote.default,
            **_computed(remote),
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
            computed = _computed(acting_client(op).links.update(int(op.id), update))
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
