"""Creates of a domain authentication and a link branding whose answer is lost, or whose run
is killed, converge with nothing duplicated.

The creates are committed by the emulator and their answers lost (``drop_after_commit``);
in the killed run the reads that would find them stall (a latency fault) while the run is
killed. The documented recovery (``pulumi cancel``, ``pulumi refresh
--clear-pending-creates``, ``pulumi up``) must then take over what the killed run made: an
interrupted create is recognised by domain, subdomain and owner.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from mixed import cli_env, pulumi_cli
from tenants import add_fault, clear_faults
from test_convergence import _kill_run, _repair_file_backend

from conftest import Emulator, StackFactory, change_summary

PROGRAM = """
import pulumi
from pulumi_sendgrid_reseller import DomainAuthentication, LinkBranding

zone = pulumi.Config().require("zone")
domain = DomainAuthentication("domain", domain=zone, subdomain="em", default=True)
links = LinkBranding("links", domain=zone, subdomain="links")
pulumi.export("domain_id", domain.domain_id)
pulumi.export("link_id", links.link_id)
"""

PROJECT_YAML = (
    "name: sender-auth\nruntime:\n  name: python\n  options:\n    toolchain: pip\n"
    "    virtualenv: venv\n"
)
CREATES = ("^/v3/whitelabel/domains$", "^/v3/whitelabel/links$")


def counts(emulator: Emulator, zone: str) -> dict[str, int]:
    """How many domains and link brandings of the zone exist."""
    state = emulator.state()
    return {
        "domains": sum(d["domain"] == zone for d in state["domains"]),
        "links": sum(link["domain"] == zone for link in state["links"]),
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
    zone = "lost.example.com"
    stack = make_stack(
        work_dir=write_project(tmp_path / "lost"), env=emulator.env(), config={"zone": zone}
    )
    drop_creates(emulator)
    up = stack.up(on_output=print)
    assert change_summary(up) == {"create": 3}
    assert counts(emulator, zone) == {"domains": 1, "links": 1}
    (made,) = emulator.state()["domains"]
    assert up.outputs["domain_id"].value == made["id"] and made["default"] is True
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 3}
    stack.destroy(on_output=print)
    assert counts(emulator, zone) == {"domains": 0, "links": 0}


def _wait_for(emulator: Emulator, zone: str, run: subprocess.Popen[bytes]) -> dict[str, int]:
    """Wait until both creates are committed (or the run ended); the counts."""
    deadline = time.monotonic() + 300
    found: dict[str, int] = {}
    while time.monotonic() < deadline and run.poll() is None:
        found = counts(emulator, zone)
        if all(found.values()):
            break
        time.sleep(0.05)
    return found


def test_killed_up_then_documented_recovery_duplicates_nothing(
    make_stack: StackFactory, emulator: Emulator, tmp_path: Path
) -> None:
    zone = "killed.example.com"
    project = write_project(tmp_path / "killed")
    stack = make_stack(work_dir=project, env=emulator.env(), config={"zone": zone})
    drop_creates(emulator)
    for path in CREATES:  # the run stalls where it would find its lost creates
        add_fault(emulator, method="GET", path=path, latency_ms=15_000, count=1)
    run = subprocess.Popen(
        ["pulumi", "up", "--yes", "--skip-preview", "--stack", stack.name, "--non-interactive"],
        cwd=project,
        env=cli_env(stack),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    made = _wait_for(emulator, zone, run)
    still_running = run.poll() is None
    time.sleep(0.5)  # the stalled reads have started
    _kill_run(run)
    _repair_file_backend(stack)
    clear_faults(emulator)
    assert still_running and made == {"domains": 1, "links": 1}
    deployment = stack.export_stack().deployment
    assert len(deployment.get("pending_operations") or []) == 2  # the engine never heard back

    steps = [
        ("cancel", pulumi_cli(stack, "cancel", "--yes")),
        ("refresh", pulumi_cli(stack, "refresh", "--clear-pending-creates", "--yes")),
        ("up", pulumi_cli(stack, "up", "--yes", "--skip-preview")),
    ]
    failed = [f"{name}: {r.stdout[-2000:]}{r.stderr[-2000:]}" for name, r in steps if r.returncode]
    assert not failed, failed
    assert counts(emulator, zone) == {"domains": 1, "links": 1}
    assert change_summary(stack.preview(expect_no_changes=True)) == {"same": 3}
    stack.destroy(on_output=print)
    assert counts(emulator, zone) == {"domains": 0, "links": 0}
