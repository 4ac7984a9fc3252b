"""Account Provisioning (``client.accounts``) against the emulator over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from pulumi_sendgrid_reseller.client import (
    AccountCreate,
    AccountOffering,
    APIConnectionError,
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    SendGridClient,
    UserProfileUpdate,
)

from .conftest import Control, MakeClient

FREE: dict[str, Any] = {"name": "org.ei.free.v1", "type": "package"}
ADDON: dict[str, Any] = {"name": "org.dedicated_ip.v1", "type": "addon", "quantity": 2}


def account(**fields: Any) -> AccountCreate:
    return AccountCreate.model_validate({"offerings": [FREE], **fields})


def partners_state(emu: Control) -> list[dict[str, Any]]:
    accounts: list[dict[str, Any]] = emu.state()["partner_accounts"]
    return accounts


def test_create_read_change_delete(client: SendGridClient, emu: Control) -> None:
    req = account(
        offerings=[ADDON, FREE],
        profile={"email": "owner@example.com", "timezone": "Asia/Tokyo", "phone": "+81312345678"},
    )
    account_id = client.accounts.create(req)
    assert client.accounts.get_state(account_id) == "activated"
    offerings = client.accounts.get_offerings(account_id)
    assert [(o.name, o.type, o.quantity) for o in offerings] == [
        ("org.ei.free.v1", "package", 1),
        ("org.dedicated_ip.v1", "addon", 2),
    ]
    client.accounts.set_state(account_id, "deactivated")
    assert client.accounts.get_state(account_id) == "deactivated"
    pro = AccountOffering(name="org.ei.pro.v1", type="package")
    assert [o.name for o in client.accounts.set_offerings(account_id, [pro])] == ["org.ei.pro.v1"]
    assert client.accounts.get_email(account_id) == "owner@example.com"
    profile = client.accounts.update_profile(
        account_id, UserProfileUpdate(first_name="Mei", company="Kaisha", website="https://k.jp")
    )
    assert (profile.first_name, profile.company, profile.website) == (
        "Mei",
        "Kaisha",
        "https://k.jp",
    )
    assert client.accounts.get_profile(account_id).phone == "+81312345678"
    assert client.accounts.set_email(account_id, "new@example.com") == "new@example.com"
    (stored,) = partners_state(emu)
    assert stored["email"] == "new@example.com"
    assert client.accounts.get_profile(account_id).company == "Kaisha"
    assert stored["test_account"] is False

    client.accounts.delete(account_id)
    with pytest.raises(NotFoundError):
        client.accounts.get_state(account_id)
    with pytest.raises(NotFoundError):
        client.accounts.delete(account_id)


def test_test_account_sends_the_header(client: SendGridClient, emu: Control) -> None:
    client.accounts.create(account(test_account=True))
    client.accounts.create(account())
    assert [a["test_account"] for a in partners_state(emu)] == [True, False]


def test_iter_reads_every_page(client: SendGridClient, emu: Control) -> None:
    ids = [
        client.accounts.create(account(profile={"email": f"u{n}@example.com"})) for n in range(7)
    ]
    emu.clear_log()
    assert [a.id for a in client.accounts.iter(page_size=3)] == ids
    assert emu.count("GET /v3/partners/accounts") == 3
    first = client.accounts.list(limit=2)
    assert [a.email for a in first.accounts] == ["u0@example.com", "u1@example.com"]
    assert first.pages.last == ids[1]
    assert [a.id for a in client.accounts.list(limit=100, offset=ids[4]).accounts] == ids[5:]
    with pytest.raises(ValueError, match="page_size"):
        next(client.accounts.iter(page_size=101))


def test_catalog_is_typed(client: SendGridClient) -> None:
    catalog = client.accounts.catalog()
    free = catalog[0]
    assert (free.name, free.type) == ("org.ei.free.v1", "package")
    assert free.entitlements.email_sends_max_monthly == 10000
    assert {o.type for o in catalog} == {"package", "addon"}


def test_errors_are_typed_and_name_the_field(client: SendGridClient, emu: Control) -> None:
    account_id = client.accounts.create(account())
    with pytest.raises(InvalidRequestError) as caught:
        client.accounts.set_offerings(
            account_id, [AccountOffering.model_construct(name="org.ei.nope", type="package")]
        )
    assert [f for f in caught.value.fields if f.startswith("offerings[0]")], caught.value.fields
    emu._call("PUT", f"/accounts/{account_id}/state", json={"state": "banned"})
    assert client.accounts.get_state(account_id) == "banned"
    with pytest.raises(InvalidRequestError, match="banned"):  # the emulator answers 400
        client.accounts.set_state(account_id, "activated")
    with pytest.raises(NotFoundError):
        client.accounts.get_offerings("sg0000")


def test_wrong_key(make_client: MakeClient) -> None:
    with pytest.raises(AuthenticationError):
        make_client(api_key="SG.wrong").accounts.catalog()


def test_request_models_refuse_bad_input() -> None:
    with pytest.raises(ValidationError, match="exactly one package"):
        AccountCreate.model_validate({"offerings": [ADDON]})
    with pytest.raises(ValidationError, match=r"E\.164"):
        account(profile={"phone": "555-1234"})
    with pytest.raises(ValidationError, match="IANA"):
        account(profile={"timezone": "Europe/Atlantis"})
    with pytest.raises(ValidationError):
        AccountOffering(name="org.ei.free.v1", type="package", quantity=2)


def test_lost_create_answer_is_not_repeated(client: SendGridClient, emu: Control) -> None:
    emu.fault(method="POST", path=r"^/v3/partners/accounts$", drop_after_commit=True, count=1)
    with pytest.raises(APIConnectionError):
        client.accounts.create(account())
    assert len(partners_state(emu)) == 1  # committed once, never sent again
