"""A tenant's sender authentication: its domain, its branded links, their DNS records.

:class:`TenantDomain` is the ``domain`` argument of :class:`~pulumi_sendgrid_reseller.Tenant`.
The tenant then holds a :class:`DomainAuthentication` and a :class:`LinkBranding` made on
its behalf, and its ``dns_records`` output lists every record they need. SendGrid's record
names are known before anything exists (``mail_cname``, ``dkim1``, ``dkim2`` for a domain
with automatic security; ``domain_cname``, ``owner_cname`` for links), so the program's
own DNS resources can be declared at once: give ``dns`` a function that takes one
:class:`TenantDnsRecord` and returns the program's resource for it (a Route 53 record, a
Cloudflare record, ...). The tenant's validations then depend on those resources.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from .client import DOMAIN_RECORDS_AUTOMATIC, LINK_RECORDS
from .resources import (
    DomainAuthentication,
    DomainAuthenticationArgs,
    DomainAuthenticationValidation,
    DomainAuthenticationValidationArgs,
    LinkBranding,
    LinkBrandingArgs,
    LinkBrandingValidation,
    LinkBrandingValidationArgs,
)
from .resources._connection_args import ConnectionArgs

__all__ = ["SenderAuthentication", "TenantDnsRecord", "TenantDomain", "declare_sender_auth"]


@dataclass(frozen=True)
class TenantDnsRecord:
    """One DNS record a tenant's domain or links need, as the ``dns`` function gets it.

    Attributes:
        name: a resource name for the program's record (``<tenant>-<key>``).
        key: SendGrid's name of the record (``mail_cname``, ``dkim1``, ``domain_cname``...).
        zone: the tenant's domain (the zone the record belongs in, or below).
        type: the record type in upper case (``CNAME``).
        host: the fully qualified name to publish (``em1234.example.com``).
        data: the value (``u1234.wl.sendgrid.net``).
        parent: the tenant, to give as ``parent`` in the record's options if wanted.
    """

    name: str
    key: str
    zone: pulumi.Input[str]
    type: str
    host: pulumi.Output[str]
    data: pulumi.Output[str]
    parent: pulumi.Resource


DnsFunction = Callable[[TenantDnsRecord], pulumi.Resource]
"""Makes the program's DNS resource for one record."""


@dataclass(frozen=True)
class TenantDomain:
    """The ``domain`` of a tenant: its sending domain and branded links.

    Attributes:
        name: the tenant's sending domain (``tenant.example.com``).
        subdomain: the return path host (default: SendGrid picks one).
        link_subdomain: the branded links' host (default: SendGrid picks one).
        default: make them the tenant's default domain and link branding.
        dns: a function that declares the program's DNS resource for one record (see
            :class:`TenantDnsRecord`); with it, the tenant validates the domain and the
            links once those resources exist. Without it, publish ``Tenant.dns_records``
            yourself and declare the validations.
        validation_timeout_seconds: how long each validation waits for DNS.
    """

    name: pulumi.Input[str]
    subdomain: pulumi.Input[str] | None = None
    link_subdomain: pulumi.Input[str] | None = None
    default: pulumi.Input[bool] | None = None
    dns: DnsFunction | None = None
    validation_timeout_seconds: pulumi.Input[float] | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "domain") -> TenantDomain:
        """Build it from plain data (stack config, JSON): every field but ``dns``.

        Raises:
            ValueError: an unknown key, or no ``name``.
        """
        allowed = {f.name for f in dataclasses.fields(cls)} - {"dns"}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}")
        if not isinstance(data.get("name"), str) or not data["name"]:
            raise ValueError(f"{where}.name: is required (the tenant's domain, a string)")
        return cls(**data)


@dataclass
class SenderAuthentication:
    """What :func:`declare_sender_auth` made for a tenant."""

    domain_authentication: DomainAuthentication
    link_branding: LinkBranding
    dns_records: pulumi.Output[dict[str, dict[str, Any]]]
    dns_resources: dict[str, pulumi.Resource]
    domain_validation: DomainAuthenticationValidation | None
    link_validation: LinkBrandingValidation | None


def _field(records: pulumi.Output[Any], key: str, field: str) -> pulumi.Output[str]:
    return records.apply(lambda dns: str((dns or {}).get(key, {}).get(field, "")))


def declare_sender_auth(
    tenant: pulumi.ComponentResource,
    resource_name: str,
    domain: TenantDomain,
    owner: Mapping[str, Any],
    connection: ConnectionArgs,
) -> SenderAuthentication:
    """Declare the tenant's domain authentication, link branding, records and validations.

    ``owner`` is ``{"subuser": ...}`` or ``{"account": ...}`` (the tenant's own resource).
    """
    child = pulumi.ResourceOptions(parent=tenant)
    # What the domain and the links share: the tenant's domain, default, owner, connection.
    common: dict[str, Any] = {
        "domain": domain.name,
        "default": domain.default,
        **connection,
        **owner,
    }
    auth = DomainAuthentication(
        f"{resource_name}-domain",
        DomainAuthenticationArgs(subdomain=domain.subdomain, **common),  # type: ignore[typeddict-item]
        child,
    )
    links = LinkBranding(
        f"{resource_name}-links",
        LinkBrandingArgs(subdomain=domain.link_subdomain, **common),  # type: ignore[typeddict-item]
        child,
    )
    records = pulumi.Output.all(auth.dns_records, links.dns_records).apply(
        lambda both: {**(both[0] or {}), **(both[1] or {})}
    )
    made: dict[str, pulumi.Resource] = {}
    domain_validation = link_validation = None
    if domain.dns is not None:
        for source, keys in ((auth, DOMAIN_RECORDS_AUTOMATIC), (links, LINK_RECORDS)):
            for key in keys:
                made[key] = domain.dns(
                    TenantDnsRecord(
                        name=f"{resource_name}-{key.replace('_', '-')}",
                        key=key,
                        zone=domain.name,
                        type="CNAME",
                        host=_field(source.dns_records, key, "host"),
                        data=_field(source.dns_records, key, "data"),
                        parent=tenant,
                    )
                )
        waits: dict[str, Any] = {"timeout_seconds": domain.validation_timeout_seconds, **connection}
        domain_validation = DomainAuthenticationValidation(
            f"{resource_name}-domain-validation",
            DomainAuthenticationValidationArgs(domain_authentication=auth, **waits),  # type: ignore[typeddict-item]
            pulumi.ResourceOptions(
                parent=tenant, depends_on=[made[k] for k in DOMAIN_RECORDS_AUTOMATIC]
            ),
        )
        link_validation = LinkBrandingValidation(
            f"{resource_name}-links-validation",
            LinkBrandingValidationArgs(link_branding=links, **waits),  # type: ignore[typeddict-item]
            pulumi.ResourceOptions(parent=tenant, depends_on=[made[k] for k in LINK_RECORDS]),
        )
        # Each record's ``valid`` is what the validation found, not what the domain or
        # links reported when they were made (before their records were published).
        records = pulumi.Output.all(
            records, domain_validation.validation_results, link_validation.validation_results
        ).apply(lambda found: _with_validation(found[0], {**found[1], **found[2]}))
    return SenderAuthentication(auth, links, records, made, domain_validation, link_validation)


def _with_validation(
    records: dict[str, dict[str, Any]], results: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """``records`` with each one's ``valid`` taken from the validation's per-record results."""
    return {
        name: {**record, "valid": bool(results[name].get("valid"))} if name in results else record
        for name, record in records.items()
    }
