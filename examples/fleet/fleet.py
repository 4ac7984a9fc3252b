"""Run a fleet of tenants as many stacks, one per group, with the Pulumi Automation API.

One stack should hold a few hundred tenants at most (the file backend rewrites the whole
state at every step, and a stack is the unit a failure stops). A fleet is therefore split
into groups in one data file, ``fleet.json``; each group is a stack of its own (named after
the group), and the groups run side by side:

    python fleet.py up      --data fleet.json --parallel 4   # every group, 4 at a time
    python fleet.py up      --data fleet.json --group eu-retail   # one group (a CI job)
    python fleet.py preview --data fleet.json
    python fleet.py refresh --data fleet.json
    python fleet.py destroy --data fleet.json
    python fleet.py groups  --data fleet.json                # the group names, as JSON

Each group runs in its own process (this file, with ``--worker``), K at a time; a line is
printed when a group starts and when it ends. A group that fails (a record that is not a
valid tenant, a refusal by SendGrid, a check failure at preview) stops alone: the others
go on, and the summary at the end says which groups failed and why (the engine's full
output is in ``.fleet-logs/<group>.log``). The exit status is 1 when any group failed.

All groups share one SendGrid account and so its rate limit; each provider process paces
itself from SendGrid's rate-limit answers, so that groups run side by side, on one machine
or on many CI runners, stay within the budget together.

Credentials: ``SENDGRID_API_USER``, ``SENDGRID_API_KEY``, ``SENDGRID_API_URL`` (the
emulator, or the real SendGrid when unset). State: ``PULUMI_BACKEND_URL``, by default a
file backend in ``.pulumi-state/`` beside this file. Passwords never come from the data
file: each is derived from the username and ``FLEET_PASSWORD_SEED`` (keep it in your
secret store); against anything but the real SendGrid a demo seed is used when it is unset.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = "tenant-fleet"
DEMO_SEED = "fleet-demo/not-a-secret"
SEED_VARIABLE = "FLEET_PASSWORD_SEED"
COMMANDS = ("up", "preview", "refresh", "destroy")
RESULT_PREFIX = "FLEET-RESULT "


class DataError(Exception):
    """The data file cannot be used; the message says why."""


# --------------------------------------------------------------------------------------
# The data file
# --------------------------------------------------------------------------------------


def load_groups(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The groups of the data file: ``{"groups": [{"name": ..., "tenants": [...]}]}``.

    Only the file's shape is checked here (names unique and usable as stack names); each
    group's tenants are checked by the group's own run, so that a bad record stops its
    group only.

    Raises:
        DataError: unreadable JSON, or a group without a usable name or tenant list.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: {exc}") from None
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        raise DataError(f"{path}: expected an object with a list 'groups'")
    out: dict[str, list[dict[str, Any]]] = {}
    for index, group in enumerate(groups):
        where = f"groups[{index}]"
        name = group.get("name") if isinstance(group, dict) else None
        if (
            not isinstance(name, str)
            or not name
            or not all(c.isalnum() or c in "-_." for c in name)
        ):
            raise DataError(f"{path}: {where}.name: a stack name (letters, digits, - _ .)")
        if name in out:
            raise DataError(f"{path}: {where}.name: {name!r} appears twice")
        tenants = group.get("tenants")
        if not isinstance(tenants, list):
            raise DataError(f"{path}: {where}.tenants: must be a list")
        out[name] = tenants
    return out


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
        raise DataError(f"set {SEED_VARIABLE} (from your secret store) to manage real accounts")
    return DEMO_SEED


def derived_password(seed: str, username: str) -> str:
    """A stable 32-character password for ``username``."""
    return "pw-" + hmac.new(seed.encode(), username.encode(), hashlib.sha256).hexdigest()[:29]


# --------------------------------------------------------------------------------------
# One group: one stack (the worker process)
# --------------------------------------------------------------------------------------


@dataclass
class GroupResult:
    """How one group's run ended."""

    group: str
    ok: bool
    changes: dict[str, int]
    seconds: float
    reason: str = ""


def _check_tenants(group: str, records: list[dict[str, Any]]) -> None:
    from pulumi_sendgrid_reseller.components import TenantArgs

    problems: list[str] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        where = f"{group}.tenants[{index}]"
        if not isinstance(record, dict):
            problems.append(f"{where}: must be an object")
            continue
        try:
            TenantArgs.from_dict(record, password="checked-later", where=where)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if record["username"] in seen:
            problems.append(f"{where}.username: {record['username']!r} appears twice")
        seen.add(record["username"])
    if problems:
        raise DataError("; ".join(problems))


def _program(records: list[dict[str, Any]], seed: str, group: str) -> Callable[[], None]:
    def program() -> None:
        import pulumi

        from pulumi_sendgrid_reseller.components import Tenant, TenantArgs

        tenants: dict[str, Tenant] = {}
        for index, record in enumerate(records):
            username = str(record["username"])
            password = pulumi.Output.secret(derived_password(seed, username))
            where = f"{group}.tenants[{index}]"
            tenants[username] = Tenant(
                username, TenantArgs.from_dict(record, password=password, where=where)
            )
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


def run_group(command: str, group: str, records: list[dict[str, Any]]) -> GroupResult:
    """Run ``command`` on the group's stack in this process; the engine output streams."""
    from pulumi import automation as auto

    began = time.monotonic()
    try:
        seed = password_seed(dict(os.environ))
        if command != "destroy":
            _check_tenants(group, records)
        stack = auto.create_or_select_stack(
            stack_name=group,
            project_name=PROJECT,
            program=_program(records, seed, group),
            opts=auto.LocalWorkspaceOptions(
                work_dir=str(HERE), env_vars=engine_environment(dict(os.environ))
            ),
        )
        if command == "preview":
            changes = dict(stack.preview(on_output=print).change_summary)
        elif command == "up":
            changes = dict(stack.up(on_output=print).summary.resource_changes or {})
        elif command == "refresh":
            changes = dict(stack.refresh(on_output=print).summary.resource_changes or {})
        else:
            changes = dict(stack.destroy(on_output=print).summary.resource_changes or {})
    except DataError as exc:
        return GroupResult(group, False, {}, time.monotonic() - began, f"bad data: {exc}")
    except auto.errors.CommandError as exc:
        return GroupResult(group, False, {}, time.monotonic() - began, _reason(str(exc)))
    return GroupResult(
        group, True, {str(k): int(v) for k, v in changes.items()}, time.monotonic() - began
    )


def _reason(text: str) -> str:
    """What an engine failure says was wrong (each diagnostic once), else its last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    why = [line.rsplit("error: ", 1)[1] for line in lines if "error: " in line]
    chosen = why or lines[-1:]
    return " | ".join(dict.fromkeys(chosen))[:600]


# --------------------------------------------------------------------------------------
# The fleet: K groups at a time, each in its own process
# --------------------------------------------------------------------------------------


def _run_worker(command: str, data: Path, group: str, logs: Path) -> GroupResult:
    log_file = logs / f"{group}.log"
    began = time.monotonic()
    with log_file.open("w", encoding="utf-8") as log:
        # This file again, with arguments as a list (no shell): nothing is interpreted.
        proc = subprocess.run(  # noqa: S603
            [
                sys.executable,
                str(Path(__file__).resolve()),
                command,
                "--data",
                str(data),
                "--group",
                group,
                "--worker",
            ],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            check=False,
        )
        log.write(proc.stdout)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return GroupResult(**json.loads(line[len(RESULT_PREFIX) :]))
    return GroupResult(
        group,
        False,
        {},
        time.monotonic() - began,
        f"worker exited with status {proc.returncode} (see {log_file})",
    )


def run_fleet(command: str, data: Path, groups: Sequence[str], parallel: int) -> list[GroupResult]:
    """Run ``command`` on every group, ``parallel`` at a time; print progress."""
    logs = HERE / ".fleet-logs"
    logs.mkdir(exist_ok=True)
    lock = threading.Lock()
    done: list[GroupResult] = []
    running: set[str] = set()

    def one(group: str) -> GroupResult:
        with lock:
            running.add(group)
            print(
                f"[{len(done)}/{len(groups)} done, {len(running)} running] {group}: {command}",
                flush=True,
            )
        result = _run_worker(command, data, group, logs)
        with lock:
            running.discard(group)
            done.append(result)
            status = f"ok {result.changes}" if result.ok else f"FAILED: {result.reason}"
            print(
                f"[{len(done)}/{len(groups)} done, {len(running)} running] {group}: "
                f"{status} ({result.seconds:.0f} s)",
                flush=True,
            )
        return result

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        results = list(pool.map(one, groups))
    return results


def print_summary(command: str, results: Sequence[GroupResult]) -> None:
    """Which groups succeeded, which failed and why."""
    failed = [r for r in results if not r.ok]
    print(f"\n{command}: {len(results) - len(failed)} of {len(results)} groups succeeded")
    for r in results:
        print(f"  {r.group:<24} {'ok' if r.ok else 'FAILED':<7} {r.changes if r.ok else r.reason}")
    if failed:
        print(f"failed: {', '.join(r.group for r in failed)} (engine output in .fleet-logs/)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command on the fleet's groups (or list them)."""
    parser = argparse.ArgumentParser(description="Run a fleet of tenant groups as stacks.")
    parser.add_argument("command", choices=(*COMMANDS, "groups"))
    parser.add_argument("--data", type=Path, required=True, help="the fleet's JSON file")
    parser.add_argument("--group", action="append", help="only this group (repeatable)")
    parser.add_argument("--parallel", type=int, default=4, help="groups at a time (default 4)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        groups = load_groups(args.data)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.command == "groups":
        print(json.dumps(list(groups)))
        return 0
    chosen = args.group or list(groups)
    unknown = [g for g in chosen if g not in groups]
    if unknown:
        print(f"error: no group {', '.join(map(repr, unknown))} in {args.data}", file=sys.stderr)
        return 1
    if args.worker:
        (group,) = chosen
        result = run_group(args.command, group, groups[group])
        print(RESULT_PREFIX + json.dumps(asdict(result)), flush=True)
        return 0 if result.ok else 1
    results = run_fleet(args.command, args.data.resolve(), chosen, args.parallel)
    print_summary(args.command, results)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
