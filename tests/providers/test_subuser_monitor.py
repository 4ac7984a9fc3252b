"""SubuserMonitor's provider against the emulator: a subuser's monitor settings."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Emulator
from pulumi_sendgrid_reseller import ProviderError, SubuserMonitor

from .conftest import Drive, Driver, assert_in_place, changes, counts, fault

MONITOR = "/v3/subusers/shop-mail/monitor"


@pytest.fixture
def monitor(drive: Drive, emulator: Emulator) -> Driver:
    for name in ("shop-mail", "other-mail"):
        body = {
            "username": name,
            "email": f"{name}@shop.example.com",
            "password": "Subuser-pass-1234",
            "ips": ["192.0.2.10"],
        }
        emulator.v3("POST", "subusers", body)
    return drive(SubuserMonitor)


def declared(**overrides: Any) -> dict[str, Any]:
    return {
        "subuser": "shop-mail",
        "email": "alerts@shop.example.com",
        "frequency": 500,
        **overrides,
    }


def settings(emulator: Emulator, username: str = "shop-mail") -> tuple[str, int] | None:
    found = emulator.monitors().get(username)
    return None if found is None else (found["email"], int(found["frequency"]))


@pytest.mark.parametrize(
    ("change", "field", "rule"),
    [
        ({"frequency": 0}, "frequency", "greater than 0"),
        ({"frequency": 2.5}, "frequency", "integer"),
        ({"email": "nope"}, "email", "valid email"),
        ({"subuser": ""}, "subuser", "at least 1 character"),
    ],
)
def test_check_names_field_and_rule(
    monitor: Driver, change: dict[str, Any], field: str, rule: str
) -> None:
    found = monitor.failures(declared(**change))
    assert list(found) == [field], found
    assert rule in found[field]


def test_create_read_and_refresh_without_phantom_diff(monitor: Driver, emulator: Emulator) -> None:
    state = monitor.create(declared())
    assert state.id == "shop-mail"
    assert settings(emulator) == ("alerts@shop.example.com", 500)
    assert counts(emulator)[f"POST {MONITOR}"] == 1
    fresh = monitor.refresh(state, declared())
    # The engine hands the frequency back as a float; it is the same frequency.
    assert fresh.outputs["frequency"] == 500


@pytest.mark.parametrize(
    "change", [{"email": "ops@shop.example.com"}, {"frequency": 1000}], ids=["email", "frequency"]
)
def test_each_field_changes_in_place_through_put(
    monitor: Driver, emulator: Emulator, change: dict[str, Any]
) -> None:
    state = monitor.create(declared())
    assert_in_place(monitor.diff(state, declared(**change)))
    emulator.clear_log()
    updated = monitor.update(state, declared(**change))
    assert counts(emulator) == {f"PUT {MONITOR}": 1}
    wanted = declared(**change)
    assert settings(emulator) == (wanted["email"], wanted["frequency"])
    monitor.refresh(updated, declared(**change))


def test_another_subuser_replaces(monitor: Driver) -> None:
    state = monitor.create(declared())
    assert changes(monitor.diff(state, declared(subuser="other-mail"))) == (True, ["subuser"])


def test_drift_is_read_and_repaired(monitor: Driver, emulator: Emulator) -> None:
    state = monitor.create(declared())
    emulator.v3(
        "PUT", "subusers/shop-mail/monitor", {"email": "x@shop.example.com", "frequency": 7}
    )
    fresh = monitor.read(state)
    assert fresh is not None
    assert (fresh.outputs["email"], fresh.outputs["frequency"]) == ("x@shop.example.com", 7)
    assert_in_place(monitor.diff(fresh, declared()))
    repaired = monitor.update(fresh, declared())
    assert settings(emulator) == ("alerts@shop.example.com", 500)
    monitor.refresh(repaired, declared())


def test_settings_removed_outside_are_gone_and_an_update_makes_them_again(
    monitor: Driver, emulator: Emulator
) -> None:
    state = monitor.create(declared())
    emulator.v3("DELETE", "subusers/shop-mail/monitor")
    assert monitor.read(state) is None
    # An update whose premise is gone (no settings to PUT) creates them.
    updated = monitor.update(state, declared(frequency=900))
    assert settings(emulator) == ("alerts@shop.example.com", 900)
    monitor.refresh(updated, declared(frequency=900))


def test_delete_and_delete_of_settings_gone(monitor: Driver, emulator: Emulator) -> None:
    state = monitor.create(declared())
    monitor.delete(state)
    assert settings(emulator) is None
    monitor.delete(state)
    emulator.v3("DELETE", "subusers/shop-mail")
    monitor.delete(state)  # the subuser is gone, and its settings with it


def test_lost_create_answer_creates_once(monitor: Driver, emulator: Emulator) -> None:
    fault(emulator, method="POST", path=r"/monitor$", drop_after_commit=True, count=1)
    state = monitor.create(declared())
    assert settings(emulator) == ("alerts@shop.example.com", 500)
    made = counts(emulator)
    assert made[f"POST {MONITOR}"] == 1 and f"PUT {MONITOR}" not in made
    monitor.refresh(state, declared())


def test_existing_settings_are_taken_over_only_with_adopt(
    monitor: Driver, emulator: Emulator
) -> None:
    emulator.v3(
        "POST", "subusers/shop-mail/monitor", {"email": "x@shop.example.com", "frequency": 7}
    )
    with pytest.raises(ProviderError, match="already exists") as info:
        monitor.create(declared())
    assert "adopt=True" in str(info.value)
    assert settings(emulator) == ("x@shop.example.com", 7)
    state = monitor.create(declared(adopt=True))
    assert settings(emulator) == ("alerts@shop.example.com", 500)
    monitor.refresh(state, declared(adopt=True))


def test_settings_exactly_as_declared_are_its_own(monitor: Driver, emulator: Emulator) -> None:
    # They came along with a renamed subuser: the same settings, nothing to take over.
    emulator.v3(
        "POST", "subusers/shop-mail/monitor", {"email": "alerts@shop.example.com", "frequency": 500}
    )
    emulator.clear_log()
    state = monitor.create(declared())
    assert f"PUT {MONITOR}" not in counts(emulator)
    monitor.refresh(state, declared())
