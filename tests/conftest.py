"""Fixtures shared by every test folder: the Pulumi engine and stacks on a file backend."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

PINNED_PULUMI_VERSION = (3, 259, 0)
ROOT = Path(__file__).resolve().parents[1]


def _engine_problem() -> str | None:
    """Say what is wrong with the engine on PATH, or None when it is usable."""
    pulumi = shutil.which("pulumi")
    if pulumi is None:
        return "the `pulumi` command is not on PATH"
    host = Path(pulumi).resolve().parent / "pulumi-language-python"
    if shutil.which("pulumi-language-python") is None and not host.exists():
        return "the Python language host `pulumi-language-python` is not on PATH"
    out = subprocess.run([pulumi, "version"], capture_output=True, text=True, check=False)
    text = out.stdout.strip().lstrip("v")
    try:
        version = tuple(int(p) for p in text.split("-")[0].split(".")[:3])
    except ValueError:
        return f"`pulumi version` printed {out.stdout!r} {out.stderr!r}"
    if version < PINNED_PULUMI_VERSION:
        return f"pulumi {text} is older than {'.'.join(map(str, PINNED_PULUMI_VERSION))}"
    return None


@pytest.fixture(scope="session")
def engine() -> str:
    """The Pulumi engine. A missing engine FAILS the test: engine tests never skip."""
    problem = _engine_problem()
    if problem:
        pytest.fail(
            f"The Pulumi engine is required and {problem}. Run the tests with "
            "`bash scripts/test.sh`, which installs it (scripts/install-pulumi.sh).",
            pytrace=False,
        )
    return shutil.which("pulumi") or "pulumi"


def engine_env(backend_dir: Path) -> dict[str, str]:
    """Environment for the engine: a local file backend, no passphrase, no update check."""
    return {
        "PULUMI_BACKEND_URL": backend_dir.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": "",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_PYTHON_CMD": sys.executable,
        "PULUMI_HOME": os.environ.get("PULUMI_HOME", str(backend_dir / ".pulumi-home")),
    }


StackFactory = Callable[..., auto.Stack]


@pytest.fixture
def make_stack(engine: str, tmp_path: Path) -> Iterator[StackFactory]:
    """Build stacks on a file backend in tmp_path; destroys leftovers at the end.

    ``make_stack(program, name="dev", config={...}, env={...})`` gives an inline-program
    stack; ``make_stack(work_dir=path)`` a stack of the project in ``work_dir``.
    """
    backend = tmp_path / "backend"
    backend.mkdir()
    made: list[auto.Stack] = []

    def factory(
        program: Callable[[], None] | None = None,
        *,
        name: str = "dev",
        project: str = "test-project",
        work_dir: Path | None = None,
        config: Mapping[str, str | tuple[str, bool]] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> auto.Stack:
        env_vars = {**engine_env(backend), **(env or {})}
        if work_dir is not None:
            stack = auto.create_or_select_stack(
                stack_name=name,
                work_dir=str(work_dir),
                opts=auto.LocalWorkspaceOptions(env_vars=env_vars),
            )
        else:
            assert program is not None, "give a program or a work_dir"
            settings = auto.ProjectSettings(
                name=project,
                runtime=auto.ProjectRuntimeInfo(name="python", options={"toolchain": "pip"}),
                backend=auto.ProjectBackend(url=backend.as_uri()),
            )
            stack = auto.create_or_select_stack(
                stack_name=name,
                project_name=project,
                program=program,
                opts=auto.LocalWorkspaceOptions(
                    project_settings=settings,
                    env_vars=env_vars,
                    work_dir=str(tmp_path),
                ),
            )
        for key, value in (config or {}).items():
            if isinstance(value, tuple):
                stack.set_config(key, auto.ConfigValue(value=value[0], secret=value[1]))
            else:
                stack.set_config(key, auto.ConfigValue(value=value))
        made.append(stack)
        return stack

    yield factory
    for stack in made:
        try:
            stack.destroy(on_output=lambda _line: None)
        except Exception as exc:  # noqa: BLE001 - a cleanup failure must not hide the test's result
            print(f"cleanup: destroy of {stack.name} failed: {exc}", file=sys.stderr)


def change_summary(result: Any) -> dict[str, int]:
    """The change counts of an up/refresh/destroy result or a preview result."""
    summary = getattr(result, "summary", None)
    if summary is not None:
        return dict(summary.resource_changes or {})
    return {str(k): int(v) for k, v in (result.change_summary or {}).items()}
