"""ApiKey's provider against the emulator: keys of a subuser or of the parent."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Emulator
from pulumi_sendgrid_reseller import ApiKey, ProviderError

from .conftest import Drive, Driver, assert_in_place, changes, counts, fault, on_behalf


@pytest.fixture
def api_key(drive: Drive, emulator: Emulator) -> Driver:
    for name, region in (("shop-mail", "global"), ("other-mail", "global"), ("eu-mail", "eu")):
        body = {
            "username": name,
            "email": f"{name}@shop.example.com",
            "password": "Subuser-pass-1234",
            "ips": ["192.0.2.10"],
            "region": region,
        }
        emulator.v3("POST", "subusers", body)
    return drive(ApiKey)


def user_id(emulator: Emulator, username: str) -> int:
    return int(emulator.accounts()[username]["user_id"])


def declared(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "app",
        "scopes": ["mail.send", "alerts.read"],
        "subuser": "shop-mail",
        **overrides,
    }


def keys(emulator: Emulator) -> dict[str, dict[str, Any]]:
    return {k["api_key_id"]: k for k in emulator.state()["api_keys"]}


@pytest.mark.parametrize(
    ("change", "field", "rule"),
    [
        ({"name": ""}, "name", "at least 1 character"),
        ({"name": "n" * 101}, "name", "at most 100 characters"),
        ({"scopes": ["mail.send", "bogus.read"]}, "scopes", "unknown scope(s) 'bogus.read'"),
        ({"scopes": ["mail.send", "mail.send"]}, "scopes", "duplicate"),
        ({"subuser": "a b"}, "subuser", "must not contain spaces"),
        ({"subuser_id": -1}, "subuser_id", "greater than or equal to 0"),
    ],
)
def test_check_names_field_and_rule(
    api_key: Driver, change: dict[str, Any], field: str, rule: str
) -> None:
    found = api_key.failures(declared(**change))
    assert list(found) == [field], found
    assert rule in found[field]


def test_check_keeps_the_parent_key_out_of_messages(api_key: Driver) -> None:
    found = api_key.failures(declared(parent_api_key="SG.secret-parent", api_url="ftp://x"))
    assert list(found) == ["api_url"]
    assert "SG.secret-parent" not in found["api_url"]


def test_create_read_and_refresh_without_phantom_diff(api_key: Driver, emulator: Emulator) -> None:
    state = api_key.create(declared(subuser_id=user_id(emulator, "shop-mail")))
    made = keys(emulator)
    assert list(made) == [state.id] == [state.outputs["api_key_id"]]
    assert made[state.id]["owner"] == "shop-mail"
    assert state.outputs["subuser_region"] == "global"
    key = state.outputs["api_key"]
    assert key.startswith(f"SG.{state.id}.")
    assert {"alerts.read", "mail.send"} <= set(made[state.id]["scopes"])
    fresh = api_key.refresh(state, declared(subuser_id=user_id(emulator, "shop-mail")))
    assert fresh.outputs["api_key"] == key  # shown once: kept from the create


def test_a_parent_key_and_an_eu_subusers_key(api_key: Driver, emulator: Emulator) -> None:
    parent = api_key.create({"name": "ops", "scopes": ["alerts.read"]})
    assert keys(emulator)[parent.id]["owner"] is None  # the parent's own
    api_key.refresh(parent, {"name": "ops", "scopes": ["alerts.read"]})
    emulator.clear_log()
    eu = api_key.create({"name": "eu-app", "subuser": "eu-mail"})
    assert eu.outputs["subuser_region"] == "eu"
    assert counts(emulator).get("POST /eu/v3/api_keys") == 1
    assert keys(emulator)[eu.id]["owner"] == "eu-mail"
    api_key.refresh(eu, {"name": "eu-app", "subuser": "eu-mail"})


def test_create_for_a_subuser_not_there_or_not_that_one(
    api_key: Driver, emulator: Emulator
) -> None:
    with pytest.raises(ProviderError, match="there is no subuser 'nobody'"):
        api_key.create(declared(subuser="nobody"))
    other = user_id(emulator, "other-mail")
    with pytest.raises(ProviderError, match=f"not subuser_id {other}"):
        api_key.create(declared(subuser_id=other))
    assert keys(emulator) == {}


@pytest.mark.parametrize(
    ("before", "change", "call"),
    [
        (declared(), {"name": "app-2"}, "PUT"),
        (declared(), {"scopes": ["mail.send"]}, "PUT"),
        ({"name": "full", "subuser": "shop-mail"}, {"name": "full-2"}, "PATCH"),
        ({"name": "full", "subuser": "shop-mail"}, {"scopes": ["mail.send"]}, "PUT"),
    ],
    ids=["name", "scopes", "name-of-full-access", "full-access-restricted"],
)
def test_name_and_scopes_change_in_place(
    api_key: Driver, emulator: Emulator, before: dict[str, Any], change: dict[str, Any], call: str
) -> None:
    state = api_key.create(before)
    after = {**before, **change}
    assert_in_place(api_key.diff(state, after))
    emulator.clear_log()
    updated = api_key.update(state, after)
    assert counts(emulator) == {f"{call} /v3/api_keys/{state.id}": 1}
    remote = keys(emulator)[state.id]
    assert remote["name"] == after["name"]
    if "scopes" in after:
        assert set(after["scopes"]) <= set(remote["scopes"])
        assert ("alerts.read" in remote["scopes"]) == ("alerts.read" in after["scopes"])
    api_key.refresh(updated, after)


def test_what_replaces_a_key(api_key: Driver, emulator: Emulator) -> None:
    uid = user_id(emulator, "shop-mail")
    state = api_key.create(declared(subuser_id=uid))
    full_access = {k: v for k, v in declared(subuser_id=uid).items() if k != "scopes"}
    assert changes(api_key.diff(state, full_access)) == (True, ["scopes"])
    other = declared(subuser="other-mail", subuser_id=user_id(emulator, "other-mail"))
    assert changes(api_key.diff(state, other)) == (True, ["subuser_id"])
    # The same account under a new name is a rename, which keeps the key.
    assert_in_place(api_key.diff(state, declared(subuser="shop-2", subuser_id=uid)))


def test_a_renamed_subuser_keeps_its_key(api_key: Driver, emulator: Emulator) -> None:
    uid = user_id(emulator, "shop-mail")
    state = api_key.create(declared(subuser_id=uid))
    on_behalf(emulator, "shop-mail", "PUT", "user/username", {"username": "shop-2"})
    fresh = api_key.read(state)
    assert fresh is not None and fresh.outputs["subuser"] == "shop-2"
    renamed = declared(subuser="shop-2", subuser_id=uid)
    emulator.clear_log()
    updated = api_key.update(state, renamed)
    assert counts(emulator) == {}
    assert keys(emulator)[state.id]["owner"] == "shop-2"
    api_key.refresh(updated, renamed)


def test_drift_is_read_and_repaired(api_key: Driver, emulator: Emulator) -> None:
    state = api_key.create(declared())
    body = {"name": "renamed-outside", "scopes": ["mail.send", "stats.read"]}
    on_behalf(emulator, "shop-mail", "PUT", f"api_keys/{state.id}", body)
    fresh = api_key.read(state)
    assert fresh is not None
    assert fresh.outputs["name"] == "renamed-outside"
    assert fresh.outputs["scopes"] == ["mail.send", "stats.read"]
    assert_in_place(api_key.diff(fresh, declared()))
    repaired = api_key.update(fresh, declared())
    remote = keys(emulator)[state.id]
    assert remote["name"] == "app" and "stats.read" not in remote["scopes"]
    api_key.refresh(repaired, declared())


def test_delete_and_delete_of_a_key_gone(api_key: Driver, emulator: Emulator) -> None:
    state = api_key.create(declared())
    api_key.delete(state)
    assert keys(emulator) == {}
    assert api_key.read(state) is None
    api_key.delete(state)


def test_a_subuser_gone_took_its_keys_along(api_key: Driver, emulator: Emulator) -> None:
    state = api_key.create(declared(subuser_id=user_id(emulator, "shop-mail")))
    emulator.v3("DELETE", "subusers/shop-mail")
    assert api_key.read(state) is None
    api_key.delete(state)


def test_lost_create_answer_leaves_one_key(api_key: Driver, emulator: Emulator) -> None:
    fault(emulator, method="POST", path=r"^/v3/api_keys$", drop_after_commit=True, count=1)
    state = api_key.create(declared())
    made = keys(emulator)
    assert list(made) == [state.id]  # the key whose answer was lost was deleted
    calls = counts(emulator)
    assert calls["POST /v3/api_keys"] == 2
    deletes = {call: n for call, n in calls.items() if call.startswith("DELETE /v3/api_keys/")}
    assert list(deletes.values()) == [1]  # the orphan's, once
    assert f"DELETE /v3/api_keys/{state.id}" not in deletes
    assert state.outputs["api_key"].startswith(f"SG.{state.id}.")
    assert {"alerts.read", "mail.send"} <= set(made[state.id]["scopes"])
    api_key.refresh(state, declared())
