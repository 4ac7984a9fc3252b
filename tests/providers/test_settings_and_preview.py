"""What every provider shares: where its settings come from, secrets in errors, previews."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import EMULATOR_KEY, EMULATOR_USER, Emulator
from pulumi_sendgrid_reseller import (
    AuthenticationError,
    CredentialsError,
    Customer,
    Subuser,
    SubuserMonitor,
)

from .conftest import UNKNOWN, Drive, Driver, assert_in_place, changes, configure

SUBUSER: dict[str, Any] = {
    "username": "shop-mail",
    "email": "mail@shop.example.com",
    "password": "Subuser-pass-1234",
    "ips": ["192.0.2.10"],
}


def test_the_environment_stands_in_for_the_stack_configuration(
    drive: Drive, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    subuser = drive(Subuser)
    configure(subuser.provider, {})
    for name, value in emulator.env().items():
        monkeypatch.setenv(name, value)
    state = subuser.create(SUBUSER)
    assert emulator.accounts()["shop-mail"]["user_id"] == state.outputs["user_id"]


def test_missing_settings_are_explained(drive: Drive) -> None:
    subuser = drive(Subuser)
    configure(subuser.provider, {})
    with pytest.raises(CredentialsError) as info:
        subuser.create(SUBUSER)
    message = str(info.value)
    assert "sendgrid-reseller:apiKey" in message and "SENDGRID_API_KEY" in message


def test_resource_credentials_win_and_a_refused_key_is_never_shown(
    drive: Drive, emulator: Emulator
) -> None:
    subuser = drive(Subuser)
    configure(subuser.provider, {"sendgrid-reseller:apiUrl": "http://127.0.0.1:9"})
    own = {"api_url": emulator.url, "api_user": EMULATOR_USER}
    state = subuser.create({**SUBUSER, **own, "api_key": EMULATOR_KEY})
    assert state.outputs["user_id"] == emulator.accounts()["shop-mail"]["user_id"]
    subuser.refresh(state, {**SUBUSER, **own, "api_key": EMULATOR_KEY})

    wrong = "SG.wrong-key-0123456789"
    with pytest.raises(AuthenticationError) as info:
        subuser.create({**SUBUSER, **own, "username": "other-mail", "api_key": wrong})
    assert wrong not in str(info.value)
    assert wrong not in repr(info.value.args)


def test_check_failures_never_echo_a_password(drive: Drive, emulator: Emulator) -> None:
    customer = drive(Customer)
    found = customer.failures(
        {"username": "acme", "password": "Secret-pass-1", "email": "a@example.com", "zip": 9}
    )
    assert all("Secret-pass-1" not in reason for reason in found.values())
    assert "first_name" in found  # the profile fields reseller.add needs


def test_unknown_inputs_in_a_preview(drive: Drive) -> None:
    subuser: Driver = drive(Subuser)
    state = subuser.create(SUBUSER)
    # A value known only after another resource changes: a change in place, still unknown.
    result = subuser.diff(state, {**SUBUSER, "email": UNKNOWN})
    assert_in_place(result)
    assert changes(subuser.diff(state, {**SUBUSER, "region": UNKNOWN})) == (True, ["region"])

    monitor = drive(SubuserMonitor)
    checked = monitor.check({"subuser": UNKNOWN, "email": "a@shop.example.com", "frequency": 5})
    assert checked.failures == []
    assert checked.inputs["subuser"] == UNKNOWN
