"""Every resource's example program (``docs/examples/<name>.py``, shown on its reference
page) through the real engine against the emulator.

Each example runs as a user runs it: the file is the ``__main__.py`` of a Pulumi project of
its own, its ``config.require_secret(...)`` keys set as secrets. The emulator validates
sender authentication against the local DNS server that the validation examples publish
their records to (``LOCALDNS_API_URL``). ``up`` succeeds and declares the resource, a second
preview and a refresh show no change, and ``destroy`` leaves the emulator and the DNS
server as they were before the example ran.

The examples are listed from the resources the codegen discovers: a new resource's example
runs here without an edit of this file (and ``tests/unit/test_generated.py`` fails while
it has none).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, Emulator, StackFactory, change_summary
from localdns import LocalDnsServer, RecordsClient
from pulumi_sendgrid_reseller import _codegen

RESOURCES = {found.snake: found for found in _codegen.discover()}
#: ``config.require_secret("shopPassword")``: the stack configuration an example needs.
SECRET_CONFIG = re.compile(r"""\.require_secret\(\s*["']([^"']+)["']""")


@pytest.fixture
def dns_for_validation(emulator: Emulator, local_dns: LocalDnsServer) -> Iterator[LocalDnsServer]:
    """The emulator validates against the local DNS server (as scripts/demo.sh starts it),
    and against the machine's resolver again after the test."""
    url = f"{emulator.url}/_emulator/dns-resolver"
    resp = emulator.http.put(url, json={"resolver": local_dns.dns_address})
    assert resp.status_code == 200, resp.text
    yield local_dns
    emulator.http.put(url, json={"resolver": None}).raise_for_status()


def example_project(tmp_path: Path, name: str) -> Path:
    """A Pulumi project whose program is the example, as `pulumi new python` lays one out."""
    project = tmp_path / f"example-{name}"
    project.mkdir()
    shutil.copy(ROOT / _codegen.example_path(RESOURCES[name]), project / "__main__.py")
    settings = {
        "name": f"example-{name.replace('_', '-')}",
        "runtime": {"name": "python", "options": {"toolchain": "pip", "virtualenv": "venv"}},
    }
    (project / "Pulumi.yaml").write_text(yaml.safe_dump(settings))
    return project


def without_reserved(state: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in state.items() if k != "reserved_usernames"}


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_example_program(
    name: str,
    make_stack: StackFactory,
    emulator: Emulator,
    dns_for_validation: LocalDnsServer,
    tmp_path: Path,
) -> None:
    resource = RESOURCES[name]
    source = (ROOT / _codegen.example_path(resource)).read_text()
    config = {key: (f"Example-{key}-1234", True) for key in SECRET_CONFIG.findall(source)}
    before = emulator.state()
    stack = make_stack(
        work_dir=example_project(tmp_path, name),
        env={**emulator.env(), "LOCALDNS_API_URL": dns_for_validation.api_url},
        config=config,
    )

    up = stack.up(on_output=print)
    created = change_summary(up)
    assert list(created) == ["create"], created
    types = [r["type"] for r in stack.export_stack().deployment["resources"]]
    assert any(t.endswith(f":{resource.schema.name}") for t in types), types
    assert up.outputs, "the example exports no output"
    made = emulator.state()
    assert made != before
    customers = {a["username"] for a in made["accounts"] if a["kind"] == "customer"}

    same = {"same": created["create"]}
    assert change_summary(stack.preview(expect_no_changes=True)) == same
    assert change_summary(stack.refresh(expect_no_changes=True)) == same

    assert change_summary(stack.destroy(on_output=print)) == {"delete": created["create"]}
    after = emulator.state()
    assert without_reserved(after) == without_reserved(before)
    # SendGrid keeps a deleted customer's username reserved (`reseller.delete`): nothing else.
    assert set(after["reserved_usernames"]) - set(before["reserved_usernames"]) <= customers
    assert RecordsClient(dns_for_validation.api_url).list() == []
