"""The demo's table of what exists in the emulator (scripts/emulator_table.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Emulator


def load_table_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "emulator_table", Path(ROOT / "scripts" / "emulator_table.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_emulator_table(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    table = load_table_module()
    assert table.main([emulator.url]) == 0
    assert "(no accounts)" in capsys.readouterr().out

    emulator.v3(
        "POST",
        "/subusers",
        {
            "username": "news",
            "email": "n@example.com",
            "password": "pw-123456",
            "ips": ["192.0.2.10"],
        },
    )
    emulator.v3("POST", "/subusers/news/monitor", {"email": "m@example.com", "frequency": 7})
    emulator.v3("PATCH", "/subusers/news", {"disabled": True})
    assert table.main([emulator.url]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["ACCOUNT", "KIND", "STATUS", "IPS", "MONITOR"]
    assert lines[1].split() == [
        "news",
        "subuser",
        "disabled",
        "192.0.2.10",
        "every",
        "7",
        "to",
        "m@example.com",
    ]
    assert "IP inventory: 40 IPs, 1 in use, 39 free" in out

    assert table.main(["http://127.0.0.1:9"]) == 1
