"""The package as users get it: a wheel built from the checkout's sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def build_wheel(out: Path) -> Path:
    """The package's wheel, built from a copy of the sources (the checkout stays clean)."""
    src = out / "src"
    src.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "provider",
        src / "provider",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(src)],
        check=True,
    )
    (wheel,) = out.glob("pulumi_sendgrid_reseller-*.whl")
    return wheel
