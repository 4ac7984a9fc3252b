"""State that survives a restart, and the real command line in a subprocess."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from sendgrid_emulator import EmulatorServer

from .conftest import API_KEY, API_USER, CUSTOMER_FIELDS, Api

VENV_BIN = Path(sys.executable).parent


def _populate(api: Api) -> None:
    for name in ("keep1@example.com", "keep2@example.com", "gone@example.com"):
        assert api.add_customer(name, **{"ip[]": "192.0.2.10"}).status_code == 200
    assert api.v2("reseller.delete", {"user": "gone@example.com"}).status_code == 200
    assert api.manage(method="disable", user="keep2@example.com").status_code == 200
    assert (
        api.manage(method="profile", task="set", user="keep1@example.com", city="Oslo").status_code
        == 200
    )
    assert (
        api.add_subuser("sub-keep", ips=["198.51.100.10", "198.51.100.11"], region="eu").status_code
        == 200
    )
    monitor = {"email": "m@example.com", "frequency": 42}
    assert api.v3("POST", "/subusers/sub-keep/monitor", json=monitor).status_code == 200
    assert api.v3("PATCH", "/subusers/sub-keep", json={"disabled": True}).status_code == 204
    assert api.control("POST", "/ips", json={"ips": ["203.0.113.77"]}).status_code == 200


def test_state_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "emulator.db"
    with EmulatorServer(db=str(db)) as first:
        api = Api(first.url)
        _populate(api)
        before = api.state()
        api.session.close()
    assert db.exists()
    with EmulatorServer(db=str(db)) as second:
        api = Api(second.url)
        after = api.state()
        assert after == before
        assert {a["username"] for a in after["accounts"]} == {
            "keep1@example.com",
            "keep2@example.com",
            "sub-keep",
        }
        assert after["reserved_usernames"] == ["gone@example.com"]
        # Rules still hold against the reloaded state; new ids keep counting up.
        assert api.add_customer("gone@example.com").json() == {
            "message": "error",
            "errors": ["username is reserved"],
        }
        assert api.add_customer("keep3@example.com").status_code == 200
        ids = [a["user_id"] for a in api.state()["accounts"]]
        assert ids == sorted(ids) and ids[-1] > max(a["user_id"] for a in before["accounts"])
        api.session.close()
    # Only password hashes are stored, never the passwords themselves.
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert CUSTOMER_FIELDS["password"].encode() not in stored
    assert b"johns_password" not in stored
    assert b"pbkdf2_sha256$" in stored


def _read_first_line(process: subprocess.Popen[str], timeout: float = 20) -> str:
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        process.kill()
        pytest.fail("the emulator printed nothing")


def _run_cli(command: list[str], cwd: Path, stop: signal.Signals) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "0"}
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        first = _read_first_line(process)
        assert first.startswith("listening on http://127.0.0.1:"), first
        url = first.split("listening on ", 1)[1].strip()
        assert int(url.rsplit(":", 1)[1]) > 0
        response = requests.post(
            f"{url}/apiv2/reseller.ip.json",
            data={"api_user": API_USER, "api_key": API_KEY, "task": "free"},
            timeout=10,
        )
        assert response.status_code == 200 and "192.0.2.10" in response.json()
        created = requests.post(
            f"{url}/v3/subusers",
            json={
                "username": "cli",
                "email": "c@example.com",
                "password": "abcdef",
                "ips": ["192.0.2.10"],
            },
            headers={"Authorization": f"Bearer {API_KEY}"},
            timeout=10,
        )
        assert created.status_code == 200
    finally:
        process.send_signal(stop)
        try:
            code = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0, process.stderr.read() if process.stderr else ""


@pytest.mark.timeout(60)
def test_cli_module_in_memory(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "sendgrid_emulator",
        "serve",
        "--port",
        "0",
        "--db",
        ":memory:",
    ]
    _run_cli(command, tmp_path, signal.SIGTERM)
    assert list(tmp_path.iterdir()) == []  # :memory: keeps nothing


@pytest.mark.timeout(60)
def test_cli_script_default_db_file_and_sigint(tmp_path: Path) -> None:
    script = VENV_BIN / "sendgrid-emulator"
    assert script.exists(), "the console script is declared in pyproject.toml"
    _run_cli([str(script), "serve", "--port", "0"], tmp_path, signal.SIGINT)
    assert (tmp_path / "sendgrid-emulator.db").exists()
    # The default file keeps the subuser for the next start.
    _run_cli_check_persisted(script, tmp_path)


def _run_cli_check_persisted(script: Path, cwd: Path) -> None:
    process = subprocess.Popen(
        [str(script), "--port", "0"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = _read_first_line(process).split("listening on ", 1)[1].strip()
        state = requests.get(f"{url}/_emulator/state", timeout=10).json()
        assert [a["username"] for a in state["accounts"]] == ["cli"]
    finally:
        process.terminate()
        assert process.wait(timeout=20) == 0


def test_cli_bad_port_fails_cleanly(tmp_path: Path) -> None:
    with EmulatorServer() as running:
        port = running.url.rsplit(":", 1)[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "sendgrid_emulator",
                "serve",
                "--port",
                port,
                "--db",
                ":memory:",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 1
    assert "cannot listen" in result.stderr


def test_stop_still_works_when_the_wakeup_pipe_fails() -> None:
    from waitress.trigger import trigger as WaitressTrigger  # noqa: N812

    server = EmulatorServer().start()
    url = server.url
    assert requests.get(f"{url}/_emulator/state", timeout=10).status_code == 200
    for dispatcher in list(server._map.values()):
        if isinstance(dispatcher, WaitressTrigger):

            def broken(*args: object) -> None:
                raise OSError(9, "Bad file descriptor")

            dispatcher.pull_trigger = broken
    began = time.monotonic()
    server.stop()
    assert time.monotonic() - began < 8
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/_emulator/state", timeout=5)
