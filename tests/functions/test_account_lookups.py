"""get_offerings and get_accounts (and their _output twins) against the emulator."""

from __future__ import annotations

import pulumi
import pytest

import pulumi_sendgrid_reseller as sg
from conftest import EMULATOR_KEY, EMULATOR_USER, Emulator, StackFactory

FREE = {"name": "org.ei.free.v1", "type": "package"}


@pytest.fixture
def creds(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    for name, value in emulator.env().items():
        monkeypatch.setenv(name, value)
    return emulator


def make_accounts(emulator: Emulator, count: int) -> list[str]:
    ids = []
    for n in range(count):
        created = emulator.v3(
            "POST", "partners/accounts", {"offerings": [FREE], "profile": {"email": f"a{n}@x.io"}}
        )
        ids.append(created["account_id"])
    return ids


def test_get_offerings_is_typed(creds: Emulator) -> None:
    offerings = sg.get_offerings()
    free = next(o for o in offerings if o.name == "org.ei.free.v1")
    assert free.type == "package"
    assert free.entitlements.email_sends_max_monthly == 10000
    assert {o.type for o in offerings} == {"package", "addon"}


def test_get_accounts_reads_every_page(creds: Emulator) -> None:
    ids = make_accounts(creds, 103)  # more than one page of 100
    creds.clear_log()
    accounts = sg.get_accounts()
    assert [a.id for a in accounts] == ids
    assert accounts[102].email == "a102@x.io"
    assert creds.request_log()["counts"]["GET /v3/partners/accounts"] == 2


def test_output_twins_in_a_program(make_stack: StackFactory, emulator: Emulator) -> None:
    ids = make_accounts(emulator, 2)

    def program() -> None:
        pulumi.export(
            "packages",
            sg.get_offerings_output().apply(
                lambda found: sorted(o.name for o in found if o.type == "package")
            ),
        )
        pulumi.export("accounts", sg.get_accounts_output().apply(lambda f: [a.id for a in f]))

    config = {
        "sendgrid-reseller:apiUser": EMULATOR_USER,
        "sendgrid-reseller:apiKey": (EMULATOR_KEY, True),
        "sendgrid-reseller:apiUrl": emulator.url,
    }
    outputs = make_stack(program, config=config).up().outputs
    assert outputs["packages"].value == [
        "org.ei.essentials.v1",
        "org.ei.free.v1",
        "org.ei.premier.v1",
        "org.ei.pro.v1",
    ]
    assert outputs["accounts"].value == ids
