"""SubuserCredits' provider against the emulator: a subuser's sending budget."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Emulator
from pulumi_sendgrid_reseller import SubuserCredits

from .conftest import Drive, Driver, assert_in_place, assert_no_change, changes, counts, on_behalf

CREDITS = "PUT /v3/subusers/shop-mail/credits"


@pytest.fixture
def credits(drive: Drive, emulator: Emulator) -> Driver:
    for name in ("shop-mail", "other-mail"):
        body = {
            "username": name,
            "email": f"{name}@shop.example.com",
            "password": "Subuser-pass-1234",
            "ips": ["192.0.2.10"],
        }
        emulator.v3("POST", "subusers", body)
    return drive(SubuserCredits)


def user_id(emulator: Emulator, username: str) -> int:
    return int(emulator.accounts()[username]["user_id"])


def declared(**overrides: Any) -> dict[str, Any]:
    return {
        "subuser": "shop-mail",
        "type": "recurring",
        "total": 1000,
        "reset_frequency": "monthly",
        **overrides,
    }


def remote(emulator: Emulator, username: str = "shop-mail") -> dict[str, Any]:
    found = {c["username"]: c for c in emulator.state()["credits"]}.get(username)
    return {"type": "unlimited"} if found is None else found


@pytest.mark.parametrize(
    ("inputs", "field", "rule"),
    [
        (declared(reset_frequency=None), "reset_frequency", "is required when type is 'recurring'"),
        (declared(type="unlimited", reset_frequency=None), "total", "must not be given"),
        (declared(type="nonrecurring"), "reset_frequency", "must not be given"),
        (declared(total=0), "total", "greater than or equal to 1"),
        (declared(type="forever"), "type", "unlimited"),
        (declared(reset_frequency="hourly"), "reset_frequency", "monthly"),
    ],
)
def test_check_names_field_and_rule(
    credits: Driver, inputs: dict[str, Any], field: str, rule: str
) -> None:
    found = credits.failures(inputs)
    assert list(found) == [field], found
    assert rule in found[field]


@pytest.mark.parametrize(
    "inputs",
    [
        declared(),
        declared(type="nonrecurring", total=250, reset_frequency=None),
        {"subuser": "shop-mail", "type": "unlimited"},
    ],
    ids=["recurring", "nonrecurring", "unlimited"],
)
def test_create_read_and_refresh_without_phantom_diff(
    credits: Driver, emulator: Emulator, inputs: dict[str, Any]
) -> None:
    state = credits.create(inputs)
    assert state.id == "shop-mail"
    assert remote(emulator)["type"] == inputs["type"]
    assert counts(emulator)[CREDITS] == 1
    if inputs["type"] != "unlimited":
        assert state.outputs["remain"] == inputs["total"]
    fresh = credits.refresh(state, inputs)
    # nonrecurring: SendGrid reports what remains, not the total; the declared one stays.
    assert fresh.inputs.get("total") == inputs.get("total")


@pytest.mark.parametrize(
    "change",
    [
        {"total": 2000},
        {"reset_frequency": "weekly"},
        {"type": "nonrecurring", "reset_frequency": None, "total": 50},
        {"type": "unlimited", "reset_frequency": None, "total": None},
    ],
    ids=["total", "reset_frequency", "nonrecurring", "unlimited"],
)
def test_each_change_is_made_in_place_by_put(
    credits: Driver, emulator: Emulator, change: dict[str, Any]
) -> None:
    state = credits.create(declared())
    wanted = {k: v for k, v in declared(**change).items() if v is not None}
    assert_in_place(credits.diff(state, wanted))
    emulator.clear_log()
    updated = credits.update(state, wanted)
    assert counts(emulator) == {CREDITS: 1}
    now = remote(emulator)
    assert now["type"] == wanted["type"]
    if wanted["type"] == "recurring":
        assert (now["total"], now["reset_frequency"]) == (
            wanted["total"],
            wanted["reset_frequency"],
        )
    credits.refresh(updated, wanted)


def test_a_renamed_subuser_keeps_its_credits(credits: Driver, emulator: Emulator) -> None:
    uid = user_id(emulator, "shop-mail")
    state = credits.create(declared(subuser_id=uid))
    on_behalf(emulator, "shop-mail", "PUT", "user/username", {"username": "shop-2"})
    # Refresh follows the account by its id.
    fresh = credits.read(state)
    assert fresh is not None and fresh.outputs["subuser"] == "shop-2"
    # The program renamed it: the same id under a new name is no move.
    renamed = declared(subuser="shop-2", subuser_id=uid)
    assert_in_place(credits.diff(state, renamed))
    emulator.clear_log()
    updated = credits.update(state, renamed)
    assert counts(emulator) == {}
    assert remote(emulator, "shop-2")["total"] == 1000
    assert_no_change(credits.diff(credits.refresh(updated, renamed), renamed))


def test_credits_moved_to_another_subuser_are_replaced(credits: Driver, emulator: Emulator) -> None:
    uid = user_id(emulator, "shop-mail")
    state = credits.create(declared(subuser_id=uid))
    other = declared(subuser="other-mail", subuser_id=user_id(emulator, "other-mail"))
    assert changes(credits.diff(state, other)) == (True, ["subuser_id"])
    anonymous = credits.create(declared())
    assert changes(credits.diff(anonymous, declared(subuser="other-mail"))) == (True, ["subuser"])


def test_drift_is_read_and_repaired(credits: Driver, emulator: Emulator) -> None:
    state = credits.create(declared())
    emulator.v3("PUT", "subusers/shop-mail/credits", {"type": "unlimited"})
    fresh = credits.read(state)
    assert fresh is not None and fresh.outputs["type"] == "unlimited"
    assert "total" not in fresh.inputs
    assert_in_place(credits.diff(fresh, declared()))
    repaired = credits.update(fresh, declared())
    assert remote(emulator)["total"] == 1000
    credits.refresh(repaired, declared())


def test_delete_puts_unlimited_back_and_a_subuser_gone_is_fine(
    credits: Driver, emulator: Emulator
) -> None:
    state = credits.create(declared())
    credits.delete(state)
    assert remote(emulator)["type"] == "unlimited"
    credits.delete(state)
    emulator.v3("DELETE", "subusers/shop-mail")
    assert credits.read(state) is None
    credits.delete(state)
