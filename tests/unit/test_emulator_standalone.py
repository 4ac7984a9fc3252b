"""The emulator stands alone: it imports nothing of the provider, and where both need
SendGrid's published data (the API key permissions) each reads its own copy of the same
document, which this file checks they agree on."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import sendgrid_emulator
from pulumi_sendgrid_reseller.client import _scopes
from sendgrid_emulator.scopes import scopes

EMULATOR = Path(sendgrid_emulator.__file__).parent
PROVIDER = "pulumi_sendgrid_reseller"
DOCUMENT = "api_key_permissions.json"


def _imports(source: Path) -> list[tuple[int, str]]:
    """Every absolute module name a file imports, with its line (relative imports stay
    inside the emulator's package)."""
    found = []
    for node in ast.walk(ast.parse(source.read_text(), str(source))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def test_no_emulator_module_imports_the_provider() -> None:
    modules = sorted(EMULATOR.rglob("*.py"))
    assert len(modules) > 20, "the emulator's modules were not found"
    offending = [
        f"{path.relative_to(EMULATOR.parent)}:{line}: {name}"
        for path in modules
        for line, name in _imports(path)
        if name == PROVIDER or name.startswith(PROVIDER + ".")
    ]
    assert not offending, "the emulator imports the provider:\n" + "\n".join(offending)


def test_the_emulator_works_with_the_provider_absent() -> None:
    """Every emulator module imports, and an API key with scopes is made, in a process
    where importing the provider fails."""
    script = f"""
import importlib, pkgutil, sys
sys.modules[{PROVIDER!r}] = None  # any import of it now raises ImportError
import sendgrid_emulator
for info in pkgutil.walk_packages(sendgrid_emulator.__path__, "sendgrid_emulator."):
    if info.name != "sendgrid_emulator.__main__":
        importlib.import_module(info.name)
import requests
from sendgrid_emulator import DEFAULT_API_KEY, EmulatorServer
with EmulatorServer(port=0, db=":memory:") as server:
    auth = {{"Authorization": "Bearer " + DEFAULT_API_KEY}}
    for scopes in (["mail.send", "no.such.scope"], ["mail.send"]):
        answer = requests.post(
            server.url + "/v3/api_keys", json={{"name": "app", "scopes": scopes}}, headers=auth
        )
        print(answer.status_code, answer.json().get("scopes"))
"""
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    refused, made = run.stdout.splitlines()[-2:]
    assert refused.startswith("400 "), run.stdout
    assert made in ("200 ['mail.send']", "201 ['mail.send']"), run.stdout


def test_client_and_emulator_read_the_same_document() -> None:
    client_copy = Path(_scopes.__file__).parent / "data" / DOCUMENT
    emulator_copy = EMULATOR / "data" / DOCUMENT
    assert json.loads(client_copy.read_text()) == json.loads(emulator_copy.read_text())


def test_client_and_emulator_accept_the_same_scopes() -> None:
    assert set(scopes()) == _scopes.SCOPES | _scopes.AUTOMATIC_SCOPES
    assert not _scopes.SCOPES & _scopes.AUTOMATIC_SCOPES
    assert {"mail.send", "api_keys.read", "subusers.monitor.update"} <= _scopes.SCOPES
    assert {
        "2fa_required",
        "sender_verification_eligible",
        "sender_verification_legacy",
    } == _scopes.AUTOMATIC_SCOPES
