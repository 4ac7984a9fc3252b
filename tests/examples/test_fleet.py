"""examples/fleet: groups of tenants as stacks, K at a time, a failing group stops alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, Emulator, engine_env, provide_virtualenv

pytestmark = pytest.mark.engine

EXAMPLE = ROOT / "examples" / "fleet"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "fleet"
    shutil.copytree(
        EXAMPLE,
        target,
        ignore=shutil.ignore_patterns("__pycache__", ".pulumi-state", ".fleet-logs", "venv"),
    )
    provide_virtualenv(target)
    return target


def _run(example: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, str(example / "fleet.py"), *args],
        cwd=example,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    print(result.stdout)
    print(result.stderr, file=sys.stderr)
    return result


def test_fleet_runs_groups_side_by_side_and_stops_only_the_failing_one(
    emulator: Emulator, engine: str, tmp_path: Path
) -> None:
    import os

    example = _copy(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "SENDGRID_"))}
    backend = tmp_path / "backend"
    backend.mkdir()
    env.update(engine_env(backend))
    env.update(emulator.env())
    env["FLEET_PASSWORD_SEED"] = "test-seed-not-real"

    # The example's own data: three groups; the third made to fail by bad input (an IP the
    # parent does not own, refused by the provider's check at preview).
    data = json.loads((example / "fleet.json").read_text())
    groups = [g["name"] for g in data["groups"]]
    assert len(groups) == 3
    bad = data["groups"][2]
    bad["tenants"][0]["ips"] = ["192.0.2.250"]
    fleet = tmp_path / "fleet.json"
    fleet.write_text(json.dumps(data))

    listed = _run(example, env, "groups", "--data", str(fleet))
    assert listed.returncode == 0 and json.loads(listed.stdout) == groups

    up = _run(example, env, "up", "--data", str(fleet), "--parallel", "2")
    assert up.returncode == 1
    good = {t["username"] for g in data["groups"][:2] for t in g["tenants"]}
    accounts = emulator.accounts()
    assert good <= set(accounts)
    summary = up.stdout.split("up: ", 1)[1]
    assert "2 of 3 groups succeeded" in summary
    for name in groups[:2]:
        assert any(line.split()[:2] == [name, "ok"] for line in summary.splitlines())
    failed = [line for line in summary.splitlines() if line.split()[:2] == [bad["name"], "FAILED"]]
    assert failed and "192.0.2.250" in failed[0], summary
    assert (example / ".fleet-logs" / f"{bad['name']}.log").read_text()
    # Progress: a line when each group starts and when it ends.
    assert sum(f"] {name}: up" in up.stdout for name in groups) == 3

    # A record that is not a valid tenant stops its group before the engine starts.
    bad["tenants"][0]["ips"] = ["203.0.113.15"]
    bad["tenants"][0]["colour"] = "blue"
    fleet.write_text(json.dumps(data))
    again = _run(example, env, "up", "--data", str(fleet), "--group", bad["name"])
    assert again.returncode == 1 and "colour" in again.stdout

    # Fixed: the group alone (as one CI job runs it) succeeds; the others stay as they are.
    del bad["tenants"][0]["colour"]
    fleet.write_text(json.dumps(data))
    fixed = _run(example, env, "up", "--data", str(fleet), "--group", bad["name"])
    assert fixed.returncode == 0, fixed.stderr
    assert {t["username"] for t in bad["tenants"]} <= set(emulator.accounts())

    refresh = _run(example, env, "refresh", "--data", str(fleet), "--parallel", "2")
    assert refresh.returncode == 0 and "3 of 3 groups succeeded" in refresh.stdout

    destroy = _run(example, env, "destroy", "--data", str(fleet), "--parallel", "2")
    assert destroy.returncode == 0, destroy.stdout
    assert emulator.accounts() == {}
