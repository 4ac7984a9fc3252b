"""Onboard reseller tenants from a data file with the Pulumi Automation API.

Platform teams keep their customers in their own systems (a CRM, a billing database); an
export of them, here ``tenants.json``, drives the SendGrid accounts. Every record becomes
a ``Tenant`` (a customer with its IP assignment, or a subuser with its IPs and monitor)
in one stack; a record removed from the file is removed from SendGrid on the next ``up``.

    python main.py preview --data tenants.json
    python main.py up      --data tenants.json
    python main.py destroy --data tenants.json

Every record is checked before the engine starts, and every problem is reported at once.

Credentials: ``SENDGRID_API_USER``, ``SENDGRID_API_KEY``, ``SENDGRID_API_URL`` (the
emulator, or the real SendGrid when unset). State: ``PULUMI_BACKEND_URL``, by default a
file backend in ``.pulumi-state/`` beside this file. Passwords never come from the data
file: each is derived from the username and ``ONBOARDING_PASSWORD_SEED`` (keep it in your
secret store); against anything but the real SendGrid a demo seed is used when it is unset.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pulumi
from pulumi import automation as auto

from pulumi_sendgrid_reseller.components import Tenant, TenantArgs

HERE = Path(__file__).resolve().parent
DEMO_SEED = "onboarding-demo/not-a-secret"
SEED_VARIABLE = "ONBOARDING_PASSWORD_SEED"


class DataError(Exception):
    """The data file cannot be used; the message lists every problem."""


def load_records(path: Path) -> list[dict[str, Any]]:
    """The tenant records of a JSON file: ``{"tenants": [...]}`` or a bare list.

    Raises:
        DataError: unreadable JSON, a record that does not make a valid tenant, or a
            username used twice; every problem is listed.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: {exc}") from None
    records = data.get("tenants") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise DataError(f"{path}: expected a list of tenants, or an object with 'tenants'")
    problems: list[str] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        where = f"tenants[{index}]"
        if not isinstance(record, dict):
            problems.append(f"{where}: must be an object")
            continue
        try:
            TenantArgs.from_dict(record, password="checked-later", where=where)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        username = str(record["username"])
        if username in seen:
            problems.append(f"{where}.username: {username!r} appears twice")
        seen.add(username)
    if problems:
        raise DataError(f"{path}:\n  " + "\n  ".join(problems))
    return [dict(r) for r in records]


def password_seed(environ: dict[str, str]) -> str:
    """The seed of the tenants' passwords; the demo seed only away from the real SendGrid.

    Raises:
        DataError: no seed while the target is the real SendGrid.
    """
    seed = environ.get(SEED_VARIABLE, "")
    if seed:
        return seed
    url = environ.get("SENDGRID_API_URL", "")
    if not url or "sendgrid.com" in url:
        raise DataError(f"set {SEED_VARIABLE} (from your secret store) to onboard real accounts")
    print(f"warning: {SEED_VARIABLE} is not set: using the demo seed", file=sys.stderr)
    return DEMO_SEED


def derived_password(seed: str, username: str) -> str:
    """A stable 32-character password for ``username``."""
    return "pw-" + hmac.new(seed.encode(), username.encode(), hashlib.sha256).hexdigest()[:29]


def make_program(records: list[dict[str, Any]], seed: str) -> Callable[[], None]:
    """The inline Pulumi program: one ``Tenant`` per record, and their summary as output."""

    def program() -> None:
        tenants: dict[str, Tenant] = {}
        for index, record in enumerate(records):
            username = str(record["username"])
            password = pulumi.Output.secret(derived_password(seed, username))
            args = TenantArgs.from_dict(record, password=password, where=f"tenants[{index}]")
            tenants[username] = Tenant(username, args)
        pulumi.export("tenants", {name: t.summary() for name, t in tenants.items()})

    return program


def engine_environment(environ: dict[str, str]) -> dict[str, str]:
    """Environment for the engine: a local file backend and no passphrase, unless set."""
    env: dict[str, str] = {}
    if not environ.get("PULUMI_BACKEND_URL"):
        backend = HERE / ".pulumi-state"
        backend.mkdir(exist_ok=True)
        env["PULUMI_BACKEND_URL"] = backend.as_uri()
    if "PULUMI_CONFIG_PASSPHRASE" not in environ and "PULUMI_CONFIG_PASSPHRASE_FILE" not in environ:
        env["PULUMI_CONFIG_PASSPHRASE"] = ""
    env.setdefault("PULUMI_SKIP_UPDATE_CHECK", "true")
    return env


def print_tenants(outputs: auto.OutputMap) -> None:
    """A table of the onboarded tenants."""
    tenants = outputs.get("tenants")
    values: dict[str, Any] = tenants.value if tenants is not None else {}
    if not values:
        print("no tenants")
        return
    print(f"{'USERNAME':<24} {'KIND':<9} {'USER ID':>7}  {'IPS':<32} MONITOR")
    for name in sorted(values):
        t = values[name]
        monitor = t.get("monitor")
        shown = f"every {monitor['frequency']} to {monitor['email']}" if monitor else "-"
        ips = ", ".join(t.get("ips") or []) or "(parent's pool)"
        print(f"{t['username']:<24} {t['kind']:<9} {t['user_id']!s:>7}  {ips:<32} {shown}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``up``, ``preview`` or ``destroy`` for the tenants of the data file."""
    parser = argparse.ArgumentParser(description="Onboard SendGrid reseller tenants.")
    parser.add_argument("command", choices=("up", "preview", "destroy"))
    parser.add_argument("--data", type=Path, required=True, help="tenants JSON file")
    parser.add_argument("--stack", default="dev", help="stack name (default: dev)")
    parser.add_argument("--quiet", action="store_true", help="do not stream the engine output")
    args = parser.parse_args(argv)

    environ = dict(os.environ)
    try:
        records = load_records(args.data)
        seed = password_seed(environ)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    stack = auto.create_or_select_stack(
        stack_name=args.stack,
        project_name="tenant-onboarding",
        program=make_program(records, seed),
        opts=auto.LocalWorkspaceOptions(work_dir=str(HERE), env_vars=engine_environment(environ)),
    )
    stream: Callable[[str], None] | None = None if args.quiet else print
    try:
        if args.command == "preview":
            preview = stack.preview(on_output=stream)
            print(f"planned: {preview.change_summary}")
        elif args.command == "up":
            up = stack.up(on_output=stream)
            print(f"changes: {up.summary.resource_changes}")
            print_tenants(up.outputs)
        else:
            destroy = stack.destroy(on_output=stream)
            print(f"changes: {destroy.summary.resource_changes}")
    except auto.errors.CommandError as exc:
        print(f"error: pulumi {args.command} failed:\n{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
