"""Account's provider against the emulator: provisioned accounts (``/v3/partners``)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Emulator
from pulumi_sendgrid_reseller import Account, NotFoundError, ProviderError

from .conftest import Drive, Driver, assert_in_place, changes, counts, fault, on_behalf

FREE = {"name": "org.ei.free.v1", "type": "package", "quantity": 1}
PRO = {"name": "org.ei.pro.v1", "type": "package", "quantity": 1}
IP_ADDON = {"name": "org.dedicated_ip.v1", "type": "addon", "quantity": 2}
PROFILE = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "company_name": "Engines Ltd",
    "company_website": "https://engines.example.com",
    "email": "ada@engines.example.com",
    "phone": "+442071234567",
    "timezone": "Europe/London",
}
CREATE = "POST /v3/partners/accounts"


@pytest.fixture
def account(drive: Drive) -> Driver:
    return drive(Account)


def declared(**overrides: Any) -> dict[str, Any]:
    return {"offerings": [FREE, IP_ADDON], "profile": dict(PROFILE), **overrides}


def accounts(emulator: Emulator) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in emulator.state()["partner_accounts"]}


def profile_of(emulator: Emulator, account_id: str) -> dict[str, str]:
    """The account's profile as the on-behalf-of calls report it (our field names)."""
    who = f"account-id {account_id}"
    user = on_behalf(emulator, who, "GET", "user/profile")
    return {
        "first_name": user["first_name"],
        "last_name": user["last_name"],
        "company_name": user["company"],
        "company_website": user["website"],
        "phone": user["phone"],
        "email": on_behalf(emulator, who, "GET", "user/email")["email"],
    }


def partners(emulator: Emulator, method: str, path: str, body: Any = None) -> Any:
    return emulator.v3(method, f"partners/accounts{path}", body)


@pytest.mark.parametrize(
    ("change", "field", "rule"),
    [
        ({"offerings": [IP_ADDON]}, "offerings", "exactly one package (found 0)"),
        ({"offerings": [FREE, PRO]}, "offerings", "exactly one package (found 2)"),
        ({"offerings": [FREE, IP_ADDON, IP_ADDON]}, "offerings", "must not name an offering twice"),
        ({"offerings": [{**FREE, "quantity": 2}]}, "offerings[0]", "must be 1 for a package"),
        ({"offerings": []}, "offerings", "at least 1 item"),
        ({"state": "suspended"}, "state", "set by SendGrid only"),
        ({"adopt_account_id": "acc-1"}, "adopt_account_id", "only with adopt=True"),
        ({"profile": {**PROFILE, "email": "nope"}}, "profile.email", "valid email"),
        ({"profile": {**PROFILE, "phone": "12"}}, "profile.phone", "E.164"),
        ({"profile": {**PROFILE, "timezone": "Mars/Olympus"}}, "profile.timezone", "time zone"),
    ],
)
def test_check_names_field_and_rule(
    account: Driver, change: dict[str, Any], field: str, rule: str
) -> None:
    found = account.failures(declared(**change))
    assert list(found) == [field], found
    assert rule in found[field]


def test_check_asks_the_catalog_for_offerings(account: Driver, emulator: Emulator) -> None:
    unknown = {"name": "org.ei.platinum.v1", "type": "package", "quantity": 1}
    found = account.failures(declared(offerings=[unknown]))
    assert list(found) == ["offerings[0].name"]
    assert "org.ei.platinum.v1 is not in the offerings catalog" in found["offerings[0].name"]
    wrong_type = account.failures(declared(offerings=[PRO, {**FREE, "type": "addon"}]))
    assert wrong_type == {"offerings[1].type": "offerings[1].type: org.ei.free.v1 is a package"}
    # The index is the one the program wrote, not the canonical order (package first).
    written_first = account.failures(declared(offerings=[{**FREE, "type": "addon"}, PRO]))
    assert list(written_first) == ["offerings[0].type"], written_first
    # Offerings the state already holds are not asked about again.
    emulator.clear_log()
    account.check(declared(), olds=account.inputs(declared()))
    assert counts(emulator).get("GET /v3/partners/offerings", 0) == 1


def test_create_read_and_refresh_without_phantom_diff(account: Driver, emulator: Emulator) -> None:
    state = account.create(declared(offerings=[IP_ADDON, FREE]))
    (remote,) = accounts(emulator).values()
    assert state.id == remote["id"] == state.outputs["account_id"]
    assert remote["offerings"] == [FREE, IP_ADDON]
    assert remote["state"] == "activated" and remote["test_account"] is False
    assert profile_of(emulator, state.id) == {k: v for k, v in PROFILE.items() if k != "timezone"}
    fresh = account.refresh(state, declared(offerings=[IP_ADDON, FREE]))
    assert fresh.outputs["state"] == "activated"
    assert fresh.inputs["profile"]["timezone"] == "Europe/London"  # not reported: kept


def test_create_deactivated_test_account_without_profile(
    account: Driver, emulator: Emulator
) -> None:
    wanted = {"offerings": [FREE], "state": "deactivated", "test_account": True}
    state = account.create(wanted)
    remote = accounts(emulator)[state.id]
    assert (remote["state"], remote["test_account"], remote["email"]) == ("deactivated", True, "")
    account.refresh(state, wanted)
    assert changes(account.diff(state, {**wanted, "test_account": False})) == (
        True,
        ["test_account"],
    )


@pytest.mark.parametrize(
    ("change", "call"),
    [
        ({"offerings": [PRO]}, "PUT /v3/partners/accounts/{id}/offerings"),
        ({"state": "deactivated"}, "PUT /v3/partners/accounts/{id}/state"),
        ({"profile": {**PROFILE, "first_name": "Augusta"}}, "PATCH /v3/user/profile"),
        ({"profile": {**PROFILE, "phone": "+442070000000"}}, "PATCH /v3/user/profile"),
        ({"profile": {**PROFILE, "email": "augusta@engines.example.com"}}, "PUT /v3/user/email"),
    ],
    ids=["offerings", "state", "first_name", "phone", "email"],
)
def test_each_change_is_made_in_place_through_its_call(
    account: Driver, emulator: Emulator, change: dict[str, Any], call: str
) -> None:
    state = account.create(declared())
    assert_in_place(account.diff(state, declared(**change)))
    emulator.clear_log()
    updated = account.update(state, declared(**change))
    made = counts(emulator)
    assert made.get(call.format(id=state.id)) == 1, made
    assert CREATE not in made and not any(k.startswith("DELETE") for k in made)
    remote = accounts(emulator)[state.id]
    if "offerings" in change:
        assert remote["offerings"] == change["offerings"]
    if "state" in change:
        assert remote["state"] == change["state"]
    if "profile" in change:
        profile = profile_of(emulator, state.id)
        assert profile == {k: v for k, v in change["profile"].items() if k != "timezone"}
    account.refresh(updated, declared(**change))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (PROFILE, {k: v for k, v in PROFILE.items() if k != "company_name"}),
        (PROFILE, {k: v for k, v in PROFILE.items() if k not in ("phone", "company_website")}),
        ({"first_name": "Ada", "company_name": "Engines Ltd"}, None),
    ],
    ids=["one-field", "two-fields", "whole-profile"],
)
def test_a_removed_profile_field_is_cleared_in_place(
    account: Driver, emulator: Emulator, before: dict[str, Any], after: dict[str, Any] | None
) -> None:
    state = account.create(declared(profile=before))
    wanted = declared(profile=after) if after is not None else {"offerings": [FREE, IP_ADDON]}
    assert_in_place(account.diff(state, wanted))
    emulator.clear_log()
    updated = account.update(state, wanted)
    made = counts(emulator)
    assert made.get("PATCH /v3/user/profile") == 1, made
    assert CREATE not in made and not any(k.startswith("DELETE") for k in made)
    remote = profile_of(emulator, state.id)
    for name in before:
        if name in ("email", "timezone"):
            continue
        assert remote[name] == (after or {}).get(name, ""), (name, remote)
    account.refresh(updated, wanted)


@pytest.mark.parametrize(
    "after",
    [{k: v for k, v in PROFILE.items() if k != "email"}, None],
    ids=["email", "whole-profile"],
)
def test_removing_what_no_call_removes_replaces(
    account: Driver, after: dict[str, Any] | None
) -> None:
    state = account.create(declared())
    wanted = declared(profile=after) if after is not None else {"offerings": [FREE, IP_ADDON]}
    assert changes(account.diff(state, wanted)) == (True, ["profile"])


def test_a_time_zone_change_replaces_deleting_first(account: Driver) -> None:
    state = account.create(declared())
    moved = declared(profile={**PROFILE, "timezone": "Asia/Tokyo"})
    result = account.diff(state, moved)
    assert changes(result) == (True, ["profile"])
    assert result.delete_before_replace is True  # the same email marks the new one
    other = declared(profile={**PROFILE, "timezone": "Asia/Tokyo", "email": "x@example.com"})
    assert not account.diff(state, other).delete_before_replace


def test_drift_is_read_and_repaired(account: Driver, emulator: Emulator) -> None:
    state = account.create(declared(state="deactivated"))
    partners(emulator, "PUT", f"/{state.id}/state", {"state": "activated"})
    partners(emulator, "PUT", f"/{state.id}/offerings", {"offerings": [PRO]})
    on_behalf(emulator, f"account-id {state.id}", "PATCH", "user/profile", {"company": "Other"})
    fresh = account.read(state)
    assert fresh is not None
    assert fresh.outputs["state"] == "activated"
    assert fresh.outputs["offerings"] == [PRO]
    assert fresh.outputs["profile"]["company_name"] == "Other"
    assert_in_place(account.diff(fresh, declared(state="deactivated")))
    repaired = account.update(fresh, declared(state="deactivated"))
    remote = accounts(emulator)[state.id]
    assert (remote["state"], remote["offerings"]) == ("deactivated", [FREE, IP_ADDON])
    assert profile_of(emulator, state.id)["company_name"] == "Engines Ltd"
    account.refresh(repaired, declared(state="deactivated"))


@pytest.mark.parametrize("locked", ["suspended", "banned"])
def test_a_locked_account_is_read_and_not_changed(
    account: Driver, emulator: Emulator, locked: str
) -> None:
    state = account.create(declared())
    resp = emulator.http.put(
        f"{emulator.url}/_emulator/accounts/{state.id}/state", json={"state": locked}
    )
    assert resp.status_code == 200, resp.text
    fresh = account.read(state)
    assert fresh is not None and fresh.outputs["state"] == locked
    assert_in_place(account.diff(fresh, declared()))
    with pytest.raises(ProviderError, match=f"is {locked} by SendGrid"):
        account.update(fresh, declared())
    assert accounts(emulator)[state.id]["state"] == locked


def test_delete_and_delete_of_an_account_gone(account: Driver, emulator: Emulator) -> None:
    state = account.create(declared())
    account.delete(state)
    assert accounts(emulator) == {}
    assert account.read(state) is None
    account.delete(state)


@pytest.mark.parametrize("marked", [True, False], ids=["profile-email", "no-profile"])
def test_lost_create_answer_makes_one_account(
    account: Driver, emulator: Emulator, marked: bool
) -> None:
    wanted: dict[str, Any] = {"offerings": [FREE, IP_ADDON], "state": "deactivated"}
    if marked:
        wanted["profile"] = {"email": "lost@example.com", "first_name": "Lost"}
    fault(emulator, method="POST", path=r"^/v3/partners/accounts$", drop_after_commit=True, count=1)
    emulator.clear_log()
    state = account.create(wanted)
    (remote,) = accounts(emulator).values()
    assert state.id == remote["id"] and remote["state"] == "deactivated"
    assert counts(emulator)[CREATE] == 1  # found by listing, not sent again
    account.refresh(state, wanted)


def test_its_own_account_is_found_by_the_profile_email(account: Driver, emulator: Emulator) -> None:
    # What a run killed after its create left behind.
    earlier = partners(emulator, "POST", "", {"offerings": [FREE, IP_ADDON], "profile": PROFILE})
    emulator.clear_log()
    state = account.create(declared(state="deactivated"))
    assert state.id == earlier["account_id"]
    assert CREATE not in counts(emulator)
    assert accounts(emulator)[state.id]["state"] == "deactivated"
    account.refresh(state, declared(state="deactivated"))


def test_the_same_email_with_other_offerings_is_not_taken(
    account: Driver, emulator: Emulator
) -> None:
    partners(emulator, "POST", "", {"offerings": [PRO], "profile": PROFILE})
    with pytest.raises(ProviderError, match="with other offerings") as info:
        account.create(declared())
    assert "adopt_account_id" in str(info.value)
    assert len(accounts(emulator)) == 1


def test_adopt_by_account_id(account: Driver, emulator: Emulator) -> None:
    earlier = partners(emulator, "POST", "", {"offerings": [PRO]})["account_id"]
    wanted = {
        "offerings": [FREE, IP_ADDON],
        "state": "deactivated",
        "adopt": True,
        "adopt_account_id": earlier,
    }
    state = account.create(wanted)
    assert state.id == earlier
    remote = accounts(emulator)[earlier]
    assert (remote["offerings"], remote["state"]) == ([FREE, IP_ADDON], "deactivated")
    account.refresh(state, wanted)
    with pytest.raises(NotFoundError, match="account not found"):
        account.create({**wanted, "adopt_account_id": "no-such-account"})
