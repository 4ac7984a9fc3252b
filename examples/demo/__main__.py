"""The demo stack: a reseller's tenants, from the stack configuration.

Every entry of the structured config ``sendgrid-reseller-demo:tenants`` (see
``Pulumi.demo.yaml``) becomes one :class:`~pulumi_sendgrid_reseller.components.Tenant`: a
customer with its IP assignment, a subuser with its IPs, monitor settings, credits, API
keys, event webhooks, inbound parse settings and teammates, or a provisioned account
(Account Provisioning) with its offerings. Each API key is a secret output, handed on to
the tenant's application settings (a stand-in resource here) to show the composition; each
webhook's public key is an output for the receiver that verifies its signed events.

A tenant with a ``domain`` also gets its sender authentication: SendGrid's DNS records for
its domain and branded links are created in the local DNS server that ``scripts/demo.sh``
starts (through its ``Record`` resource, where a team's program uses
``pulumi_aws.route53.Record`` or ``pulumi_cloudflare.DnsRecord``), and validated by the
emulator against that server.

Passwords: DEMO ONLY. Each tenant's password is derived from its name and a fixed demo
salt, so that a second ``pulumi up`` sees the same value and reports no change. Real
stacks take passwords from a secret store or ``pulumi config set --secret``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

import pulumi

from localdns.record import Record
from pulumi_sendgrid_reseller.components import Tenant, TenantArgs, TenantDnsRecord
from pulumi_sendgrid_reseller.testing import Noop

DEMO_PASSWORD_SALT = "sendgrid-reseller-demo/not-a-secret"
"""Demo-only salt; anyone can recompute these passwords, so use them with the emulator only."""


def demo_password(name: str) -> pulumi.Output[str]:
    """A deterministic demo password for ``name`` (28 characters), as a Pulumi secret."""
    digest = hashlib.sha256(f"{DEMO_PASSWORD_SALT}:{name}".encode()).hexdigest()
    return pulumi.Output.secret(f"demo-{digest[:23]}")


def tenant_entries(config: pulumi.Config) -> list[dict[str, Any]]:
    """The ``tenants`` config: a list of objects, each with a unique ``name``."""
    entries = config.require_object("tenants")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError("sendgrid-reseller-demo:tenants must be a list of objects")
    names = [e.get("name") for e in entries]
    if any(not isinstance(n, str) or not n for n in names) or len(set(names)) != len(names):
        raise ValueError("sendgrid-reseller-demo:tenants: every entry needs a unique 'name'")
    return entries


def local_dns_record(record: TenantDnsRecord) -> pulumi.Resource:
    """The tenant's DNS record in the local DNS server (its HTTP API: ``LOCALDNS_API_URL``)."""
    return Record(
        record.name,
        zone=record.zone,
        name=record.host,
        type=record.type,
        value=record.data,
        opts=pulumi.ResourceOptions(parent=record.parent),
    )


config = pulumi.Config()
tenants: dict[str, Tenant] = {}
for index, entry in enumerate(tenant_entries(config)):
    name = str(entry["name"])
    data = {k: v for k, v in entry.items() if k != "name"}
    args = TenantArgs.from_dict(data, password=demo_password(name), where=f"tenants[{index}]")
    if args.domain is not None:
        args = dataclasses.replace(
            args, domain=dataclasses.replace(args.domain, dns=local_dns_record)
        )
    tenants[name] = Tenant(name, args)

pulumi.export("tenants", {name: tenant.summary() for name, tenant in tenants.items()})
pulumi.export("usernames", {name: tenant.username for name, tenant in tenants.items()})
pulumi.export("assigned_ips", {name: tenant.ips for name, tenant in tenants.items()})
pulumi.export(
    "dns_records",
    {name: tenant.dns_records for name, tenant in tenants.items() if tenant.sender_auth},
)
# What SendGrid found in the DNS when the validations ran (each waits for its records).
pulumi.export(
    "sender_authentication",
    {
        name: {
            "domain_valid": tenant.sender_auth.domain_validation.valid,
            "links_valid": tenant.sender_auth.link_validation.valid,
        }
        for name, tenant in tenants.items()
        if tenant.sender_auth
        and tenant.sender_auth.domain_validation
        and tenant.sender_auth.link_validation
    },
)

# Composition: each tenant API key flows, still a secret, into the settings of the tenant's
# application. Noop stands in for whatever holds them in a real stack (a secret store, a
# container's environment, another provider's resource).
api_keys: dict[str, pulumi.Output[str]] = {}
for name, tenant in tenants.items():
    for key_name, key in tenant.api_keys.items():
        api_keys[f"{name}/{key_name}"] = key.api_key
        Noop(
            f"{name}-{key_name}-settings",
            pulumi.Output.format("SENDGRID_API_KEY={0}", key.api_key),
        )
pulumi.export("api_keys", pulumi.Output.secret(api_keys))

# What the team's other resources need: where each webhook posts and the key that verifies
# its signed events (the receiver's settings), the MX record of each parse host (the DNS),
# and whether each teammate accepted the invitation.
webhooks: dict[str, pulumi.Output[dict[str, Any]]] = {}
for name, tenant in tenants.items():
    for hook_name, hook in tenant.event_webhooks.items():
        webhooks[f"{name}/{hook_name}"] = pulumi.Output.all(
            webhook_id=hook.webhook_id,
            url=hook.url,
            public_key=hook.public_key,
            on_behalf_of=tenant.username,
        )
pulumi.export("event_webhooks", webhooks)
pulumi.export(
    "inbound_mx_records",
    {
        host: parse.mx_record
        for tenant in tenants.values()
        for host, parse in tenant.inbound_parse.items()
    },
)
pulumi.export(
    "teammates",
    {email: mate.status for tenant in tenants.values() for email, mate in tenant.teammates.items()},
)
