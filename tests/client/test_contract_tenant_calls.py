"""The calls that act for a subuser (``on-behalf-of``), website access, credits and API keys,
against the emulator over HTTP."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pulumi_sendgrid_reseller.client import (
    AlreadyExistsError,
    APIConnectionError,
    ApiKeyCreate,
    AuthenticationError,
    CreditsUpdate,
    InvalidRequestError,
    NotFoundError,
    SendGridClient,
)

from ._data import subuser
from .conftest import Control


@pytest.fixture
def tenant(client: SendGridClient) -> int:
    """A subuser ``tenant`` (password ``sub-password-1``); its user id."""
    created = client.subusers.create(subuser("tenant"))
    assert created.user_id is not None
    return created.user_id


def test_user_calls_on_behalf_of_a_subuser(
    client: SendGridClient, emu: Control, tenant: int
) -> None:
    sub = client.acting_for("tenant")
    assert sub.user.get_email() == "tenant@example.com"
    assert sub.user.set_email("new@tenant.example.com") == "new@tenant.example.com"
    assert emu.account("tenant")["email"] == "new@tenant.example.com"  # type: ignore[index]
    # The parent's own address is untouched: the header made the difference.
    assert client.user.get_email() != "new@tenant.example.com"

    with pytest.raises(InvalidRequestError) as info:
        sub.user.set_password("not-the-password", "other-password-2")
    assert "old_password" in str(info.value)
    assert "not-the-password" not in str(info.value) and "other-password-2" not in str(info.value)
    sub.user.set_password("sub-password-1", "other-password-2")
    sub.user.set_password("other-password-2", "third-password-3")  # the new one is current

    me = sub.user.get_username()
    assert (me.username, me.user_id) == ("tenant", tenant)
    assert sub.user.set_username("tenant-renamed") == "tenant-renamed"
    renamed = client.acting_for("tenant-renamed").user.get_username()
    assert (renamed.username, renamed.user_id) == ("tenant-renamed", tenant)
    assert client.subusers.get("tenant") is None
    found = client.subusers.find_by_id(tenant)
    assert found is not None and found.username == "tenant-renamed"
    # The old name no longer acts for anyone.
    with pytest.raises(AuthenticationError):
        sub.user.get_email()
    assert emu.count("PUT /v3/user/username") == 1


def test_username_taken_and_bad_input(client: SendGridClient, tenant: int) -> None:
    client.subusers.create(subuser("other", ips=["192.0.2.11"]))
    with pytest.raises(AlreadyExistsError):
        client.acting_for("tenant").user.set_username("other")
    with pytest.raises(ValidationError) as info:
        client.acting_for("tenant").user.set_username("has space")
    assert "username" in str(info.value)


def test_website_access(client: SendGridClient, emu: Control, tenant: int) -> None:
    client.subusers.set_website_access("tenant", False)
    assert emu.account("tenant")["website_access"] is False  # type: ignore[index]
    client.subusers.set_website_access("tenant", True)
    assert emu.account("tenant")["website_access"] is True  # type: ignore[index]


def test_credits(client: SendGridClient, tenant: int) -> None:
    assert client.subusers.get_credits("tenant").type == "unlimited"
    got = client.subusers.set_credits(
        "tenant", CreditsUpdate(type="recurring", total=1000, reset_frequency="monthly")
    )
    assert (got.type, got.total, got.remain, got.used, got.reset_frequency) == (
        "recurring",
        1000,
        1000,
        0,
        "monthly",
    )
    assert client.subusers.get_credits("tenant") == got
    once = client.subusers.set_credits("tenant", CreditsUpdate(type="nonrecurring", total=50))
    assert (once.type, once.remain, once.total, once.reset_frequency) == (
        "nonrecurring",
        50,
        None,
        None,
    )
    back = client.subusers.set_credits("tenant", CreditsUpdate(type="unlimited"))
    assert (back.type, back.remain, back.total) == ("unlimited", None, None)
    with pytest.raises(NotFoundError):
        client.subusers.get_credits("nobody")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "recurring", "total": 5}, "reset_frequency: is required"),
        ({"type": "nonrecurring"}, "total: is required"),
        ({"type": "unlimited", "total": 5}, "total: must not be given"),
        ({"type": "nonrecurring", "total": 5, "reset_frequency": "daily"}, "reset_frequency"),
        ({"type": "recurring", "total": 0, "reset_frequency": "daily"}, "total"),
        ({"type": "sometimes"}, "type"),
    ],
)
def test_credit_rules(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        CreditsUpdate.model_validate(fields)


def test_api_keys_of_a_subuser(client: SendGridClient, emu: Control, tenant: int) -> None:
    keys = client.acting_for("tenant").api_keys
    created = keys.create(ApiKeyCreate(name="app", scopes=["mail.send", "alerts.read"]))
    secret = created.api_key.get_secret_value()
    assert secret.startswith("SG.")
    assert secret not in repr(created) and secret not in str(created.model_dump())
    # The transport (and the client it came from) now removes the key from any text.
    assert secret not in keys._t.redactor(f"oops {secret}")
    assert secret not in client.transport.redactor(f"oops {secret}")

    assert [(k.api_key_id, k.name) for k in keys.list()] == [(created.api_key_id, "app")]
    got = keys.get(created.api_key_id)
    assert sorted(got.scopes or []) == ["alerts.read", "mail.send"]
    # Keys belong to the account they were made for.
    assert client.api_keys.list() == []
    with pytest.raises(NotFoundError):
        client.api_keys.get(created.api_key_id)

    put = keys.update(created.api_key_id, ApiKeyCreate(name="app2", scopes=["mail.send"]))
    assert (put.name, put.scopes) == ("app2", ["mail.send"])
    assert keys.rename(created.api_key_id, "app3").name == "app3"
    state = {k["api_key_id"]: k for k in emu.state()["api_keys"]}
    assert state[created.api_key_id]["owner"] == "tenant"
    assert secret not in str(emu.state()) and secret not in str(emu.log())

    keys.delete(created.api_key_id)
    with pytest.raises(NotFoundError):
        keys.get(created.api_key_id)
    with pytest.raises(NotFoundError):
        keys.delete(created.api_key_id)


def test_full_access_key_of_the_parent(client: SendGridClient) -> None:
    created = client.api_keys.create(ApiKeyCreate(name="ops"))
    assert created.scopes  # SendGrid grants every permission
    assert client.api_keys.get(created.api_key_id).name == "ops"


def test_unknown_scope_is_refused_before_any_call(client: SendGridClient, emu: Control) -> None:
    with pytest.raises(ValidationError) as info:
        ApiKeyCreate(name="x", scopes=["mail.send", "mail.sned"])
    assert "'mail.sned'" in str(info.value)
    assert emu.count("POST /v3/api_keys") == 0


def test_lost_create_answer_is_not_repeated(
    client: SendGridClient, emu: Control, tenant: int
) -> None:
    emu.fault(method="POST", path="^/v3/api_keys$", drop_after_commit=True, count=1)
    keys = client.acting_for("tenant").api_keys
    with pytest.raises(APIConnectionError) as info:
        keys.create(ApiKeyCreate(name="lost"))
    assert "not retried" in str(info.value)
    assert [k.name for k in keys.list()] == ["lost"]  # made once; its secret is gone
    assert emu.count("POST /v3/api_keys") == 1


def test_on_behalf_of_an_eu_subuser_goes_to_the_eu_endpoint(
    client: SendGridClient, emu: Control
) -> None:
    client.subusers.create(subuser("eu-tenant", region="eu"))
    emu.clear_log()
    eu = client.acting_for("eu-tenant", api_url=f"{emu.url}/eu")
    assert eu.api_url == f"{emu.url}/eu"
    assert eu.user.get_email() == "eu-tenant@example.com"
    paths = [entry["path"] for entry in emu.log()["requests"]]
    assert paths == ["/eu/v3/user/email"]


def test_eu_endpoint_setting() -> None:
    from pulumi_sendgrid_reseller.client import CredentialsError
    from pulumi_sendgrid_reseller.config import resolve_eu_api_url

    assert resolve_eu_api_url({}, environ={}) == "https://api.eu.sendgrid.com"
    env = {"SENDGRID_API_URL_EU": "http://127.0.0.1:8787/eu/"}
    assert resolve_eu_api_url({}, environ=env) == "http://127.0.0.1:8787/eu"
    config = {"sendgrid-reseller:apiUrlEu": "https://eu.example.com"}
    assert resolve_eu_api_url(config, environ=env) == "https://eu.example.com"
    with pytest.raises(CredentialsError) as info:
        resolve_eu_api_url({}, environ={"SENDGRID_API_URL_EU": "ftp://eu.example.com"})
    assert "sendgrid-reseller:apiUrlEu" in str(info.value) and "SENDGRID_API_URL_EU" in str(
        info.value
    )
