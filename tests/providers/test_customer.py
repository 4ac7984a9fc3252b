"""Customer's provider against the emulator: check, create, read, each update, reconcile."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Emulator
from profiles import customer_inputs
from pulumi_sendgrid_reseller import Customer, ProviderError

from .conftest import (
    UNKNOWN,
    Drive,
    Driver,
    assert_in_place,
    assert_no_change,
    changes,
    counts,
    fault,
    interrupted_creates,
)

PASSWORD = "Initial-pass-1234"
NEW_PASSWORD = "Changed-pass-5678"
MANAGE = "POST /apiv2/reseller.manage.json"


def declared(**overrides: Any) -> dict[str, Any]:
    fields = {"email": "ops@acme.example.com", "company": "Acme", "package": "Pro", **overrides}
    username = fields.pop("username", "acme-corp")
    password = fields.pop("password", PASSWORD)
    return customer_inputs(username, password, **fields)


@pytest.fixture
def customer(drive: Drive) -> Driver:
    return drive(Customer)


def test_check_names_field_and_rule_and_keeps_secrets_out(customer: Driver) -> None:
    found = customer.failures(
        declared(email="not-an-email", first_name="f" * 51, password="short", zip=None)
    )
    assert set(found) == {"email", "first_name", "password", "zip"}
    assert found["zip"] == "zip: is required"  # None reaches the provider as left out
    assert "valid email" in found["email"]
    assert "at most 50 characters" in found["first_name"]
    assert "at least 8 characters" in found["password"]
    assert all("short" not in reason.split(":", 1)[1] for reason in found.values())

    mismatch = customer.failures(declared(confirm_password="Other-pass-9999"))
    assert list(mismatch) == ["confirm_password"]
    assert "must match password" in mismatch["confirm_password"]
    assert PASSWORD not in mismatch["confirm_password"]
    assert "Other-pass-9999" not in mismatch["confirm_password"]

    missing = customer.failures({"username": "acme-corp", "password": PASSWORD})
    assert missing["email"] == "email: is required"


def test_check_leaves_unknowns_alone_and_fills_defaults(customer: Driver) -> None:
    result = customer.check(declared(username=UNKNOWN))
    assert result.failures == []
    assert result.inputs["username"] == UNKNOWN
    assert result.inputs["enabled"] is True and result.inputs["website_access"] is True


def test_create_read_and_refresh_without_phantom_diff(customer: Driver, emulator: Emulator) -> None:
    state = customer.create(declared(enabled=False, website_access=False))
    account = emulator.accounts()["acme-corp"]
    assert account["kind"] == "customer"
    assert (account["first_name"], account["package"], account["company"]) == ("Ada", "Pro", "Acme")
    assert account["active"] is False and account["website_access"] is False
    assert state.id == str(account["user_id"])
    assert state.outputs["user_id"] == account["user_id"]
    assert state.outputs["active"] is False

    fresh = customer.refresh(state, declared(enabled=False, website_access=False))
    assert fresh.outputs["username"] == "acme-corp"
    assert fresh.inputs["email"] == "ops@acme.example.com"
    # What SendGrid cannot report (password, company, package) stays as declared.
    assert fresh.inputs["password"] == PASSWORD
    assert fresh.inputs["package"] == "Pro"


@pytest.mark.parametrize(
    ("change", "call", "remote"),
    [
        ({"email": "billing@acme.example.com"}, "task=setEmail", {}),
        (
            {"first_name": "Grace", "city": "Shelbyville", "phone": "555-0199"},
            "method=profile&task=set",
            {"first_name": "Grace", "city": "Shelbyville", "phone": "555-0199"},
        ),
        ({"company": "Acme Holdings"}, "method=profile&task=set", {"company": "Acme Holdings"}),
        ({"password": NEW_PASSWORD}, "method=password", {}),
        ({"enabled": False}, "method=disable", {"active": False}),
        ({"website_access": False}, "method=website_disable", {"website_access": False}),
    ],
)
def test_each_field_changes_in_place_through_its_call(
    customer: Driver,
    emulator: Emulator,
    change: dict[str, Any],
    call: str,
    remote: dict[str, Any],
) -> None:
    state = customer.create(declared())
    assert_in_place(customer.diff(state, declared(**change)))
    emulator.clear_log()
    updated = customer.update(state, declared(**change))
    made = counts(emulator)
    assert any(call in key for key in made), made
    assert "POST /apiv2/reseller.add.json" not in made
    account = emulator.accounts()["acme-corp"]
    expected = {**{k: v for k, v in change.items() if k in account}, **remote}
    assert {k: account[k] for k in expected} == expected
    assert updated.outputs["user_id"] == state.outputs["user_id"]
    customer.refresh(updated, declared(**change))


def test_rename_keeps_the_customer(customer: Driver, emulator: Emulator) -> None:
    state = customer.create(declared())
    assert_in_place(customer.diff(state, declared(username="acme-renamed")))
    emulator.clear_log()
    updated = customer.update(state, declared(username="acme-renamed"))
    assert any("task=setUsername" in key for key in counts(emulator))
    accounts = emulator.accounts()
    assert "acme-corp" not in accounts
    assert accounts["acme-renamed"]["user_id"] == state.outputs["user_id"]
    customer.refresh(updated, declared(username="acme-renamed"))


def test_replacement_needs_a_new_username(customer: Driver) -> None:
    state = customer.create(declared())
    with pytest.raises(ProviderError) as info:
        customer.diff(state, declared(package="Enterprise"))
    assert "package" in str(info.value) and "reserved" in str(info.value)
    for field, value in (
        ("package", "Enterprise"),
        ("whitelabel", "mail.example.com"),
        ("free_user", True),
        ("billing_date", "2027-01-15"),
    ):
        result = customer.diff(state, declared(username="acme-new", **{field: value}))
        assert changes(result) == (True, [field])


def test_drift_is_read_and_repaired(customer: Driver, emulator: Emulator) -> None:
    state = customer.create(declared(enabled=False))
    emulator.v2("reseller.manage", method="enable", user="acme-corp")
    emulator.v2(
        "reseller.manage", method="profile", task="set", user="acme-corp", first_name="Mallory"
    )
    fresh = customer.read(state)
    assert fresh is not None
    assert fresh.outputs["enabled"] is True and fresh.outputs["active"] is True
    assert fresh.outputs["first_name"] == "Mallory"
    assert_in_place(customer.diff(fresh, declared(enabled=False)))
    repaired = customer.update(fresh, declared(enabled=False))
    account = emulator.accounts()["acme-corp"]
    assert account["active"] is False and account["first_name"] == "Ada"
    customer.refresh(repaired, declared(enabled=False))


def test_renamed_outside_is_found_by_its_id(customer: Driver, emulator: Emulator) -> None:
    state = customer.create(declared())
    emulator.v2(
        "reseller.manage", method="profile", task="setUsername", user="acme-corp", username="x"
    )
    fresh = customer.read(state)
    assert fresh is not None and fresh.outputs["username"] == "x"
    assert_in_place(customer.diff(fresh, declared()))
    repaired = customer.update(fresh, declared())
    assert "acme-corp" in emulator.accounts()
    customer.refresh(repaired, declared())


def test_update_whose_premise_is_gone_reconciles(customer: Driver, emulator: Emulator) -> None:
    # As if an interrupted update had renamed the customer already (its outputs not kept).
    state = customer.create(declared())
    emulator.v2(
        "reseller.manage",
        method="profile",
        task="setUsername",
        user="acme-corp",
        username="acme-renamed",
    )
    emulator.clear_log()
    updated = customer.update(state, declared(username="acme-renamed", first_name="Grace"))
    accounts = emulator.accounts()
    assert "acme-corp" not in accounts
    assert accounts["acme-renamed"]["first_name"] == "Grace"
    assert accounts["acme-renamed"]["user_id"] == state.outputs["user_id"]
    # Refused once for the old name, not sent again for the new one.
    assert sum(1 for key in counts(emulator) if "task=setUsername" in key) == 1
    customer.refresh(updated, declared(username="acme-renamed", first_name="Grace"))


def test_update_of_a_customer_gone_says_so(customer: Driver, emulator: Emulator) -> None:
    state = customer.create(declared())
    emulator.v2("reseller.delete", user="acme-corp")
    with pytest.raises(ProviderError, match="no longer exists"):
        customer.update(state, declared(first_name="Grace"))


def test_delete_and_delete_of_a_customer_gone(customer: Driver, emulator: Emulator) -> None:
    state = customer.create(declared())
    customer.delete(state)
    assert "acme-corp" not in emulator.accounts()
    assert customer.read(state) is None
    customer.delete(state)  # gone already: deleted


def test_delete_after_a_rename_outside_deletes_by_id(customer: Driver, emulator: Emulator) -> None:
    state = customer.create(declared())
    emulator.v2(
        "reseller.manage", method="profile", task="setUsername", user="acme-corp", username="y"
    )
    customer.delete(state)
    assert "y" not in emulator.accounts()


def test_lost_create_answer_creates_once(customer: Driver, emulator: Emulator) -> None:
    fault(emulator, method="POST", path=r"reseller\.add", drop_after_commit=True, count=1)
    state = customer.create(declared(enabled=False))
    customers = [a for a in emulator.accounts().values() if a["kind"] == "customer"]
    assert len(customers) == 1
    assert state.id == str(customers[0]["user_id"])
    assert customers[0]["active"] is False
    assert counts(emulator)["POST /apiv2/reseller.add.json"] == 1


def test_existing_customer_is_taken_over_only_with_adopt(
    customer: Driver, emulator: Emulator
) -> None:
    made = customer_inputs("acme-corp", "Outside-pass-1234", email="ops@acme.example.com")
    emulator.v2("reseller.add", **made, confirm_password="Outside-pass-1234")
    with pytest.raises(ProviderError, match="already exists") as info:
        customer.create(declared(first_name="Grace"))
    assert "adopt=True" in str(info.value)
    assert emulator.accounts()["acme-corp"]["first_name"] == "Ada"

    state = customer.create(declared(first_name="Grace", adopt=True, enabled=False))
    account = emulator.accounts()["acme-corp"]
    assert (account["first_name"], account["company"], account["active"]) == (
        "Grace",
        "Acme",
        False,
    )
    assert state.id == str(account["user_id"])
    customer.refresh(state, declared(first_name="Grace", adopt=True, enabled=False))


def test_a_deleted_username_stays_reserved(customer: Driver) -> None:
    customer.delete(customer.create(declared()))
    with pytest.raises(ProviderError, match="reserved"):
        customer.create(declared(adopt=True))


def test_adopt_changes_no_call(customer: Driver, emulator: Emulator) -> None:
    state = customer.create(declared())
    assert_in_place(customer.diff(state, declared(adopt=True)))
    emulator.clear_log()
    updated = customer.update(state, declared(adopt=True))
    assert counts(emulator) == {}
    assert_no_change(customer.diff(updated, declared(adopt=True)))


def test_an_interrupted_runs_customer_is_taken_over_when_it_matches(
    customer: Driver, emulator: Emulator
) -> None:
    fault(emulator, method="POST", path=r"reseller\.add", drop_after_commit=True, count=2)
    fault(emulator, method="POST", path=r"task=get", status=400, count=2)
    printed = interrupted_creates(emulator, customer, declared(), declared(username="acme-other"))
    assert printed.count("InvalidRequestError") == 2 and PASSWORD not in printed
    assert {"acme-corp", "acme-other"} <= set(emulator.accounts())

    emulator.clear_log()
    state = customer.create(declared())
    assert state.id == str(emulator.accounts()["acme-corp"]["user_id"])
    assert counts(emulator)["POST /apiv2/reseller.add.json"] == 1  # refused: it exists
    customer.refresh(state, declared())

    # Another declaration of that username is not that run's: not taken.
    with pytest.raises(ProviderError, match=r"differs from the declaration \(first_name\)"):
        customer.create(declared(username="acme-other", first_name="Grace"))
    assert emulator.accounts()["acme-other"]["first_name"] == "Ada"


def test_a_company_left_out_is_cleared_not_ignored(customer: Driver, emulator: Emulator) -> None:
    state = customer.create(declared())
    without = {k: v for k, v in declared().items() if k != "company"}
    assert_in_place(customer.diff(state, without))
    updated = customer.update(state, without)
    assert emulator.accounts()["acme-corp"]["company"] == ""
    assert "company" not in updated.outputs
    customer.refresh(updated, without)
