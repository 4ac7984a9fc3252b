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

#: ``local_dns_server`` and ``local_dns``: a local DNS server for sender authentication.
pytest_plugins = ["localdns.testing"]

PINNED_PULUMI_VERSION = (3, 259, 0)
ROOT = Path(__file__).resolve().parents[1]
# The runtime options of the tests' inline-program projects: the engine starts the dynamic
# providers in this virtualenv (the one running pytest), as it does for a user's project.
RUNTIME_OPTIONS = {"toolchain": "pip", "virtualenv": sys.prefix}


def _stale_copy_problem() -> str | None:
    """Say why the tests would not test provider/ as it is now, or None when they do.

    The development install (scripts/bootstrap.sh) is editable: the package is imported from
    this checkout's provider/ folder. Any other copy (a regular install, another checkout)
    would be tested in place of the code being edited, so the run stops instead.
    """
    import pulumi_sendgrid_reseller
    import sendgrid_emulator

    for module in (pulumi_sendgrid_reseller, sendgrid_emulator):
        where = Path(module.__file__ or "").resolve().parent
        if where != ROOT / "provider" / module.__name__:
            return (
                f"{module.__name__} is imported from {where}, not from this checkout's "
                f"provider/ folder: the tests would test a stale copy. Install the checkout "
                f"in editable mode (`bash scripts/test.sh` does)."
            )
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop before any test when the package under test is not this checkout's source."""
    problem = _stale_copy_problem()
    if problem:
        pytest.exit(problem, returncode=pytest.ExitCode.USAGE_ERROR)


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
        "PULUMI_HOME": os.environ.get("PULUMI_HOME", str(backend_dir / ".pulumi-home")),
    }


def provide_virtualenv(project: Path) -> None:
    """Put this test run's virtualenv where the project's `virtualenv` runtime option says.

    A user creates it there with `pulumi install`; the tests link the virtualenv running
    pytest instead (same packages, nothing to download). The engine then finds it from
    Pulumi.yaml alone, for the program and for the dynamic providers.
    """
    import yaml

    settings = yaml.safe_load((project / "Pulumi.yaml").read_text())
    runtime = settings.get("runtime")
    options = runtime.get("options", {}) if isinstance(runtime, dict) else {}
    venv = options.get("virtualenv")
    assert venv, f"{project / 'Pulumi.yaml'} sets no `virtualenv` runtime option"
    link = project / venv
    if not link.exists():
        link.symlink_to(sys.prefix, target_is_directory=True)


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
            provide_virtualenv(work_dir)
            stack = auto.create_or_select_stack(
                stack_name=name,
                work_dir=str(work_dir),
                opts=auto.LocalWorkspaceOptions(env_vars=env_vars),
            )
        else:
            assert program is not None, "give a program or a work_dir"
            settings = auto.ProjectSettings(
                name=project,
                runtime=auto.ProjectRuntimeInfo(name="python", options=RUNTIME_OPTIONS),
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
        except Exception as exc:
            print(f"cleanup: destroy of {stack.name} failed: {exc}", file=sys.stderr)


def stored_state_text(stack: auto.Stack) -> str:
    """What the backend stores for the stack, as `pulumi stack export` (no --show-secrets)
    prints it, plus every file of the file backend (checkpoints, history, backups)."""
    workspace = stack.workspace
    assert isinstance(workspace, auto.LocalWorkspace)
    env = {**os.environ, **(workspace.env_vars or {})}
    out = subprocess.run(
        ["pulumi", "stack", "export", "--stack", stack.name],
        cwd=workspace.work_dir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    texts = [out.stdout]
    backend = env.get("PULUMI_BACKEND_URL", "")
    if backend.startswith("file://"):
        for path in Path(backend.removeprefix("file://")).rglob("*"):
            if path.is_file() and ".pulumi-home" not in path.parts:
                texts.append(path.read_text(errors="replace"))
    return "\n".join(texts)


def change_summary(result: Any) -> dict[str, int]:
    """The change counts of an up/refresh/destroy result or a preview result."""
    summary = getattr(result, "summary", None)
    if summary is not None:
        return dict(summary.resource_changes or {})
    return {str(k): int(v) for k, v in (result.change_summary or {}).items()}


# --------------------------------------------------------------------------------------
# The emulator, for engine tests
# --------------------------------------------------------------------------------------

EMULATOR_USER = "reseller"
EMULATOR_KEY = "SG.emulator-key"


class Emulator:
    """A running emulator: its URL, credentials, and direct access for drift and checks."""

    def __init__(self, url: str) -> None:
        import requests

        self.url = url
        self.http = requests.Session()

    def env(self) -> dict[str, str]:
        """Environment variables that point the provider at this emulator."""
        return {
            "SENDGRID_API_URL": self.url,
            "SENDGRID_API_USER": EMULATOR_USER,
            "SENDGRID_API_KEY": EMULATOR_KEY,
        }

    def reset(self) -> None:
        self.http.post(f"{self.url}/_emulator/reset").raise_for_status()

    def state(self) -> dict[str, Any]:
        resp = self.http.get(f"{self.url}/_emulator/state")
        resp.raise_for_status()
        return dict(resp.json())

    def accounts(self) -> dict[str, dict[str, Any]]:
        return {a["username"]: a for a in self.state()["accounts"]}

    def monitors(self) -> dict[str, dict[str, Any]]:
        return {m["username"]: m for m in self.state()["monitors"]}

    def request_log(self) -> dict[str, Any]:
        resp = self.http.get(f"{self.url}/_emulator/requests")
        resp.raise_for_status()
        return dict(resp.json())

    def clear_log(self) -> None:
        self.http.delete(f"{self.url}/_emulator/requests").raise_for_status()

    def v2(self, call: str, **params: Any) -> Any:
        """Call the v2 API directly (as another SendGrid client would)."""
        form = {"api_user": EMULATOR_USER, "api_key": EMULATOR_KEY, **params}
        resp = self.http.post(f"{self.url}/apiv2/{call}.json", data=form)
        assert resp.status_code == 200, resp.text
        return resp.json()

    def v3(self, method: str, path: str, body: Any = None) -> Any:
        """Call the v3 API directly."""
        resp = self.http.request(
            method,
            f"{self.url}/v3/{path.lstrip('/')}",
            json=body,
            headers={"Authorization": f"Bearer {EMULATOR_KEY}"},
        )
        assert resp.status_code < 300, resp.text
        return resp.json() if resp.content else None


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[Emulator]:
    from sendgrid_emulator import EmulatorServer

    server = EmulatorServer(host="127.0.0.1", port=0, db=":memory:")
    server.start()
    try:
        yield Emulator(server.url)
    finally:
        server.stop()


@pytest.fixture
def emulator(emulator_server: Emulator) -> Emulator:
    """The session's emulator, reset to its initial state for this test."""
    emulator_server.reset()
    return emulator_server


# --------------------------------------------------------------------------------------
# Markers by kind, so that the fast tests run alone: `pytest -m "not engine"`
# --------------------------------------------------------------------------------------

# The other folders (unit, client, emulator, functions, providers) carry no marker of their
# own: they are the fast layers, but for their tests that use the engine.
_SLOW_FOLDERS = {"reliability": "reliability", "userpath": "userpath"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that runs the engine ``engine``, and each slow folder's tests."""
    for item in items:
        if "engine" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.engine)
        folder = Path(str(item.fspath)).relative_to(ROOT / "tests").parts[0]
        if folder in _SLOW_FOLDERS:
            item.add_marker(getattr(pytest.mark, _SLOW_FOLDERS[folder]))


# --------------------------------------------------------------------------------------
# A test run again (pyproject: --reruns for an engine that went away under a program) has
# its first failure printed at the end, so that the cause is on record.
# --------------------------------------------------------------------------------------

_RERUN_FAILURES: list[tuple[str, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep the failure of every attempt that is run again."""
    if report.outcome == "rerun":
        _RERUN_FAILURES.append((report.nodeid, report.longreprtext[-6000:]))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the failures that were run again (their last 6,000 characters each)."""
    for nodeid, text in _RERUN_FAILURES:
        terminalreporter.section(f"run again: {nodeid}", sep="-")
        terminalreporter.write_line(text)
