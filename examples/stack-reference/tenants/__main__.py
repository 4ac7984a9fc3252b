"""The tenants: customers whose IPs come from the ``ip-plan`` stack.

The plan is read through a ``pulumi.StackReference`` (config ``tenants:ipPlanStack``,
e.g. ``organization/ip-plan/dev``); each customer of ``tenants:customers`` becomes a
``Tenant`` (a ``Customer`` and its ``CustomerIpAssignment``) with the IPs planned for it.
A customer missing from the plan fails the deployment with a message naming it.

Passwords: DEMO ONLY, derived from the username and ``tenants:passwordSeed`` (a config
secret; without it, and only when the endpoint is not SendGrid's own, a fixed demo seed
is used and a warning says so).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any

import pulumi

from pulumi_sendgrid_reseller.components import CustomerProfile, Tenant, TenantArgs

DEMO_SEED = "stack-reference-demo/not-a-secret"


def derived_password(seed: pulumi.Input[str], username: str) -> pulumi.Output[str]:
    """A stable 32-character password for ``username``, as a secret."""
    return pulumi.Output.secret(
        pulumi.Output.from_input(seed).apply(
            lambda s: (
                "pw-" + hmac.new(s.encode(), username.encode(), hashlib.sha256).hexdigest()[:29]
            )
        )
    )


def planned_ips(plan: Any, username: str) -> list[str]:
    """The IPs the plan gives ``username``; an error naming it when the plan has none."""
    if not isinstance(plan, dict) or username not in plan:
        raise ValueError(
            f"the IP plan has no entry for {username!r}: add it to ip-plan:tenants and run "
            "`pulumi up` in the ip-plan stack first"
        )
    return [str(ip) for ip in plan[username]]


def targets_real_sendgrid() -> bool:
    """Whether the endpoint (stack config, then environment) is SendGrid's own."""
    url = pulumi.Config("sendgrid-reseller").get("apiUrl") or os.environ.get("SENDGRID_API_URL")
    return not url or "sendgrid.com" in url


config = pulumi.Config()
seed = config.get_secret("passwordSeed")
if seed is None:
    if targets_real_sendgrid():
        raise ValueError("set the secret tenants:passwordSeed to create real accounts")
    pulumi.log.warn("tenants:passwordSeed is not set: using the demo seed (emulator only)")
    seed = pulumi.Output.secret(DEMO_SEED)

ip_plan = pulumi.StackReference(config.require("ipPlanStack"))
allocations = ip_plan.require_output("allocations")

tenants: dict[str, Tenant] = {}
for entry in config.require_object("customers"):
    username = str(entry["username"])
    tenants[username] = Tenant(
        username,
        TenantArgs(
            kind="customer",
            username=username,
            email=str(entry["email"]),
            password=derived_password(seed, username),
            ips=allocations.apply(lambda plan, u=username: planned_ips(plan, u)),
            profile=CustomerProfile.from_dict(entry["profile"], where=f"{username}.profile"),
        ),
    )

pulumi.export("customers", {name: tenant.summary() for name, tenant in tenants.items()})
