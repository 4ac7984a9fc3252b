"""Sender authentication (``/v3/whitelabel``): authenticated domains and branded links.

Both belong to the acting account: the parent, or a tenant reached through
``SendGridClient.acting_for(...)`` (``on-behalf-of: <username>`` or
``on-behalf-of: account-id <id>``). The association calls (a parent's domain or link lent
to a subuser) are the parent's own: make them with the parent's client.

SendGrid hands out the DNS records each object needs (``dns``, keyed by its own names:
``mail_cname``, ``dkim1``, ``dkim2`` for a domain with automatic security; ``mail_server``,
``subdomain_spf``, ``domain_spf``, ``dkim`` without; ``domain_cname``, ``owner_cname`` for
a link). ``validate`` makes SendGrid look the records up and answers per record.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import Any, TypedDict, TypeVar, Unpack

from pydantic import Field, TypeAdapter, field_validator

from ._api import ApiGroup, TableRequest, offset_pages
from ._api import RequestModel as _Input
from ._api import ResponseModel as _Response
from ._classify import exists_when
from ._fields import DomainAuthenticationFields, LinkBrandingFields
from ._transport import Answer, Transport

__all__ = [
    "DOMAIN_RECORDS_AUTOMATIC",
    "DOMAIN_RECORDS_MANUAL",
    "LINK_RECORDS",
    "MAX_DOMAINS_PAGE",
    "AuthenticatedDomain",
    "BrandedLink",
    "DnsRecord",
    "DomainCreate",
    "DomainQuery",
    "DomainUpdate",
    "DomainsAPI",
    "LinkCreate",
    "LinkUpdate",
    "LinksAPI",
    "RecordValidation",
    "Validation",
]

_DOMAINS = "/v3/whitelabel/domains"
_LINKS = "/v3/whitelabel/links"
#: SendGrid's names of a domain's records with automatic security (all CNAME).
DOMAIN_RECORDS_AUTOMATIC = ("mail_cname", "dkim1", "dkim2")
#: ... and without it (MX, SPF TXT records, a DKIM TXT record).
DOMAIN_RECORDS_MANUAL = ("mail_server", "subdomain_spf", "domain_spf", "dkim")
#: SendGrid's names of a link branding's records (both CNAME).
LINK_RECORDS = ("domain_cname", "owner_cname")
#: The page size used to list every domain (SendGrid documents no largest page).
MAX_DOMAINS_PAGE = 50
T = TypeVar("T")


# --------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------


class DomainCreate(DomainAuthenticationFields, TableRequest):
    """A new authenticated domain: the fields of :class:`DomainAuthenticationFields`."""


class DomainUpdate(_Input):
    """What ``PATCH /v3/whitelabel/domains/{id}`` changes (unset fields are left alone)."""

    default: bool | None = None
    custom_spf: bool | None = None

    def to_json(self) -> dict[str, Any]:
        """The request body."""
        return self.model_dump(exclude_none=True)


class LinkCreate(LinkBrandingFields, TableRequest):
    """A new branded link: the fields of :class:`LinkBrandingFields`."""


class LinkUpdate(_Input):
    """What ``PATCH /v3/whitelabel/links/{id}`` changes."""

    default: bool

    def to_json(self) -> dict[str, Any]:
        """The request body."""
        return self.model_dump()


class DnsRecord(_Response):
    """One DNS record SendGrid asks for: ``type`` (cname, mx, txt), ``host``, ``data``."""

    valid: bool = False
    type: str = "cname"
    host: str
    data: str


def _dns(value: Any) -> Any:
    """Keep the records only (a ``dns`` object may carry other keys)."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if isinstance(v, dict)}
    return value


class _SenderAuthObject(_Response):
    """What an authenticated domain and a branded link both report."""

    id: int
    user_id: int | None = None
    domain: str
    subdomain: str | None = None
    username: str | None = None
    default: bool = False
    legacy: bool = False
    valid: bool = False
    dns: dict[str, DnsRecord] = Field(default_factory=dict)

    @field_validator("dns", mode="before")
    @classmethod
    def _records(cls, value: Any) -> Any:
        return _dns(value)


class AuthenticatedDomain(_SenderAuthObject):
    """An authenticated domain as SendGrid reports it."""

    ips: list[str] = Field(default_factory=list)
    custom_spf: bool = False
    automatic_security: bool = False

    @field_validator("ips", mode="before")
    @classmethod
    def _ips(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [v.get("ip") if isinstance(v, dict) else v for v in value]
        return [] if value is None else value


class BrandedLink(_SenderAuthObject):
    """A branded link as SendGrid reports it."""


class RecordValidation(_Response):
    """Whether one record was found as expected, and SendGrid's reason when not."""

    valid: bool = False
    reason: str | None = None


class Validation(_Response):
    """The answer of a validate call: overall and per record (keyed as ``dns``)."""

    id: int
    valid: bool = False
    validation_results: dict[str, RecordValidation] = Field(default_factory=dict)


_DOMAIN_OR_LIST = TypeAdapter(AuthenticatedDomain | list[AuthenticatedDomain])


def _one(body: AuthenticatedDomain | list[AuthenticatedDomain], domain_id: int) -> Any:
    """The domain of an answer documented as an object in one place, a list in another."""
    if isinstance(body, list):
        return next((d for d in body if d.id == domain_id), body[0] if body else None)
    return body


# --------------------------------------------------------------------------------------
# Calls
# --------------------------------------------------------------------------------------

#: How a create says that the account already has the domain or the link (a 400).
_DUPLICATE_DOMAIN = "is already an authenticated domain"
_DUPLICATE_LINK = "is already used by a branded link"


def _lend(transport: Transport, path: str, username: str, response: Answer[T]) -> T:
    """Lend a parent's object to a subuser: ``POST path`` ``{"username"}``.

    Idempotent: it sets an association, so a repeat changes nothing.
    """
    return transport.request(
        "POST", path, json={"username": username}, idempotent=True, response=response
    )


class DomainQuery(TypedDict, total=False):
    """The query of ``GET /v3/whitelabel/domains``: its filters and its page."""

    domain: str | None
    username: str | None
    exclude_subusers: bool | None
    limit: int | None
    offset: int | None


class DomainsAPI(ApiGroup):
    """The acting account's authenticated domains. Reach it as ``client.domains``."""

    root = _DOMAINS

    def _key(self, key: str | int) -> str:
        return str(int(key))

    def create(self, req: DomainCreate) -> AuthenticatedDomain:
        """Authenticate a domain (``POST /v3/whitelabel/domains``; answers 201).

        Not idempotent: a lost answer is not repeated; :meth:`list` with ``domain=`` shows
        whether the domain now exists.

        Raises:
            AlreadyExistsError: the acting account already has this domain and subdomain
                (SendGrid's 400 ``... is already an authenticated domain``).
        """
        with exists_when(_DUPLICATE_DOMAIN):
            return self._t.request(
                "POST", _DOMAINS, json=req.to_json(), idempotent=False, response=AuthenticatedDomain
            )

    def get(self, domain_id: int) -> AuthenticatedDomain:
        """One domain (``GET /v3/whitelabel/domains/{id}``).

        Raises:
            NotFoundError: the acting account has no domain with that id.
        """
        return self._get(self._path(domain_id), AuthenticatedDomain)

    def list(self, **query: Unpack[DomainQuery]) -> builtins.list[AuthenticatedDomain]:
        """One page of the acting account's domains (``GET /v3/whitelabel/domains``).

        The query's ``domain`` and ``username`` filter (SendGrid's filters are searches:
        compare the answer), ``exclude_subusers`` leaves out the subusers' domains a parent
        sees (see :class:`DomainQuery`).
        """
        return self._get(_DOMAINS, list[AuthenticatedDomain], **query)

    def iter(
        self,
        *,
        domain: str | None = None,
        exclude_subusers: bool | None = None,
        page_size: int = MAX_DOMAINS_PAGE,
    ) -> Iterator[AuthenticatedDomain]:
        """Every domain of the acting account, page after page (see :meth:`list`)."""
        yield from offset_pages(
            lambda offset: self.list(
                domain=domain, exclude_subusers=exclude_subusers, limit=page_size, offset=offset
            ),
            page_size,
        )

    def get_default(self, *, domain: str | None = None) -> builtins.list[AuthenticatedDomain]:
        """The default domain (``GET /v3/whitelabel/domains/default``), as a list."""
        body = self._get(f"{_DOMAINS}/default", _DOMAIN_OR_LIST, domain=domain)
        return body if isinstance(body, builtins.list) else [body]

    def update(self, domain_id: int, req: DomainUpdate) -> AuthenticatedDomain:
        """Change ``default`` and ``custom_spf`` (``PATCH /v3/whitelabel/domains/{id}``)."""
        body = self._set("PATCH", self._path(domain_id), req.to_json(), _DOMAIN_OR_LIST)
        found = _one(body, domain_id)
        return found if found is not None else self.get(domain_id)

    def delete(self, domain_id: int) -> None:
        """Delete the domain (``DELETE /v3/whitelabel/domains/{id}``; 204).

        Raises:
            NotFoundError: no such domain (also when a retried delete already took effect).
        """
        self._delete(self._path(domain_id))

    def validate(self, domain_id: int) -> Validation:
        """Have SendGrid look the domain's records up (``POST .../{id}/validate``).

        Repeating it is harmless (it only reads DNS): idempotent.
        """
        return self._t.request(
            "POST", self._path(domain_id, "/validate"), idempotent=True, response=Validation
        )

    def associate(self, domain_id: int, username: str) -> AuthenticatedDomain:
        """Lend a parent's domain to a subuser (``POST .../{id}/subuser``).

        A subuser has one such domain: this one replaces any other; see :meth:`add_subuser`.
        """
        return _lend(self._t, self._path(domain_id, "/subuser"), username, AuthenticatedDomain)

    def add_subuser(self, domain_id: int, username: str) -> AuthenticatedDomain:
        """Lend a parent's domain to a subuser (``POST .../{id}/subuser:add``).

        A subuser may hold up to five domains lent this way.
        """
        return _lend(self._t, self._path(domain_id, "/subuser:add"), username, AuthenticatedDomain)

    def remove_subuser(self, domain_id: int, username: str) -> None:
        """Take the domain back from one subuser (``DELETE .../{id}/subuser?username=``)."""
        self._delete(self._path(domain_id, "/subuser"), username=username)

    def disassociate(self, username: str) -> None:
        """Take the subuser's one associated domain back (``DELETE .../domains/subuser``)."""
        self._delete(f"{_DOMAINS}/subuser", username=username)

    def associated(self, username: str) -> AuthenticatedDomain:
        """The subuser's associated domain (``GET /v3/whitelabel/domains/subuser``).

        Raises:
            NotFoundError: none is associated.
        """
        return self._get(f"{_DOMAINS}/subuser", AuthenticatedDomain, username=username)

    def associated_all(self, username: str) -> builtins.list[AuthenticatedDomain]:
        """Every domain lent to the subuser (``GET /v3/whitelabel/domains/subuser/all``)."""
        return self._get(f"{_DOMAINS}/subuser/all", list[AuthenticatedDomain], username=username)


class LinksAPI(ApiGroup):
    """The acting account's branded links. Reach it as ``client.links``."""

    root = _LINKS

    def _key(self, key: str | int) -> str:
        return str(int(key))

    def create(self, req: LinkCreate) -> BrandedLink:
        """Brand links (``POST /v3/whitelabel/links``; answers 201). Not idempotent.

        Raises:
            AlreadyExistsError: the acting account already uses this subdomain and domain
                for links (SendGrid's 400 ``... is already used by a branded link``).
        """
        with exists_when(_DUPLICATE_LINK):
            return self._t.request(
                "POST", _LINKS, json=req.to_json(), idempotent=False, response=BrandedLink
            )

    def get(self, link_id: int) -> BrandedLink:
        """One branded link (``GET /v3/whitelabel/links/{id}``).

        Raises:
            NotFoundError: the acting account has no link branding with that id.
        """
        return self._get(self._path(link_id), BrandedLink)

    def list(self, *, limit: int | None = None) -> builtins.list[BrandedLink]:
        """The acting account's branded links (``GET /v3/whitelabel/links``)."""
        return self._get(_LINKS, list[BrandedLink], limit=limit)

    def get_default(self, *, domain: str | None = None) -> BrandedLink:
        """The default branded link (``GET /v3/whitelabel/links/default``)."""
        return self._get(f"{_LINKS}/default", BrandedLink, domain=domain)

    def update(self, link_id: int, req: LinkUpdate) -> BrandedLink:
        """Change ``default`` (``PATCH /v3/whitelabel/links/{id}``)."""
        return self._set("PATCH", self._path(link_id), req.to_json(), BrandedLink)

    def delete(self, link_id: int) -> None:
        """Delete the link branding (``DELETE /v3/whitelabel/links/{id}``; 204).

        Raises:
            NotFoundError: no such link branding.
        """
        self._delete(self._path(link_id))

    def validate(self, link_id: int) -> Validation:
        """Have SendGrid look the records up (``POST .../{id}/validate``; idempotent)."""
        return self._t.request(
            "POST", self._path(link_id, "/validate"), idempotent=True, response=Validation
        )

    def associate(self, link_id: int, username: str) -> BrandedLink:
        """Lend a parent's link branding to a subuser (``POST .../{link_id}/subuser``)."""
        return _lend(self._t, self._path(link_id, "/subuser"), username, BrandedLink)

    def disassociate(self, username: str) -> None:
        """Take the subuser's link branding back (``DELETE /v3/whitelabel/links/subuser``)."""
        self._delete(f"{_LINKS}/subuser", username=username)

    def associated(self, username: str) -> BrandedLink:
        """The link branding lent to the subuser (``GET /v3/whitelabel/links/subuser``).

        Raises:
            NotFoundError: none is.
        """
        return self._get(f"{_LINKS}/subuser", BrandedLink, username=username)
