"""Creates of event webhooks, parse settings and teammates whose answer is lost, or whose run
is killed, converge with nothing duplicated.

A webhook has no natural key and an invitation sent twice is two invitations, so these are
the hard cases: the creates are committed by the emulator, their answers lost (the
``drop_after_commit`` fault), and the reads that would find them stalled (a latency fault)
while the run is killed. The documented recovery (``pulumi cancel``, ``pulumi refresh
--clear-pending-creates``, ``pulumi up``) must then take over what the killed run made.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

from mixed import cli_env, pulumi_cli
from tenants import add_fault, clear_faults
from test_convergence import _kill_run, _repair_file_backend

from conftest import Emulator, StackFactory, change_summary

PROGRAM = """
import pulumi
from pulumi_sendgrid_reseller import EventWebhook, InboundParse, Teammate

prefix = pulumi.Config().require("prefix")
hook = EventWebhook("hook", url=f"https://hooks.example.com/{prefix}",
                    friendly_name=f"{prefix} events", delivered=True, signed=True)
InboundParse("parse", hostname=f"{prefix}.parse.example.com", url="https://in.example.com")
Teammate("mate", email=f"{prefix}@team.example.com", scopes=["mail.send"])
pulumi.export("public_key", hook.public_key)
"""

PROJECT_YAML = (
    "name: integrations\nruntime:\n  name: python\n  options:\n    toolchain: pip\n"
    "    virtualenv: venv\n"
)

CREATES = (
    "^/v3/user/webhooks/event/settings$",
    "^/v3/user/webhooks/parse/settings$",
    "^/v3/teammates$",
)
#: The reads that find a create whose answer was lost.
FINDS = (
    "^/v3/user/webhooks/event/settings/all$",
    r"^/v3/user/webhooks/parse/settings/[^/]+\.parse\.example\.com$",
    "^/v3/teammates/pending$",
)


def counts(emulator: Emulator, prefix: str) -> dict[str, int]:
    """How many webhooks, parse settings and invitations (or teammates) the stack has."""
    state = emulator.state()
    return {
        "hooks": sum(prefix in h["url"] for h in state["event_webhooks"]),
        "parse": sum(p["hostname"].startswith(prefix) for p in state["parse_settings"]),
        "invites": sum(i["email"].startswith(prefix) for i in state["teammate_invitations"]),
    }


def write_project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Pulumi.yaml").write_text(PROJECT_YAML)
    (folder / "__main__.py").write_text(PROGRAM)
    return folder


def drop_creates(emulator: Emulator) -> None:
    for path in CREATES:
        add_fault(emulator, method="POST", path=path, drop_after_commit=True, count=1)


def test_lost_create_answers_are_found_not_repeated(
    make_stack: StackFactory, emulator: Emulator, tmp_path: Path
) -> None:
    stack = make_stack(
        work_dir=write_project(tmp_path / "lost"), env=emulator.env(), config={"prefix": "lost"}
    )
    drop_creates(emulator)
    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 4}
    assert counts(emulator, "lost") == {"hooks": 1, "parse": 1, "invites": 1}
    hook = emulator.state()["event_webhooks"][0]
    assert hook["signed"] is True and up.outputs["public_key"].value == hook["public_key"]
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 4}
    stack.destroy(on_output=print)
    assert counts(emulator, "lost") == {"hooks": 0, "parse": 0, "invites": 0}


def _wait_for(emulator: Emulator, prefix: str, run: subprocess.Popen[bytes]) -> dict[str, int]:
    """Wait until the three creates are committed (or the run ended); the counts."""
    deadline = time.monotonic() + 300
    found: dict[str, Any] = {}
    while time.monotonic() < deadline and run.poll() is None:
        found = counts(emulator, prefix)
        if all(found.values()):
            break
        time.sleep(0.05)
    return found


def test_killed_up_then_documented_recovery_duplicates_nothing(
    make_stack: StackFactory, emulator: Emulator, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "killed")
    stack = make_stack(work_dir=project, env=emulator.env(), config={"prefix": "kill"})
    drop_creates(emulator)
    for path in FINDS:  # the run stalls where it would find its lost creates
        add_fault(emulator, method="GET", path=path, latency_ms=15_000, count=1)
    run = subprocess.Popen(
        ["pulumi", "up", "--yes", "--skip-preview", "--stack", stack.name, "--non-interactive"],
        cwd=project,
        env=cli_env(stack),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    made = _wait_for(emulator, "kill", run)
    still_running = run.poll() is None
    time.sleep(0.5)  # the stalled reads have started
    _kill_run(run)
    _repair_file_backend(stack)
    clear_faults(emulator)
    assert still_running and made == {"hooks": 1, "parse": 1, "invites": 1}
    deployment = stack.export_stack().deployment
    assert len(deployment.get("pending_operations") or []) == 3  # the engine never heard back

    steps = [
        ("cancel", pulumi_cli(stack, "cancel", "--yes")),
        ("refresh", pulumi_cli(stack, "refresh", "--clear-pending-creates", "--yes")),
        ("up", pulumi_cli(stack, "up", "--yes", "--skip-preview")),
    ]
    failed = [f"{name}: {r.stdout[-2000:]}{r.stderr[-2000:]}" for name, r in steps if r.returncode]
    assert not failed, failed
    assert counts(emulator, "kill") == {"hooks": 1, "parse": 1, "invites": 1}
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 4}
    stack.destroy(on_output=print)
    assert counts(emulator, "kill") == {"hooks": 0, "parse": 0, "invites": 0}
