"""The demo's webhook receiver: it records and verifies the emulator's signed test events.

Verification is the official library's, with the key given at start, later by POST, or in
a file written after the receiver started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from sendgrid_emulator import DEFAULT_API_KEY, EmulatorServer
from webhook_receiver import ReceiverServer
from webhook_receiver.__main__ import main

SETTINGS = "/v3/user/webhooks/event/settings"
HEADERS = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer() as running:
        yield running


def _start(**kwargs: Any) -> tuple[ReceiverServer, threading.Thread]:
    server = ReceiverServer(quiet=True, **kwargs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def receiver() -> Iterator[ReceiverServer]:
    server, thread = _start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def signed_webhook(emulator: EmulatorServer, url: str, obo: str | None = None) -> tuple[str, str]:
    """A signed webhook to ``url`` (reset first); its id and public key."""
    headers = {**HEADERS, **({"on-behalf-of": obo} if obo else {})}
    created = requests.post(
        emulator.url + SETTINGS, json={"url": url, "delivered": True}, headers=headers, timeout=30
    )
    assert created.status_code == 201, created.text
    webhook_id = created.json()["id"]
    signed = requests.patch(
        f"{emulator.url}{SETTINGS}/signed/{webhook_id}",
        json={"enabled": True},
        headers=headers,
        timeout=30,
    )
    return webhook_id, signed.json()["public_key"]


def send_test(emulator: EmulatorServer, webhook_id: str, url: str) -> int:
    return main(["send-test", "--url", url, "--webhook-id", webhook_id, "--api-url", emulator.url])


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, emulator: EmulatorServer) -> None:
    monkeypatch.setenv("SENDGRID_API_KEY", DEFAULT_API_KEY)
    assert requests.post(emulator.url + "/_emulator/reset", timeout=30).status_code == 200


def received(server: ReceiverServer) -> dict[str, Any]:
    body: dict[str, Any] = requests.get(server.url + "/received", timeout=30).json()
    return body


def test_key_given_later_verifies_what_came_before(
    emulator: EmulatorServer, receiver: ReceiverServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = receiver.url + "/events"
    webhook_id, key = signed_webhook(emulator, url)
    assert send_test(emulator, webhook_id, url) == 0
    before = received(receiver)
    assert before["public_key_set"] is False
    assert before["counts"] == {"verified": 0, "failed": 0, "unverified": 1}
    assert before["deliveries"][0]["signed"] is True
    assert main(["report", "--url", receiver.url, "--public-key", key, "--wait", "5"]) == 0
    out = capsys.readouterr().out
    assert "delivery 1 to /events: verified (signature verified): delivered" in out
    assert "1 verified, 0 failed, 0 not checked" in out
    # Once the key is known, the next test event is verified as it arrives.
    assert send_test(emulator, webhook_id, url) == 0
    assert received(receiver)["counts"] == {"verified": 2, "failed": 0, "unverified": 0}


def test_a_wrong_key_or_a_forged_post_is_refused(
    emulator: EmulatorServer, receiver: ReceiverServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = receiver.url + "/events"
    webhook_id, _ = signed_webhook(emulator, url)
    _, other_key = signed_webhook(emulator, receiver.url + "/elsewhere")
    assert requests.post(receiver.url + "/key", json={"public_key": other_key}, timeout=30).ok
    # The receiver answers 403, so the emulator reports the test event as refused.
    assert send_test(emulator, webhook_id, url) == 1
    forged = requests.post(url, data=b"[]", timeout=30)
    assert forged.status_code == 401
    counts = received(receiver)["counts"]
    assert counts == {"verified": 0, "failed": 2, "unverified": 0}
    assert main(["report", "--url", receiver.url, "--wait", "0"]) == 1
    assert "NOT verified" in capsys.readouterr().out
    assert requests.delete(receiver.url + "/received", timeout=30).status_code == 200
    assert received(receiver)["deliveries"] == []
    bad = requests.post(receiver.url + "/key", json={"key": "x"}, timeout=30)
    assert bad.status_code == 400


def test_key_file_written_after_start(emulator: EmulatorServer, tmp_path: Path) -> None:
    key_file = tmp_path / "public_key"
    server, thread = _start(key_file=key_file)
    try:
        url = server.url + "/events"
        webhook_id, key = signed_webhook(emulator, url)
        key_file.write_text(key + "\n", "utf-8")
        assert send_test(emulator, webhook_id, url) == 0
        assert received(server)["counts"]["verified"] == 1
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_serve_from_the_command_line(emulator: EmulatorServer) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "webhook_receiver", "serve", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:")
        base = first.removeprefix("listening on ")
        assert requests.get(base + "/health", timeout=30).json() == {"ok": True}
        webhook_id, key = signed_webhook(emulator, base + "/events")
        assert send_test(emulator, webhook_id, base + "/events") == 0
        report = subprocess.run(
            [
                sys.executable,
                "-m",
                "webhook_receiver",
                "report",
                "--url",
                base,
                "--public-key",
                key,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert report.returncode == 0, report.stderr
        assert "1 verified" in report.stdout
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_send_test_needs_the_api_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SENDGRID_API_KEY")
    monkeypatch.delenv("SENDGRID_API_URL", raising=False)
    assert main(["send-test", "--url", "http://127.0.0.1:9/x"]) == 2
