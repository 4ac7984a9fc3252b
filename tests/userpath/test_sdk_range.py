"""The package beside the Pulumi SDKs its dependency range allows, not only the pinned one.

The development install and every other test run with the engine's SDK (constraints.txt).
A team's project moves the SDK with its other providers: here the built wheel goes into a
throwaway virtualenv with the newest `pulumi` on PyPI, and with the oldest release the
range allows (the lower bound of `pulumi>=X,<4` in pyproject.toml), and the unit tests run
there against the installed package.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from _wheel import build_wheel

from conftest import ROOT

CHECKOUT_TESTS = ("test_layers.py", "test_docs.py", "test_generated.py")
"""Unit tests of the checkout's files rather than of the installed package."""


def pulumi_range() -> tuple[str, str]:
    """The lower and upper bound of the `pulumi` requirement in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (req,) = [d for d in project["dependencies"] if re.match(r"pulumi\b(?!-)", d)]
    match = re.fullmatch(r"pulumi>=([\d.]+),<([\d.]+)", req.replace(" ", ""))
    assert match, f"pyproject.toml: expected `pulumi>=X,<Y`, found {req!r}"
    return match[1], match[2]


def run(*args: str | Path, cwd: Path | None = None) -> str:
    out = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    print(out.stdout, out.stderr, sep="\n")
    assert out.returncode == 0, f"{args} failed:\n{out.stdout}\n{out.stderr}"
    return out.stdout


@pytest.mark.parametrize("which", ["newest", "oldest"])
def test_unit_tests_beside_pulumi_sdk(which: str, tmp_path: Path) -> None:
    lower, upper = pulumi_range()
    wheel = build_wheel(tmp_path / "dist")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    sdk = f"pulumi=={lower}" if which == "oldest" else f"pulumi>={lower},<{upper}"
    packages = [f"{wheel}[emulator]", sdk, "pytest", "pytest-timeout"]
    run(python, "-m", "pip", "install", "-q", "--upgrade", *packages)

    installed = json.loads(run(python, "-m", "pip", "list", "--format", "json"))
    version = {p["name"]: p["version"] for p in installed}["pulumi"]
    print(f"pulumi {version} ({which} allowed by pulumi>={lower},<{upper})")
    if which == "oldest":
        assert version == lower
    else:
        outdated = json.loads(run(python, "-m", "pip", "list", "--outdated", "--format", "json"))
        assert "pulumi" not in {p["name"] for p in outdated}, outdated

    # The unit tests, run from a copy so that nothing of the checkout is importable. Those
    # that read the checkout's own files (its sources' layering, its documentation) test
    # the checkout, not the installed package: they stay behind.
    tests = tmp_path / "unit-tests"
    shutil.copytree(
        ROOT / "tests" / "unit",
        tests / "unit",
        ignore=shutil.ignore_patterns(*CHECKOUT_TESTS, "__pycache__"),
    )
    shutil.copy(ROOT / "tests" / "profiles.py", tests / "unit" / "profiles.py")  # shared data
    (tests / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
    where = run(python, "-c", "import pulumi_sendgrid_reseller as p; print(p.__file__)", cwd=tests)
    assert where.startswith(str(venv)), where
    out = run(python, "-m", "pytest", "-q", "unit", cwd=tests)
    assert re.search(r"\b\d+ passed\b", out) and "failed" not in out, out
