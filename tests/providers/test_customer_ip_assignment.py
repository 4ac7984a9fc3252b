"""CustomerIpAssignment's provider against the emulator: the IPs a customer sends from."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Emulator
from profiles import customer_inputs
from pulumi_sendgrid_reseller import CustomerIpAssignment

from .conftest import Drive, Driver, assert_in_place, changes, counts, fault

SENDIP = "POST /apiv2/customer.sendip.json"


@pytest.fixture
def assignment(drive: Drive, emulator: Emulator) -> Driver:
    for name in ("acme", "other"):
        emulator.v2(
            "reseller.add",
            **customer_inputs(name, "Password-1234"),
            confirm_password="Password-1234",
        )
    return drive(CustomerIpAssignment)


def ips_of(emulator: Emulator, username: str) -> list[str]:
    return sorted(emulator.accounts()[username]["ips"])


def parent_ips(emulator: Emulator) -> list[str]:
    return sorted(entry["ip"] for entry in emulator.state()["ips"])


def declared(**overrides: Any) -> dict[str, Any]:
    return {"customer": "acme", "ips": ["192.0.2.10", "192.0.2.11"], **overrides}


@pytest.mark.parametrize(
    ("inputs", "field", "rule"),
    [
        ({"customer": "acme"}, "ips", "is required unless all_ips is true"),
        (declared(all_ips=True), "ips", "must not be given when all_ips is true"),
        (declared(ips=["192.0.2.10", "192.0.2.10"]), "ips", "must not contain duplicates"),
        (declared(ips=["300.1.1.1"]), "ips[0]", "must be a valid IP address"),
        (declared(ips=["192.0.2.10", "203.0.113.250"]), "ips[1]", "not an IP of the parent"),
        (declared(customer="a b"), "customer", "must not contain spaces"),
    ],
)
def test_check_names_field_and_rule(
    assignment: Driver, inputs: dict[str, Any], field: str, rule: str
) -> None:
    found = assignment.failures(inputs)
    assert list(found) == [field], found
    assert rule in found[field]


def test_create_read_and_refresh_without_phantom_diff(
    assignment: Driver, emulator: Emulator
) -> None:
    state = assignment.create(declared(ips=["192.0.2.11", "192.0.2.10"]))
    assert state.id == "acme"
    assert ips_of(emulator, "acme") == ["192.0.2.10", "192.0.2.11"]
    assert state.outputs["assigned_ips"] == ["192.0.2.10", "192.0.2.11"]
    fresh = assignment.refresh(state, declared(ips=["192.0.2.11", "192.0.2.10"]))
    assert fresh.outputs["assigned_ips"] == ["192.0.2.10", "192.0.2.11"]


def test_all_ips_and_back(assignment: Driver, emulator: Emulator) -> None:
    every = {"customer": "acme", "all_ips": True}
    state = assignment.create(every)
    assert ips_of(emulator, "acme") == parent_ips(emulator)
    state = assignment.refresh(state, every)
    assert state.outputs["assigned_ips"] == parent_ips(emulator)

    assert_in_place(assignment.diff(state, declared()))
    emulator.clear_log()
    state = assignment.update(state, declared())
    assert counts(emulator) == {f"{SENDIP}?task=append": 1}
    assert ips_of(emulator, "acme") == ["192.0.2.10", "192.0.2.11"]
    assignment.refresh(state, declared())


def test_ips_change_in_place_and_an_empty_list_removes_all(
    assignment: Driver, emulator: Emulator
) -> None:
    state = assignment.create(declared())
    assert_in_place(assignment.diff(state, declared(ips=["192.0.2.12"])))
    state = assignment.update(state, declared(ips=["192.0.2.12"]))
    assert ips_of(emulator, "acme") == ["192.0.2.12"]
    state = assignment.update(state, declared(ips=[]))
    assert ips_of(emulator, "acme") == []
    assignment.refresh(state, declared(ips=[]))


def test_another_customer_replaces(assignment: Driver) -> None:
    state = assignment.create(declared())
    assert changes(assignment.diff(state, declared(customer="other"))) == (True, ["customer"])


def test_drift_is_read_and_repaired(assignment: Driver, emulator: Emulator) -> None:
    state = assignment.create(declared())
    emulator.v2(
        "customer.sendip", task="append", set="specify", user="acme", **{"ip[]": "192.0.2.19"}
    )
    fresh = assignment.read(state)
    assert fresh is not None and fresh.outputs["ips"] == ["192.0.2.19"]
    assert_in_place(assignment.diff(fresh, declared()))
    repaired = assignment.update(fresh, declared())
    assert ips_of(emulator, "acme") == ["192.0.2.10", "192.0.2.11"]
    assignment.refresh(repaired, declared())


def test_all_ips_drift_shows_the_ips_left(assignment: Driver, emulator: Emulator) -> None:
    every = {"customer": "acme", "all_ips": True}
    state = assignment.create(every)
    emulator.v2(
        "customer.sendip", task="append", set="specify", user="acme", **{"ip[]": "192.0.2.19"}
    )
    fresh = assignment.read(state)
    assert fresh is not None
    assert (fresh.inputs["all_ips"], fresh.inputs["ips"]) == (False, ["192.0.2.19"])
    assert_in_place(assignment.diff(fresh, every))
    repaired = assignment.update(fresh, every)
    assert ips_of(emulator, "acme") == parent_ips(emulator)
    assignment.refresh(repaired, every)


def test_delete_gives_the_ips_back_and_again_succeeds(
    assignment: Driver, emulator: Emulator
) -> None:
    state = assignment.create(declared())
    assignment.delete(state)
    assert ips_of(emulator, "acme") == []
    assignment.delete(state)
    emulator.v2("reseller.delete", user="acme")
    assignment.delete(state)  # the customer is gone, and its assignment with it


def test_lost_answer_is_applied_once(assignment: Driver, emulator: Emulator) -> None:
    fault(emulator, method="POST", path=r"customer\.sendip", drop_after_commit=True, count=1)
    state = assignment.create(declared())
    assert ips_of(emulator, "acme") == ["192.0.2.10", "192.0.2.11"]
    assignment.refresh(state, declared())


def test_a_subusers_ips(assignment: Driver, emulator: Emulator) -> None:
    body = {
        "username": "shop-mail",
        "email": "mail@shop.example.com",
        "password": "Subuser-pass-1234",
        "ips": ["192.0.2.10"],
    }
    emulator.v3("POST", "subusers", body)
    state = assignment.create(declared(customer="shop-mail", ips=["192.0.2.12"]))
    assert ips_of(emulator, "shop-mail") == ["192.0.2.12"]
    assignment.refresh(state, declared(customer="shop-mail", ips=["192.0.2.12"]))
