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

from typing import Any

from ..client import (
    AlreadyExistsError,
    AuthenticatedDomain,
    DomainCreate,
    DomainUpdate,
    NotFoundError,
    SendGridClient,
)
from ..client._fields import DomainAuthenticationFields, create_fields
from ._base import NotOwnedError, Op, check_takeover
from ._owner import OWNER_COMPUTED, acting_client, owner_call, owner_of
from ._sender_auth import OwnedInputs, OwnedProvider, records_output

__all__ = ["DomainAuthenticationInputs", "DomainAuthenticationProvider"]


class DomainAuthenticationInputs(OwnedInputs, DomainAuthenticationFields):
    """The validated inputs of a :class:`DomainAuthentication`: the table and its owner."""

    def request(self) -> DomainCreate:
        """The create call's body."""
        return DomainCreate.model_validate(
            {name: getattr(self, name) for name in create_fields(DomainAuthenticationFields)}
        )


#: What SendGrid assigns: the domain's id, its validity, the records, the owner's user id.
_COMPUTED = ("domain_id", "valid", "dns_records", "user_id", *OWNER_COMPUTED)


def _label(args: DomainAuthenticationInputs) -> str:
    host = f"{args.subdomain}.{args.domain}" if args.subdomain else args.domain
    return f"{host} of {args.owner_label()}"


def _matches(remote: AuthenticatedDomain, args: DomainAuthenticationInputs) -> bool:
    """Whether ``remote`` is the declared domain (domain and, when declared, subdomain)."""
    return remote.domain.lower() == args.domain and (
        args.subdomain is None or (remote.subdomain or "").lower() == args.subdomain
    )


def _mismatch(remote: AuthenticatedDomain, args: DomainAuthenticationInputs) -> str:
    """What differs from the declaration (an interrupted run's domain matches exactly)."""
    differs = [
        name
        for name in ("automatic_security", "custom_spf", "default")
        if getattr(remote, name) != getattr(args, name)
    ]
    if args.ips is not None and sorted(remote.ips) != sorted(args.ips):
        differs.append("ips")
    return ", ".join(f"{name} differs" for name in differs)


def _computed(remote: AuthenticatedDomain) -> dict[str, Any]:
    return {
        "domain_id": remote.id,
        "valid": remote.valid,
        "dns_records": records_output(remote.dns),
        "user_id": remote.user_id,
    }


class DomainAuthenticationProvider(OwnedProvider):
    """POST to create (on behalf of the owner), GET to read, PATCH, DELETE."""

    inputs_model = DomainAuthenticationInputs
    kind = "DomainAuthentication"
    computed = _COMPUTED

    def _journal_name(self, args: Any) -> str | None:
        owner = args.account or args.subuser or ""
        return f"{owner}/{args.subdomain or ''}.{args.domain}"

    @staticmethod
    def _find(
        client: SendGridClient, args: DomainAuthenticationInputs
    ) -> AuthenticatedDomain | None:
        found = [d for d in client.domains.iter(domain=args.domain) if _matches(d, args)]
        return found[0] if len(found) == 1 else None

    def _create(self, op: Op[DomainAuthenticationInputs]) -> tuple[str, dict[str, Any]]:
        args = op.args
        owner = owner_of(op)
        acting = owner.client
        remote: AuthenticatedDomain | None = None
        if op.interrupted or args.adopt:
            remote = self._find(acting, args)
        if remote is not None:
            check_takeover(
                self.kind, _label(args), args.adopt, op.interrupted, _mismatch(remote, args)
            )
            remote = self._converge(acting, remote, args)
        else:
            made: list[AuthenticatedDomain] = []
            try:
                found = acting.transport.create_once(
                    lambda: made.append(acting.domains.create(args.request())),
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

    @staticmethod
    def _converge(
        acting: SendGridClient, remote: AuthenticatedDomain, args: DomainAuthenticationInputs
    ) -> AuthenticatedDomain:
        """Bring a taken-over domain's in-place fields to the declaration."""
        if remote.default != args.default or remote.custom_spf != args.custom_spf:
            return acting.domains.update(
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
            **_computed(remote),
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
            computed = _computed(acting_client(op).domains.update(int(op.id), update))
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
