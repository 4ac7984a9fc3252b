"""The Pulumi programs the benchmarks run, and the stacks that run them.

A *tenant* is what a reseller typically declares per customer: a :class:`Customer`, its
:class:`CustomerIpAssignment`, a :class:`Subuser` named after the customer, and the
subuser's :class:`SubuserMonitor`: four resources chained by their outputs. The engine's
floor is the same graph of :class:`Noop` resources: four per tenant, each fed by the
previous one's output, so that both programs give the engine the same dependencies.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi import automation as auto
from pulumi.dynamic import Resource

from ._emulator import DEFAULT_IPS

PROJECT = "bench"
KINDS = ("Customer", "CustomerIpAssignment", "Subuser", "SubuserMonitor")
"""The resource types, in the order a tenant creates them."""
CUSTOMER_PASSWORD = "Bench-customer-2468"
SUBUSER_PASSWORD = "Bench-subuser-1357"

Program = Callable[[], None]


def tenant_ips(index: int) -> list[str]:
    """The one or two inventory IPs of tenant ``index`` (IPs are shared between tenants)."""
    first = DEFAULT_IPS[index % len(DEFAULT_IPS)]
    if index % 2 == 0:
        return [first]
    return [first, DEFAULT_IPS[(index + 1) % len(DEFAULT_IPS)]]


@dataclass
class TenantSpec:
    """What the tenant program declares; mutable, read each time the program runs.

    Attributes:
        prefix: username prefix, unique per stack (deleted usernames stay reserved).
        count: number of tenants.
        kinds: how many of the four resource types each tenant declares (0 to 4, in the
            order of :data:`KINDS`).
        changed: resource types whose one updatable field takes its second value.
        chain_ips: the subuser's IPs are the assignment's ``assigned_ips`` output (as a
            real program writes it); when false they are the same literal list, with an
            explicit dependency, so that an IP change of the assignment does not ripple.
    """

    prefix: str
    count: int
    kinds: int = 4
    changed: set[str] = field(default_factory=set)
    chain_ips: bool = True

    def program(self) -> Program:
        """The inline program declaring the tenants."""
        return lambda: self._declare()

    def _declare(self) -> None:
        from pulumi_sendgrid_reseller import (
            Customer,
            CustomerArgs,
            CustomerIpAssignment,
            CustomerIpAssignmentArgs,
            Subuser,
            SubuserArgs,
            SubuserMonitor,
            SubuserMonitorArgs,
        )

        for i in range(self.count):
            if self.kinds < 1:
                return
            username = f"{self.prefix}-{i:04d}"
            customer = Customer(
                f"customer-{i}",
                CustomerArgs(
                    username=username,
                    password=CUSTOMER_PASSWORD,
                    email=f"{username}@example.com",
                    first_name="Ada" if "Customer" not in self.changed else "Grace",
                    last_name="Tenant",
                    address="1 Bench Street",
                    city="Testville",
                    state="CA",
                    zip="91234",
                    country="US",
                    phone="555-0100",
                    website="example.com",
                ),
            )
            if self.kinds < 2:
                continue
            ips = tenant_ips(i)
            assigned = ips if "CustomerIpAssignment" not in self.changed else tenant_ips(i + 7)
            assignment = CustomerIpAssignment(
                f"ips-{i}", CustomerIpAssignmentArgs(customer=customer.username, ips=assigned)
            )
            if self.kinds < 3:
                continue
            subuser = Subuser(
                f"subuser-{i}",
                SubuserArgs(
                    username=customer.username.apply(lambda name: f"{name}-sub"),
                    email=customer.email,
                    password=SUBUSER_PASSWORD,
                    ips=assignment.assigned_ips if self.chain_ips else ips,
                    disabled="Subuser" in self.changed,
                ),
                pulumi.ResourceOptions(depends_on=[assignment]),
            )
            if self.kinds < 4:
                continue
            SubuserMonitor(
                f"monitor-{i}",
                SubuserMonitorArgs(
                    subuser=subuser.username,
                    email=customer.email,
                    frequency=100 if "SubuserMonitor" not in self.changed else 250,
                ),
            )


def _then(kind: str) -> Callable[[str], str]:
    """The next value of a Noop chain: the previous one with ``/kind`` appended."""
    return lambda value: f"{value}/{kind}"


def noop_program(count: int) -> Program:
    """``4 * count`` Noop resources in chains of four: the engine's floor for the tenants."""

    def declare() -> None:
        from pulumi_sendgrid_reseller.testing import Noop

        for i in range(count):
            value: pulumi.Input[str] = f"tenant-{i:04d}"
            for kind in ("customer", "ips", "subuser", "monitor"):
                res = Noop(f"{kind}-{i}", value=value)
                value = res.value.apply(_then(kind))

    return declare


class _Shaped(Resource):
    """A Noop resource with any properties: the provider is the package's ``NoopProvider``."""

    value: pulumi.Output[str]


def shaped_floor_program(count: int) -> Program:
    """The Noop floor with the tenant's state shape: as many properties per resource.

    Each resource carries the property names, kinds of value (lists for IPs) and secrets
    (passwords, with ``additional_secret_outputs``) that the tenant's resources keep in the
    state, as inputs and as outputs. The engine's checkpoint cost grows with the state, so
    this floor tells the engine's share from the provider's.
    """

    def declare() -> None:
        from pulumi_sendgrid_reseller.testing import NoopProvider

        for i in range(count):
            username = f"tenant-{i:04d}"
            email = f"{username}@example.com"
            ips = tenant_ips(i)
            shapes: dict[str, dict[str, Any]] = {
                "customer": {
                    "username": username,
                    "password": pulumi.Output.secret(CUSTOMER_PASSWORD),
                    "email": email,
                    **dict.fromkeys(("first_name", "last_name", "address", "city"), "Ada"),
                    **dict.fromkeys(("state", "zip", "country", "phone", "website"), "CA"),
                    "adopt": False,
                    "enabled": True,
                    "website_access": True,
                    "user_id": i,
                    "active": True,
                },
                "ips": {
                    "customer": username,
                    "ips": ips,
                    "adopt": False,
                    "all_ips": False,
                    "assigned_ips": ips,
                },
                "subuser": {
                    "username": f"{username}-sub",
                    "email": email,
                    "password": pulumi.Output.secret(SUBUSER_PASSWORD),
                    "ips": ips,
                    "region": "global",
                    "disabled": False,
                    "adopt": False,
                    "user_id": i,
                },
                "monitor": {
                    "subuser": f"{username}-sub",
                    "email": email,
                    "frequency": 100,
                    "adopt": False,
                },
            }
            value: pulumi.Input[str] = username
            for kind, props in shapes.items():
                res = _Shaped(
                    NoopProvider(),
                    f"{kind}-{i}",
                    {**props, "value": value},
                    pulumi.ResourceOptions(additional_secret_outputs=["password"]),
                )
                value = res.value.apply(_then(kind))

    return declare


def make_stack(name: str, program: Program, root: Path, env: dict[str, str]) -> auto.Stack:
    """An inline-program stack on a file backend under ``root``, with ``env`` for the engine."""
    backend = root / "backend"
    backend.mkdir(parents=True, exist_ok=True)
    work = root / "work"
    work.mkdir(parents=True, exist_ok=True)
    env_vars = {
        "PULUMI_BACKEND_URL": backend.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": "",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_HOME": os.environ.get("PULUMI_HOME", str(root / "pulumi-home")),
        **env,
    }
    settings = auto.ProjectSettings(
        name=PROJECT,
        runtime=auto.ProjectRuntimeInfo(
            name="python", options={"toolchain": "pip", "virtualenv": sys.prefix}
        ),
        backend=auto.ProjectBackend(url=backend.as_uri()),
    )
    return auto.create_or_select_stack(
        stack_name=name,
        project_name=PROJECT,
        program=program,
        opts=auto.LocalWorkspaceOptions(
            project_settings=settings, env_vars=env_vars, work_dir=str(work)
        ),
    )


def urns_of(stack: auto.Stack, kind: str) -> list[str]:
    """The URNs of the stack's resources of one type (``Customer``, ``Noop``, ...)."""
    resources = (stack.export_stack().deployment or {}).get("resources") or []
    suffix = f":{kind}"
    return [r["urn"] for r in resources if str(r.get("type", "")).endswith(suffix)]
