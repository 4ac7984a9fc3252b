"""Mixed tenants as a project on disk, run by the real `pulumi` command line.

Tenant ``i`` of a stack with prefix ``p``: even ones a customer ``p-c<i>`` with an IP
assignment (every fourth one disabled), odd ones a subuser ``p-s<i>`` with a monitor
(every fourth one disabled). The prefix and the count come from the stack configuration.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from pulumi import automation as auto
from tenants import IPS, PASSWORD

from conftest import Emulator

PROGRAM = f"""
import pulumi
from pulumi_sendgrid_reseller import (
    Customer, CustomerArgs, CustomerIpAssignment, CustomerIpAssignmentArgs,
    Subuser, SubuserArgs, SubuserMonitor, SubuserMonitorArgs,
)

IPS = {IPS!r}
config = pulumi.Config()
prefix = config.require("prefix")
for i in range(config.require_int("count")):
    ip = IPS[i % len(IPS)]
    if i % 2 == 0:
        name = f"{{prefix}}-c{{i}}"
        customer = Customer(name, CustomerArgs(
            username=name, password={PASSWORD!r}, email=f"{{name}}@example.com",
            first_name="First", last_name="Last", address="1 Street", city="City",
            state="ST", zip="12345", country="US", phone="555-0100", website="example.com",
            company="Company", enabled=i % 4 != 0,
        ))
        CustomerIpAssignment(f"{{name}}-ips", CustomerIpAssignmentArgs(
            customer=customer.username, ips=[ip]))
    else:
        name = f"{{prefix}}-s{{i}}"
        subuser = Subuser(name, SubuserArgs(
            username=name, email=f"{{name}}@example.com", password={PASSWORD!r}, ips=[ip],
            disabled=i % 4 == 1,
        ))
        SubuserMonitor(f"{{name}}-monitor", SubuserMonitorArgs(
            subuser=subuser.username, email="qa@example.com", frequency=50))
"""

PROJECT_YAML = (
    "name: mixed-tenants\nruntime:\n  name: python\n  options:\n    toolchain: pip\n"
    "    virtualenv: venv\n"
)


def write_project(folder: Path) -> Path:
    """Write the project (Pulumi.yaml and __main__.py) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Pulumi.yaml").write_text(PROJECT_YAML)
    (folder / "__main__.py").write_text(PROGRAM)
    return folder


def expected(prefix: str, count: int) -> dict[str, dict[str, Any]]:
    """What the emulator must hold for the stack: username -> kind, IPs, active."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(count):
        ip = IPS[i % len(IPS)]
        if i % 2 == 0:
            out[f"{prefix}-c{i}"] = {"kind": "customer", "ips": [ip], "active": i % 4 != 0}
        else:
            out[f"{prefix}-s{i}"] = {"kind": "subuser", "ips": [ip], "active": i % 4 != 1}
    return out


def problems(emulator: Emulator, prefix: str, count: int) -> list[str]:
    """Every way the emulator differs from the stack: duplicates, orphans, missing, wrong."""
    state = emulator.state()
    mine = [a for a in state["accounts"] if a["username"].startswith(f"{prefix}-")]
    names = [a["username"] for a in mine]
    found: list[str] = []
    if len(names) != len(set(names)):
        found.append(f"duplicates: {sorted(names)}")
    want = expected(prefix, count)
    by_name = {a["username"]: a for a in mine}
    found += [f"orphan {n}" for n in sorted(set(by_name) - set(want))]
    found += [f"missing {n}" for n in sorted(set(want) - set(by_name))]
    for name in sorted(set(want) & set(by_name)):
        got = {k: by_name[name][k] for k in ("kind", "ips", "active")}
        if got != want[name]:
            found.append(f"{name}: {got} != {want[name]}")
    monitors = {m["username"]: m for m in state["monitors"] if m["username"].startswith(prefix)}
    subusers = {n for n, w in want.items() if w["kind"] == "subuser"}
    found += [f"monitor orphan {n}" for n in sorted(set(monitors) - subusers)]
    found += [f"monitor missing {n}" for n in sorted(subusers - set(monitors))]
    return found


def leftovers(emulator: Emulator, prefix: str) -> list[str]:
    """Accounts and monitors of the stack still in the emulator."""
    state = emulator.state()
    return [a["username"] for a in state["accounts"] if a["username"].startswith(f"{prefix}-")] + [
        f"monitor {m['username']}" for m in state["monitors"] if m["username"].startswith(prefix)
    ]


def cli_env(stack: auto.Stack) -> dict[str, str]:
    """The environment the Automation API gives the engine, for running `pulumi` itself."""
    workspace = stack.workspace
    assert isinstance(workspace, auto.LocalWorkspace)
    return {**os.environ, **(workspace.env_vars or {})}


def pulumi_cli(stack: auto.Stack, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``pulumi <args> --stack <stack>`` in the project folder; never raises on failure."""
    workspace = stack.workspace
    assert isinstance(workspace, auto.LocalWorkspace)
    return subprocess.run(
        ["pulumi", *args, "--stack", stack.name, "--non-interactive"],
        cwd=workspace.work_dir,
        env=cli_env(stack),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
