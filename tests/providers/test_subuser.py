"""Subuser's provider against the emulator: check, create, read, each update, reconcile."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Emulator
from pulumi_sendgrid_reseller import ProviderError, Subuser

from .conftest import (
    Drive,
    Driver,
    assert_in_place,
    changes,
    counts,
    fault,
    interrupted_creates,
    on_behalf,
)

PASSWORD = "Subuser-pass-1234"
NEW_PASSWORD = "Subuser-pass-5678"


def declared(**overrides: Any) -> dict[str, Any]:
    return {
        "username": "shop-mail",
        "email": "mail@shop.example.com",
        "password": PASSWORD,
        "ips": ["192.0.2.10"],
        **overrides,
    }


@pytest.fixture
def subuser(drive: Drive) -> Driver:
    return drive(Subuser)


def password_is(emulator: Emulator, username: str, password: str) -> bool:
    """Whether ``password`` is the subuser's current one (setting it to itself succeeds)."""
    resp = emulator.http.put(
        f"{emulator.url}/v3/user/password",
        json={"old_password": password, "new_password": password},
        headers={"Authorization": "Bearer SG.emulator-key", "on-behalf-of": username},
    )
    return resp.status_code == 200


def test_check_names_field_and_rule_and_keeps_secrets_out(subuser: Driver) -> None:
    found = subuser.failures(
        declared(username="a b", email="nope", password="short", region="mars", colour="red")
    )
    assert set(found) == {"username", "email", "password", "region", "colour"}
    assert "at least 8 characters" in found["password"]
    assert "is not an argument" in found["colour"]
    assert all("short" not in reason.split(":", 1)[1] for reason in found.values())


def test_check_refuses_ips_the_parent_does_not_own(subuser: Driver) -> None:
    found = subuser.failures(declared(ips=["192.0.2.10", "203.0.113.250"]))
    assert found == {"ips[1]": "ips[1]: 203.0.113.250 is not an IP of the parent account"}
    assert subuser.failures(declared(ips=["192.0.2.10", "192.0.2.10"])) != {}


def test_create_read_and_refresh_without_phantom_diff(subuser: Driver, emulator: Emulator) -> None:
    state = subuser.create(declared(ips=["192.0.2.11", "192.0.2.10"], website_access=False))
    account = emulator.accounts()["shop-mail"]
    assert account["kind"] == "subuser"
    assert sorted(account["ips"]) == ["192.0.2.10", "192.0.2.11"]
    assert account["website_access"] is False and account["disabled"] is False
    assert state.id == str(account["user_id"])
    assert state.outputs["user_id"] == account["user_id"]

    fresh = subuser.refresh(state, declared(ips=["192.0.2.11", "192.0.2.10"], website_access=False))
    assert fresh.inputs["password"] == PASSWORD  # not reported: kept
    assert fresh.outputs["region"] == "global"


def test_create_disabled_in_the_eu(subuser: Driver, emulator: Emulator) -> None:
    state = subuser.create(declared(region="eu", disabled=True))
    account = emulator.accounts()["shop-mail"]
    assert (account["region"], account["disabled"]) == ("eu", True)
    emulator.clear_log()
    updated = subuser.update(state, declared(region="eu", email="eu@shop.example.com"))
    # The subuser's own data is changed at the EU endpoint.
    assert counts(emulator).get("PUT /eu/v3/user/email") == 1
    assert emulator.accounts()["shop-mail"]["email"] == "eu@shop.example.com"
    subuser.refresh(updated, declared(region="eu", email="eu@shop.example.com"))


@pytest.mark.parametrize(
    ("change", "call", "remote"),
    [
        (
            {"email": "new@shop.example.com"},
            "PUT /v3/user/email",
            {"email": "new@shop.example.com"},
        ),
        ({"password": NEW_PASSWORD}, "PUT /v3/user/password", {}),
        (
            {"ips": ["192.0.2.12", "192.0.2.11"]},
            "PUT /v3/subusers/shop-mail/ips",
            {"ips": ["192.0.2.11", "192.0.2.12"]},
        ),
        ({"disabled": True}, "PATCH /v3/subusers/shop-mail", {"disabled": True}),
        (
            {"website_access": False},
            "PATCH /v3/subusers/shop-mail/website_access",
            {"website_access": False},
        ),
    ],
)
def test_each_field_changes_in_place_through_its_call(
    subuser: Driver,
    emulator: Emulator,
    change: dict[str, Any],
    call: str,
    remote: dict[str, Any],
) -> None:
    state = subuser.create(declared())
    assert_in_place(subuser.diff(state, declared(**change)))
    emulator.clear_log()
    updated = subuser.update(state, declared(**change))
    assert counts(emulator) == {call: 1}
    account = emulator.accounts()["shop-mail"]
    assert {k: sorted(v) if k == "ips" else v for k, v in account.items() if k in remote} == remote
    if "password" in change:
        assert password_is(emulator, "shop-mail", NEW_PASSWORD)
    subuser.refresh(updated, declared(**change))


def test_rename_keeps_the_user_id(subuser: Driver, emulator: Emulator) -> None:
    state = subuser.create(declared())
    assert_in_place(subuser.diff(state, declared(username="shop-mail-2")))
    emulator.clear_log()
    updated = subuser.update(state, declared(username="shop-mail-2", disabled=True))
    assert counts(emulator) == {"PUT /v3/user/username": 1, "PATCH /v3/subusers/shop-mail-2": 1}
    accounts = emulator.accounts()
    assert "shop-mail" not in accounts
    assert accounts["shop-mail-2"]["user_id"] == state.outputs["user_id"]
    assert accounts["shop-mail-2"]["disabled"] is True
    subuser.refresh(updated, declared(username="shop-mail-2", disabled=True))


def test_region_replaces_deleting_first_when_the_username_stays(subuser: Driver) -> None:
    state = subuser.create(declared())
    result = subuser.diff(state, declared(region="eu"))
    assert changes(result) == (True, ["region"])
    assert result.delete_before_replace is True
    moved = subuser.diff(state, declared(region="eu", username="shop-eu"))
    assert changes(moved) == (True, ["region"])
    assert not moved.delete_before_replace


def test_drift_is_read_and_repaired(subuser: Driver, emulator: Emulator) -> None:
    state = subuser.create(declared())
    emulator.v3("PATCH", "subusers/shop-mail", {"disabled": True})
    emulator.v3("PUT", "subusers/shop-mail/ips", ["192.0.2.13"])
    fresh = subuser.read(state)
    assert fresh is not None
    assert fresh.outputs["disabled"] is True and fresh.outputs["ips"] == ["192.0.2.13"]
    assert_in_place(subuser.diff(fresh, declared()))
    repaired = subuser.update(fresh, declared())
    account = emulator.accounts()["shop-mail"]
    assert account["disabled"] is False and account["ips"] == ["192.0.2.10"]
    subuser.refresh(repaired, declared())


def test_renamed_outside_is_found_by_its_id_and_renamed_back(
    subuser: Driver, emulator: Emulator
) -> None:
    state = subuser.create(declared())
    on_behalf(emulator, "shop-mail", "PUT", "user/username", {"username": "x-mail"})
    fresh = subuser.read(state)
    assert fresh is not None and fresh.outputs["username"] == "x-mail"
    assert_in_place(subuser.diff(fresh, declared()))
    repaired = subuser.update(fresh, declared())
    assert emulator.accounts()["shop-mail"]["user_id"] == state.outputs["user_id"]
    subuser.refresh(repaired, declared())


def test_update_whose_premise_is_gone_reconciles(subuser: Driver, emulator: Emulator) -> None:
    # As if an interrupted run had renamed the subuser and set its new password already.
    state = subuser.create(declared(username="half-way"))
    on_behalf(emulator, "half-way", "PUT", "user/username", {"username": "done"})
    body = {"old_password": PASSWORD, "new_password": NEW_PASSWORD}
    on_behalf(emulator, "done", "PUT", "user/password", body)
    emulator.clear_log()
    updated = subuser.update(state, declared(username="done", password=NEW_PASSWORD))
    made = counts(emulator)
    assert made["PUT /v3/user/username"] == 1  # refused for the old name, not repeated
    assert made["PUT /v3/user/password"] == 2  # the old one refused, the new one current
    assert emulator.accounts()["done"]["user_id"] == state.outputs["user_id"]
    assert password_is(emulator, "done", NEW_PASSWORD)
    subuser.refresh(updated, declared(username="done", password=NEW_PASSWORD))


def test_password_changed_outside_is_explained(subuser: Driver, emulator: Emulator) -> None:
    state = subuser.create(declared())
    body = {"old_password": PASSWORD, "new_password": "Outside-pass-0000"}
    on_behalf(emulator, "shop-mail", "PUT", "user/password", body)
    with pytest.raises(ProviderError, match="refuses the password recorded") as info:
        subuser.update(state, declared(password=NEW_PASSWORD))
    for secret in (PASSWORD, NEW_PASSWORD, "Outside-pass-0000"):
        assert secret not in str(info.value)


def test_rename_of_a_subuser_gone_says_so(subuser: Driver, emulator: Emulator) -> None:
    state = subuser.create(declared())
    emulator.v3("DELETE", "subusers/shop-mail")
    with pytest.raises(ProviderError, match="no longer has this subuser"):
        subuser.update(state, declared(username="shop-mail-2"))


def test_delete_and_delete_of_a_subuser_gone(subuser: Driver, emulator: Emulator) -> None:
    state = subuser.create(declared())
    subuser.delete(state)
    assert emulator.accounts() == {}
    assert subuser.read(state) is None
    subuser.delete(state)


def test_lost_create_answer_creates_once(subuser: Driver, emulator: Emulator) -> None:
    fault(emulator, method="POST", path=r"^/v3/subusers$", drop_after_commit=True, count=1)
    state = subuser.create(declared(disabled=True))
    account = emulator.accounts()["shop-mail"]
    assert len(emulator.accounts()) == 1
    assert state.id == str(account["user_id"]) and account["disabled"] is True
    assert counts(emulator)["POST /v3/subusers"] == 1
    subuser.refresh(state, declared(disabled=True))


def test_existing_subuser_is_taken_over_only_with_adopt(
    subuser: Driver, emulator: Emulator
) -> None:
    emulator.v3(
        "POST",
        "subusers",
        {
            "username": "shop-mail",
            "email": "mail@shop.example.com",
            "password": "Outside-pass-1234",
            "ips": ["192.0.2.15"],
        },
    )
    with pytest.raises(ProviderError, match="already exists") as info:
        subuser.create(declared())
    assert "adopt=True" in str(info.value)
    assert emulator.accounts()["shop-mail"]["ips"] == ["192.0.2.15"]

    with pytest.raises(ProviderError, match=r"email 'mail@shop\.example\.com'"):
        subuser.create(declared(adopt=True, email="other@shop.example.com"))

    state = subuser.create(declared(adopt=True, disabled=True, website_access=False))
    account = emulator.accounts()["shop-mail"]
    assert account["ips"] == ["192.0.2.10"]
    assert (account["disabled"], account["website_access"]) == (True, False)
    assert state.id == str(account["user_id"])
    subuser.refresh(state, declared(adopt=True, disabled=True, website_access=False))


def test_an_interrupted_runs_subuser_is_taken_over_when_it_matches(
    subuser: Driver, emulator: Emulator
) -> None:
    fault(emulator, method="POST", path=r"^/v3/subusers$", drop_after_commit=True, count=2)
    fault(emulator, method="GET", path=r"^/v3/subusers$", status=400, count=2)
    other = declared(username="other-mail", email="other@shop.example.com")
    printed = interrupted_creates(emulator, subuser, declared(), other)
    assert printed.count("InvalidRequestError") == 2 and PASSWORD not in printed

    emulator.clear_log()
    state = subuser.create(declared(disabled=True))
    account = emulator.accounts()["shop-mail"]
    assert state.id == str(account["user_id"]) and account["disabled"] is True
    assert counts(emulator)["POST /v3/subusers"] == 1  # refused: it exists
    subuser.refresh(state, declared(disabled=True))

    # Another declaration of that username is not that run's: not taken.
    with pytest.raises(ProviderError, match="differs from the declaration"):
        subuser.create({**other, "email": "else@shop.example.com"})
    assert emulator.accounts()["other-mail"]["email"] == "other@shop.example.com"
