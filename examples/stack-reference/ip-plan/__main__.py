"""The IP plan: which of the reseller's IPs each tenant sends from.

This stack owns the IP decisions and creates no SendGrid object. It reads the inventory
with the lookups (``get_ips("free")``, ``get_ip_usage()``), keeps the IPs a tenant already
sends from, gives each tenant the missing ones from the free IPs of the pool (lowest
address first), and exports the plan. The ``tenants`` stack applies it through a
``pulumi.StackReference``. Running it again gives the same plan: assigned IPs stay put.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

import pulumi

from pulumi_sendgrid_reseller import get_ip_usage, get_ips


def by_address(ips: Iterable[str]) -> list[str]:
    """The IPs sorted numerically."""
    return sorted(set(ips), key=ipaddress.ip_address)


def plan_ips(
    wanted: Mapping[str, int],
    pool: list[str],
    free: set[str],
    in_use: Mapping[str, list[str]],
) -> dict[str, list[str]]:
    """Give each tenant ``wanted[tenant]`` IPs of ``pool``: the ones it has, then free ones.

    Raises:
        ValueError: the pool has not enough free IPs.
    """
    plan: dict[str, list[str]] = {}
    taken: set[str] = set()
    for tenant in sorted(wanted):
        kept = [ip for ip in by_address(in_use.get(tenant, [])) if ip in pool]
        plan[tenant] = kept[: wanted[tenant]]
        taken.update(plan[tenant])
    for tenant in sorted(wanted):
        missing = wanted[tenant] - len(plan[tenant])
        candidates = [ip for ip in pool if ip in free and ip not in taken][:missing]
        if len(candidates) < missing:
            raise ValueError(
                f"ip-plan: {tenant} needs {missing} more IP(s) but the pool has only "
                f"{len(candidates)} free; add IPs to the account or widen ip-plan:pool"
            )
        plan[tenant] = by_address(plan[tenant] + candidates)
        taken.update(candidates)
    return plan


config = pulumi.Config()
wanted = {str(k): int(v) for k, v in config.require_object("tenants").items()}
prefix = config.get("pool") or ""

pool = [ip for ip in by_address(get_ips("all")) if ip.startswith(prefix)]
free = set(get_ips("free"))
in_use: dict[str, list[str]] = {}
for usage in get_ip_usage():
    in_use.setdefault(usage.user, []).append(usage.ip)

allocations = plan_ips(wanted, pool, free, in_use)
allocated = {ip for ips in allocations.values() for ip in ips}

pulumi.export("allocations", allocations)
pulumi.export("pool", pool)
pulumi.export("unallocated", [ip for ip in pool if ip in free and ip not in allocated])
