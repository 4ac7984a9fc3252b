"""The demo stack: a reseller's tenants, from the stack configuration.

Every entry of the structured config ``sendgrid-reseller-demo:tenants`` (see
``Pulumi.demo.yaml``) becomes one :class:`~pulumi_sendgrid_reseller.components.Tenant`: a
customer with its IP assignment, a subuser with its IPs, monitor settings, credits and API
keys, or a provisioned account (Account Provisioning) with its offerings. Each API key is a
secret output, handed on to the tenant's application settings (a stand-in resource here)
to show the composition.

Passwords: DEMO ONLY. Each tenant's password is derived from its name and a fixed demo
salt, so that a second ``pulumi up`` sees the same value and reports no change. Real
stacks take passwords from a secret store or ``pulumi config set --secret``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pulumi

from pulumi_sendgrid_reseller.components import Tenant, TenantArgs
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


config = pulumi.Config()
tenants: dict[str, Tenant] = {}
for index, entry in enumerate(tenant_entries(config)):
    name = str(entry["name"])
    data = {k: v for k, v in entry.items() if k != "name"}
    args = TenantArgs.from_dict(data, password=demo_password(name), where=f"tenants[{index}]")
    tenants[name] = Tenant(name, args)

pulumi.export("tenants", {name: tenant.summary() for name, tenant in tenants.items()})
pulumi.export("usernames", {name: tenant.username for name, tenant in tenants.items()})
pulumi.export("assigned_ips", {name: tenant.ips for name, tenant in tenants.items()})

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
