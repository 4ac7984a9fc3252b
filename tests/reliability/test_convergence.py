"""Interrupted and part-way runs are finished by the next `pulumi up`: nothing duplicated,
nothing orphaned, and a preview afterwards shows no change.

Every test runs the real engine against the emulator, with the emulator's faults: runs
killed with SIGKILL, calls failing until SendGrid recovers, responses lost after commit,
the emulator restarted mid-run, and two stacks declaring the same usernames.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest
from mixed import cli_env, leftovers, problems, pulumi_cli, write_project
from pulumi import automation as auto
from tenants import (
    IPS,
    PASSWORD,
    RATE_LIMITED_PATHS,
    add_fault,
    add_rate_limit,
    assert_matches_stack,
    clear_faults,
    tenants_program,
)

from conftest import Emulator, StackFactory, change_summary


def _wait_for_calls(emulator: Emulator, calls: int, process: subprocess.Popen[bytes]) -> int:
    """Wait until the emulator has served ``calls`` calls (or the run ended); the count."""
    deadline = time.monotonic() + 300
    total = 0
    while time.monotonic() < deadline and process.poll() is None:
        total = int(emulator.request_log()["total"])
        if total >= calls:
            break
        time.sleep(0.05)
    return total


def _process_tree(root: int) -> list[int]:
    """``root`` and every process below it (from /proc), parents first."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[-1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    tree, queue = [], [root]
    while queue:
        pid = queue.pop(0)
        tree.append(pid)
        queue.extend(children.get(pid, []))
    return tree


def _kill_run(run: subprocess.Popen[bytes]) -> int:
    """SIGKILL the run's process group and every process it started, as a dying machine
    would (the engine starts its plugins in process groups of their own). The count."""
    tree = _process_tree(run.pid)
    os.killpg(run.pid, signal.SIGKILL)
    for pid in tree[1:]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    run.wait()
    return len(tree)


def _repair_file_backend(stack: auto.Stack) -> list[str]:
    """Remove the empty ``.attrs`` files a kill can leave beside the stack's checkpoint.

    The file backend writes a checkpoint, then its attributes file; killed in between, the
    attributes file is empty and every command fails with ``failed to load checkpoint:
    EOF``. docs/recovery.md says to delete that empty file. Returns what was removed.
    """
    backend = cli_env(stack)["PULUMI_BACKEND_URL"].removeprefix("file://")
    removed = []
    for attrs in Path(backend, ".pulumi", "stacks").rglob(f"{stack.name}.json*.attrs"):
        if attrs.stat().st_size == 0:
            attrs.unlink()
            removed.append(attrs.name)
    return removed


# --------------------------------------------------------------------------------------
# 1. `pulumi up` killed, then the documented recovery
# --------------------------------------------------------------------------------------

KILL_AFTER_CALLS = [3, 12, 24, 36]
KILL_TENANTS = 16


@pytest.mark.engine
def test_killed_up_then_documented_recovery(
    make_stack: StackFactory, emulator: Emulator, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "mixed")
    for path in RATE_LIMITED_PATHS:
        add_rate_limit(emulator, path, per_second=5)
    report: list[str] = []
    failures: list[str] = []
    for point, calls in enumerate(KILL_AFTER_CALLS):
        prefix = f"k{point}"
        stack = make_stack(
            work_dir=project,
            name=f"kill{point}",
            env=emulator.env(),
            config={"prefix": prefix, "count": str(KILL_TENANTS)},
        )
        emulator.clear_log()
        run = subprocess.Popen(
            ["pulumi", "up", "--yes", "--skip-preview", "--stack", stack.name, "--non-interactive"],
            cwd=project,
            env=cli_env(stack),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        served = _wait_for_calls(emulator, calls, run)
        running = run.poll() is None
        killed = _kill_run(run)
        repaired = _repair_file_backend(stack)
        deployment = stack.export_stack().deployment
        pending = len(deployment.get("pending_operations") or [])
        recorded = len(deployment.get("resources") or [])
        existing = len(leftovers(emulator, prefix))

        steps = [
            ("cancel", pulumi_cli(stack, "cancel", "--yes")),
            ("refresh", pulumi_cli(stack, "refresh", "--clear-pending-creates", "--yes")),
            ("up", pulumi_cli(stack, "up", "--yes", "--skip-preview")),
        ]
        failed = [
            f"{name}: {r.stdout[-1500:]}{r.stderr[-1500:]}" for name, r in steps if r.returncode
        ]
        found = problems(emulator, prefix, KILL_TENANTS)
        try:
            preview = change_summary(stack.preview(expect_no_changes=True))
        except auto.errors.CommandError as exc:
            preview = {"error": 1}
            failed.append(f"preview: {str(exc)[-1500:]}")
        stack.destroy()
        left = leftovers(emulator, prefix)
        line = (
            f"kill point {point} (after {served} calls, run still going: {running}, "
            f"{killed} processes killed, empty checkpoint attributes removed: {repaired}): "
            f"{recorded} resources recorded, {pending} pending creates, {existing} objects in "
            f"SendGrid -> recovery {'converged' if not failed and not found else 'FAILED'}, "
            f"problems {found}, preview {preview}, left after destroy {left}"
        )
        report.append(line)
        print(line)
        if not running:
            failures.append(f"point {point}: the run ended before the kill")
        if failed or found or left:
            failures.append(f"point {point}: {failed} {found} {left}")
    summary = "\n".join(report)
    print(summary)
    assert not failures, f"{summary}\n" + "\n".join(failures)


# --------------------------------------------------------------------------------------
# 2. Multi-call updates whose second or last call fails until SendGrid recovers
# --------------------------------------------------------------------------------------


def _customer_args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "username": "conv-cust",
        "password": PASSWORD,
        "email": "first@conv.example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "address": "1 Main Street",
        "city": "Springfield",
        "state": "CA",
        "zip": "91234",
        "country": "US",
        "phone": "555-0100",
        "website": "conv.example.com",
        "enabled": True,
    }
    args.update(overrides)
    return args


def _initial_four() -> dict[str, Any]:
    """The first declaration of the four resources of :func:`_four`."""
    return {
        "customer": _customer_args(),
        "assignment": {"ips": [IPS[0]]},
        "subuser": {"ips": [IPS[1]], "disabled": False},
        "monitor": {"frequency": 10},
    }


def _four(cfg: dict[str, Any]) -> Callable[[], None]:
    """A customer with an IP assignment, a subuser with a monitor, all from ``cfg``."""

    def program() -> None:
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

        customer = Customer("cust", CustomerArgs(**cfg["customer"]))
        CustomerIpAssignment(
            "cust-ips", CustomerIpAssignmentArgs(customer=customer.username, **cfg["assignment"])
        )
        subuser = Subuser(
            "sub",
            SubuserArgs(
                username="conv-sub",
                email="sub@conv.example.com",
                password=PASSWORD,
                **cfg["subuser"],
            ),
        )
        SubuserMonitor(
            "sub-monitor",
            SubuserMonitorArgs(subuser=subuser.username, email="qa@example.com", **cfg["monitor"]),
        )
        pulumi.export("username", customer.username)

    return program


def _assert_four(emulator: Emulator, cfg: dict[str, Any]) -> None:
    accounts = emulator.accounts()
    customer = cfg["customer"]
    assert {a for a in accounts if a.startswith("conv-")} == {customer["username"], "conv-sub"}
    got = accounts[customer["username"]]
    for name in ("email", "first_name", "last_name", "city"):
        assert got[name] == customer[name], (name, got[name])
    assert got["active"] is customer["enabled"]
    assignment = cfg["assignment"]
    all_ips = sorted(ip["ip"] for ip in emulator.state()["ips"])
    assert sorted(got["ips"]) == (all_ips if assignment.get("all_ips") else assignment["ips"])
    sub = accounts["conv-sub"]
    assert sorted(sub["ips"]) == sorted(cfg["subuser"]["ips"])
    assert sub["disabled"] is cfg["subuser"]["disabled"]
    assert emulator.monitors()["conv-sub"]["frequency"] == cfg["monitor"]["frequency"]


# Each round changes every resource and makes one call of each multi-call update fail
# (HTTP 500) until SendGrid "recovers": the up fails, the next one converges.
ROUNDS: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        "second calls fail (customer setEmail after a rename, subuser PATCH after PUT ips)",
        {
            "customer": {
                "username": "conv-renamed",
                "email": "second@conv.example.com",
                "first_name": "Grace",
                "enabled": False,
            },
            "subuser": {"ips": [IPS[3], IPS[4]], "disabled": True},
            "monitor": {"frequency": 20},
        },
        [r"reseller\.manage\.json\?method=profile&task=setEmail", r"^/v3/subusers/conv-sub$"],
    ),
    (
        "the customer's profile call fails (after a rename and setEmail, before enable)",
        {
            "customer": {
                "username": "conv-second",
                "email": "third@conv.example.com",
                "first_name": "Hopper",
                "city": "Shelbyville",
                "enabled": True,
            },
            "assignment": {"ips": [IPS[5]]},
        },
        [r"reseller\.manage\.json\?method=profile&task=set$"],
    ),
    (
        "the last calls fail (customer disable after a rename, subuser PATCH)",
        {
            "customer": {
                "username": "conv-third",
                "email": "fourth@conv.example.com",
                "last_name": "Curie",
                "enabled": False,
            },
            "subuser": {"ips": [IPS[2]], "disabled": False},
        },
        [r"reseller\.manage\.json\?method=disable", r"^/v3/subusers/conv-sub$"],
    ),
    (
        "the assignment's read-back of set=all and the monitor's only call fail",
        {"assignment": {"all_ips": True}, "monitor": {"frequency": 40}},
        [r"customer\.sendip\.json\?task=list", r"^/v3/subusers/conv-sub/monitor$"],
    ),
]


@pytest.mark.engine
def test_partial_updates_converge_when_sendgrid_recovers(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    cfg = _initial_four()
    stack = make_stack(_four(cfg), env=emulator.env())
    assert change_summary(stack.up(on_output=print)) == {"create": 5}
    report: list[str] = []
    for title, change, failing in ROUNDS:
        for key, values in change.items():
            if key == "assignment":
                cfg[key] = dict(values)
            else:
                cfg[key].update(values)
        for path in failing:
            add_fault(emulator, method="*", path=path, status=500, count=1000)
        emulator.clear_log()
        try:
            stack.up(on_output=print)
        except auto.errors.CommandError as exc:
            assert "500" in str(exc) or "SendGrid" in str(exc), str(exc)[-2000:]
        else:
            raise AssertionError(f"{title}: the up must fail while SendGrid fails")
        fired = [r for r in emulator.request_log()["requests"] if r["status"] == 500]
        assert fired, f"{title}: no injected failure was hit"
        clear_faults(emulator)

        up = stack.up(on_output=print)  # SendGrid has recovered
        assert up.outputs["username"].value == cfg["customer"]["username"]
        _assert_four(emulator, cfg)
        preview = change_summary(stack.preview(expect_no_changes=True))
        report.append(f"{title}: {len(fired)} failed calls, then converged; preview {preview}")
    print("\n".join(report))
    assert change_summary(stack.refresh(expect_no_changes=True)) == {"same": 5}
    stack.destroy()
    assert [a for a in emulator.accounts() if a.startswith("conv-")] == []


# --------------------------------------------------------------------------------------
# 3. Lost responses of updates and deletes; the emulator restarted mid-run
# --------------------------------------------------------------------------------------


@pytest.mark.engine
def test_lost_responses_of_updates_and_deletes(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    cfg = _initial_four()
    stack = make_stack(_four(cfg), env=emulator.env())
    stack.up(on_output=print)

    cfg["customer"].update(
        username="conv-lost", email="lost@conv.example.com", first_name="Grace", enabled=False
    )
    cfg["assignment"] = {"ips": [IPS[6]]}
    cfg["subuser"].update(ips=[IPS[7]], disabled=True)
    cfg["monitor"] = {"frequency": 40}
    for path in (
        r"task=setUsername",
        r"task=setEmail",
        r"method=profile&task=set$",
        r"method=disable",
        r"customer\.sendip\.json\?task=append",
        r"^/v3/subusers/conv-sub$",
        r"^/v3/subusers/conv-sub/ips$",
        r"^/v3/subusers/conv-sub/monitor$",
    ):
        add_fault(emulator, method="*", path=path, drop_after_commit=True, count=1)
    emulator.clear_log()
    up = stack.up(on_output=print)
    dropped = [r for r in emulator.request_log()["requests"] if r.get("fault") is not None]
    print(f"update: {len(dropped)} responses lost after commit: {[r['path'] for r in dropped]}")
    assert len(dropped) == 8
    # The rename replaces the assignment (its customer changes): create, then delete.
    assert change_summary(up) == {"same": 1, "update": 3, "replace": 1}
    _assert_four(emulator, cfg)
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 5}

    for path in (
        r"reseller\.delete",
        r"customer\.sendip\.json\?task=append",
        r"^/v3/subusers/conv-sub$",
        r"^/v3/subusers/conv-sub/monitor$",
    ):
        add_fault(emulator, method="*", path=path, drop_after_commit=True, count=1)
    emulator.clear_log()
    assert change_summary(stack.destroy(on_output=print)) == {"delete": 5}
    dropped = [r for r in emulator.request_log()["requests"] if r.get("fault") is not None]
    print(f"destroy: {len(dropped)} responses lost after commit")
    assert len(dropped) == 4
    assert [a for a in emulator.accounts() if a.startswith("conv-")] == []
    assert emulator.monitors() == {}


@pytest.mark.engine
def test_emulator_restarted_in_the_middle_of_an_up(
    make_stack: StackFactory, tmp_path: Path
) -> None:
    from sendgrid_emulator import EmulatorServer

    db = str(tmp_path / "sendgrid.db")
    server = EmulatorServer(host="127.0.0.1", port=0, db=db).start()
    port = server.port
    emulator = Emulator(server.url)
    tenants = 10
    for path in RATE_LIMITED_PATHS:
        add_rate_limit(emulator, path, per_second=6)
    stack = make_stack(tenants_program("rs", tenants), env=emulator.env())
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["up"] = stack.up(on_output=print)
        except auto.errors.CommandError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 300
    while emulator.request_log()["total"] < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert worker.is_alive(), "the up must still be running when the emulator goes down"
    server.stop()  # every connection refused or reset, then the same database comes back
    time.sleep(1.0)
    server = EmulatorServer(host="127.0.0.1", port=port, db=db).start()
    try:
        worker.join(timeout=600)
        restarted_mid_run = "up" in outcome or "error" in outcome
        assert restarted_mid_run
        if "error" in outcome:
            print("the interrupted up failed; the next one converges:", outcome["error"])
            stack.up(on_output=print)
        else:
            print("the up rode out the restart:", change_summary(outcome["up"]))
        assert_matches_stack(emulator, "rs", tenants)
        assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 1 + 2 * tenants}
        stack.destroy()
        assert [a for a in emulator.accounts() if a.startswith("rs-")] == []
    finally:
        server.stop()


# --------------------------------------------------------------------------------------
# 4. Two stacks declaring the same usernames
# --------------------------------------------------------------------------------------

TWO_STACKS_PROGRAM = f"""
import pulumi
from pulumi_sendgrid_reseller import (
    Customer, CustomerArgs, Subuser, SubuserArgs, SubuserMonitor, SubuserMonitorArgs,
)

config = pulumi.Config()
email = config.require("email")
Customer("owner-customer", CustomerArgs(
    username="shared-c", password={PASSWORD!r}, email=email, first_name="First",
    last_name="Last", address="1 Street", city="City", state="ST", zip="12345",
    country="US", phone="555-0100", website="example.com",
))
subuser = Subuser("owner-subuser", SubuserArgs(
    username="shared-s", email=email, password={PASSWORD!r}, ips=[{IPS[0]!r}],
))
SubuserMonitor("owner-monitor", SubuserMonitorArgs(
    subuser=subuser.username, email="qa@example.com", frequency=5,
))
"""


@pytest.mark.engine
def test_two_stacks_declaring_the_same_usernames(
    make_stack: StackFactory, emulator: Emulator, tmp_path: Path
) -> None:
    project = tmp_path / "shared"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(
        "name: shared-names\nruntime:\n  name: python\n  options:\n    toolchain: pip\n"
        "    virtualenv: venv\n"
    )
    (project / "__main__.py").write_text(TWO_STACKS_PROGRAM)
    same = {"email": "same@example.com"}
    first = make_stack(work_dir=project, name="first", env=emulator.env(), config=same)
    second = make_stack(work_dir=project, name="second", env=emulator.env(), config=same)

    # Both at once, with identical declarations: exactly one owns each object.
    results: dict[str, subprocess.CompletedProcess[str]] = {}
    threads = [
        threading.Thread(
            target=lambda s=s: results.__setitem__(s.name, pulumi_cli(s, "up", "--yes"))
        )
        for s in (first, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    owners: dict[str, list[str]] = {}
    for stack in (first, second):
        deployment = stack.export_stack().deployment
        for resource in deployment.get("resources") or []:
            name = resource["urn"].rsplit("::", 1)[-1]
            if name.startswith("owner-"):
                owners.setdefault(name, []).append(stack.name)
    print("owners after two concurrent ups:", owners)
    assert sorted(owners) == ["owner-customer", "owner-monitor", "owner-subuser"]
    assert all(len(holders) == 1 for holders in owners.values()), owners
    losers = [r for r in results.values() if r.returncode != 0]
    assert losers, "the stack that does not own an object must fail"
    for loser in losers:
        text = loser.stdout + loser.stderr
        assert "'shared-c'" in text or "'shared-s'" in text, text[-3000:]
        assert "no interrupted run on this machine" in text and "adopt=True" in text, text[-3000:]

    # Whoever owns what, a later up of the stack that does not own it fails again, and a
    # different declaration (another email) is refused too, naming the username.
    for stack in (first, second):
        stack.set_config("email", auto.ConfigValue(value="other@example.com"))
    for stack in (first, second):
        owned = {r["urn"].rsplit("::", 1)[-1] for r in stack.export_stack().deployment["resources"]}
        if {"owner-customer", "owner-subuser"} <= owned:
            continue
        again = pulumi_cli(stack, "up", "--yes")
        assert again.returncode != 0
        text = again.stdout + again.stderr
        assert "already exists in SendGrid" in text and "adopt=True" in text, text[-3000:]
    accounts = emulator.accounts()
    assert accounts["shared-c"]["email"] in ("same@example.com", "other@example.com")
    assert sorted(a for a in accounts if a.startswith("shared-")) == ["shared-c", "shared-s"]

    for stack in (first, second):
        stack.destroy()
    assert [a for a in emulator.accounts() if a.startswith("shared-")] == []
    assert emulator.monitors() == {}
