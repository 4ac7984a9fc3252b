"""The lookup functions against the emulator, alone and inside a program during preview."""

from __future__ import annotations

import pulumi
import pytest

import pulumi_sendgrid_reseller as sg
from conftest import EMULATOR_KEY, EMULATOR_USER, Emulator, StackFactory, change_summary


@pytest.fixture
def creds(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    for name, value in emulator.env().items():
        monkeypatch.setenv(name, value)
    return emulator


def seed(emulator: Emulator) -> None:
    emulator.v2(
        "reseller.add",
        username="lookup-co",
        password="Lookup-pass-1",
        confirm_password="Lookup-pass-1",
        email="co@lookup.example.com",
        first_name="Lu",
        last_name="Kup",
        address="1 Way",
        city="Oslo",
        state="OS",
        zip="0150",
        country="NO",
        phone="555",
        website="lookup.example.com",
    )
    emulator.v2(
        "customer.sendip",
        task="append",
        set="specify",
        user="lookup-co",
        **{"ip[]": ["192.0.2.10"]},
    )
    emulator.v2("reseller.manage", method="disable", user="lookup-co")
    for i in range(3):
        emulator.v3(
            "POST",
            "subusers",
            {
                "username": f"lookup-sub{i}",
                "email": f"s{i}@example.com",
                "password": "Lookup-pass-1",
                "ips": ["192.0.2.11"],
            },
        )


def test_ip_lookups(creds: Emulator) -> None:
    seed(creds)
    everything = sg.get_ips("all")
    assert "192.0.2.10" in everything and len(everything) == 40
    assert set(sg.get_ips("taken")) == {"192.0.2.10", "192.0.2.11"}
    assert "192.0.2.10" not in sg.get_ips("free")
    assert "192.0.2.10" in sg.get_ips("available")  # held only by a disabled customer
    assert "192.0.2.11" not in sg.get_ips("available")
    assert sg.get_ips("all", ip="198.51.100.1") == [f"198.51.100.{i}" for i in range(10, 20)]
    usage = sg.get_ip_usage(user="lookup-co")
    assert [(u.ip, u.user) for u in usage] == [("192.0.2.10", "lookup-co")]
    assert set(sg.get_customer_ips("taken")) == {"192.0.2.10", "192.0.2.11"}


def test_account_lookups(creds: Emulator) -> None:
    seed(creds)
    customers = sg.get_customers(sg.CustomerFilter(username="lookup"))
    assert [(c.username, c.active, c.city) for c in customers] == [("lookup-co", False, "Oslo")]
    assert sg.get_customers(sg.CustomerFilter(active=True)) == []
    subusers = sg.get_subusers(username="lookup-sub")
    assert sorted(s.username for s in subusers) == ["lookup-sub0", "lookup-sub1", "lookup-sub2"]
    assert {s.region for s in subusers} == {"global"}
    reputations = sg.get_subuser_reputations(["lookup-sub0", "lookup-sub2"])
    assert sorted(r.username for r in reputations) == ["lookup-sub0", "lookup-sub2"]
    assert all(0 <= r.reputation <= 100 for r in reputations)


def test_explicit_credentials_win(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SENDGRID_API_KEY", raising=False)
    monkeypatch.setenv("SENDGRID_API_URL", "http://127.0.0.1:9")  # nothing listens there
    ips = sg.get_ips("all", api_user=EMULATOR_USER, api_key=EMULATOR_KEY, api_url=emulator.url)
    assert len(ips) == 40
    with pytest.raises(sg.CredentialsError, match="SENDGRID_API_KEY"):
        sg.get_ips("all")


def test_lookups_in_a_program_are_safe_in_preview(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    seed(emulator)

    def program() -> None:
        free = sg.get_ips("free")
        pulumi.export("free_count", len(free))
        pulumi.export("first_subuser", sg.get_subusers(username="lookup-sub")[0].username)

    # An inline program runs in this process: its credentials come from the stack config.
    config = {
        "sendgrid-reseller:apiUser": EMULATOR_USER,
        "sendgrid-reseller:apiKey": (EMULATOR_KEY, True),
        "sendgrid-reseller:apiUrl": emulator.url,
    }
    stack = make_stack(program, config=config)
    before = emulator.state()
    preview = stack.preview()
    assert change_summary(preview) == {"create": 1}
    assert emulator.state() == before
    up = stack.up()
    assert up.outputs["free_count"].value == 38
    assert up.outputs["first_subuser"].value.startswith("lookup-sub")


def test_output_twins_take_inputs_from_resources(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    seed(emulator)

    def program() -> None:
        from pulumi_sendgrid_reseller.testing import Noop

        prefix = Noop("prefix", value="lookup-sub")  # an Output, known only after apply
        subusers = sg.get_subusers_output(username=prefix.value)
        pulumi.export("subusers", subusers.apply(lambda found: sorted(s.username for s in found)))
        pulumi.export("free", sg.get_ips_output("free").apply(len))
        pulumi.export(
            "usage", sg.get_ip_usage_output(user="lookup-co").apply(lambda u: [x.ip for x in u])
        )
        pulumi.export("taken", sg.get_customer_ips_output("taken").apply(sorted))
        pulumi.export(
            "customers",
            sg.get_customers_output(sg.CustomerFilter(username="lookup")).apply(
                lambda found: [c.username for c in found]
            ),
        )
        names = prefix.value.apply(lambda p: [f"{p}0", f"{p}2"])
        pulumi.export(
            "reputations",
            sg.get_subuser_reputations_output(names).apply(
                lambda found: sorted(r.username for r in found)
            ),
        )

    config = {
        "sendgrid-reseller:apiUser": EMULATOR_USER,
        "sendgrid-reseller:apiKey": (EMULATOR_KEY, True),
        "sendgrid-reseller:apiUrl": emulator.url,
    }
    stack = make_stack(program, config=config)
    assert change_summary(stack.preview()) == {"create": 2}
    outputs = stack.up().outputs
    assert outputs["subusers"].value == ["lookup-sub0", "lookup-sub1", "lookup-sub2"]
    assert outputs["free"].value == 38
    assert outputs["usage"].value == ["192.0.2.10"]
    assert outputs["taken"].value == ["192.0.2.10", "192.0.2.11"]
    assert outputs["customers"].value == ["lookup-co"]
    assert outputs["reputations"].value == ["lookup-sub0", "lookup-sub2"]
