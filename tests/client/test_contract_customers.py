"""v2 customers (reseller.add / delete / manage) against the emulator over HTTP."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from pulumi_sendgrid_reseller.client import (
    AlreadyExistsError,
    AuthenticationError,
    CustomerCreate,
    CustomerFilter,
    InvalidRequestError,
    NotFoundError,
    ProfileUpdate,
    SendGridClient,
)

from ._data import customer
from .conftest import Control, MakeClient


def test_add_then_get_returns_every_field(client: SendGridClient, emu: Control) -> None:
    client.customers.add(customer("alice@example.com", first_name="Alice", city="Paris"))
    got = client.customers.get("alice@example.com")
    assert got is not None
    assert isinstance(got.id, int) and got.id > 0
    assert got.username == "alice@example.com"
    assert got.email == "alice@example.com"
    assert got.active is True
    assert (got.first_name, got.last_name, got.city) == ("Alice", "Doe", "Paris")
    assert (got.address, got.state, got.zip, got.country) == ("555 Any Street", "CA", "91234", "US")
    assert (got.phone, got.website) == ("555-555-5555", "example.com")
    acct = emu.account("alice@example.com")
    assert acct is not None and acct["kind"] == "customer"
    assert "samplepassword" not in str(emu.state())


def test_add_with_ips_free_user_and_billing_date(client: SendGridClient, emu: Control) -> None:
    import datetime

    client.customers.add(
        customer(
            "ips@example.com",
            ips=["192.0.2.10", "192.0.2.11"],
            free_user=False,
            billing_date=datetime.date.today() + datetime.timedelta(days=5),
        )
    )
    acct = emu.account("ips@example.com")
    assert acct is not None
    assert sorted(acct["ips"]) == ["192.0.2.10", "192.0.2.11"]
    assert sorted(client.ips.get_send_ips("ips@example.com").ips) == ["192.0.2.10", "192.0.2.11"]


def test_duplicate_and_reserved_usernames(client: SendGridClient) -> None:
    client.customers.add(customer("dup@example.com"))
    with pytest.raises(AlreadyExistsError) as info:
        client.customers.add(customer("dup@example.com"))
    assert info.value.fields == ["username"]
    assert "already exists" in str(info.value)
    client.customers.delete("dup@example.com")
    assert client.customers.get("dup@example.com") is None
    with pytest.raises(AlreadyExistsError) as info2:
        client.customers.add(customer("dup@example.com"))
    assert "reserved" in str(info2.value)


def test_server_side_rules_name_the_field(client: SendGridClient) -> None:
    # Bypass the client's own validation to see the server's answer.
    long_name = CustomerCreate.model_construct(
        **{**customer("rules@example.com").__dict__, "first_name": "x" * 51}
    )
    with pytest.raises(InvalidRequestError) as info:
        client.customers.add(long_name)
    assert info.value.status_code == 400
    assert "first_name" in info.value.fields
    bad_ip = customer("rules@example.com", ips=["203.0.113.99"])
    with pytest.raises(InvalidRequestError) as info2:
        client.customers.add(bad_ip)
    assert "ip" in info2.value.fields
    assert client.customers.get("rules@example.com") is None


def test_list_filters(client: SendGridClient) -> None:
    client.customers.add(
        customer(
            "anna@alpha.example",
            first_name="Anna",
            last_name="Smith",
            address="1 Rue Alpha",
            city="Lyon",
            state="Rhone",
            zip="69001",
            country="FR",
            phone="111-111",
            website="alpha.example",
            company="AlphaCo",
        )
    )
    client.customers.add(customer("bob@beta.example", first_name="Bob", company="BetaCo"))
    client.customers.add(customer("carl@beta.example", first_name="Carl"))
    client.customers.disable("carl@beta.example")
    anna = client.customers.get("anna@alpha.example")
    assert anna is not None and anna.id is not None

    def names(**filters: object) -> list[str]:
        return sorted(c.username for c in client.customers.list(CustomerFilter(**filters)))

    assert names() == ["anna@alpha.example", "bob@beta.example", "carl@beta.example"]
    assert names(id=anna.id) == ["anna@alpha.example"]
    assert names(username="BETA") == ["bob@beta.example", "carl@beta.example"]
    assert names(email="alpha") == ["anna@alpha.example"]
    assert names(active=False) == ["carl@beta.example"]
    assert names(active=True) == ["anna@alpha.example", "bob@beta.example"]
    assert names(first_name="ann") == ["anna@alpha.example"]
    assert names(last_name="smith") == ["anna@alpha.example"]
    assert names(address="rue") == ["anna@alpha.example"]
    assert names(city="lyon") == ["anna@alpha.example"]
    assert names(state="rho") == ["anna@alpha.example"]
    assert names(country="fr") == ["anna@alpha.example"]
    assert names(zip="6900") == ["anna@alpha.example"]
    assert names(phone="111") == ["anna@alpha.example"]
    assert names(website="alpha.ex") == ["anna@alpha.example"]
    assert names(company="betaco") == ["bob@beta.example"]
    assert names(username="nobody") == []
    assert names(username="beta", first_name="bob") == ["bob@beta.example"]


def test_list_limit_and_offset(client: SendGridClient) -> None:
    for i in range(5):
        client.customers.add(customer(f"page{i}@example.com"))
    everyone = [c.username for c in client.customers.list()]
    assert len(everyone) == 5
    first = [c.username for c in client.customers.list(limit=2)]
    second = [c.username for c in client.customers.list(limit=2, offset=2)]
    rest = [c.username for c in client.customers.list(offset=4)]
    assert first == everyone[:2]
    assert second == everyone[2:4]
    assert rest == everyone[4:]


def test_get_is_exact(client: SendGridClient) -> None:
    client.customers.add(customer("sam@example.com"))
    client.customers.add(customer("sam@example.com.au"))
    got = client.customers.get("sam@example.com")
    assert got is not None and got.username == "sam@example.com"
    assert client.customers.get("sa") is None
    assert client.customers.get("missing@example.com") is None


def test_set_profile_changes_only_given_fields(client: SendGridClient) -> None:
    client.customers.add(customer("prof@example.com"))
    client.customers.set_profile(
        "prof@example.com", ProfileUpdate(first_name="Jane", city="Berlin", company="NewCo")
    )
    got = client.customers.get("prof@example.com")
    assert got is not None
    assert (got.first_name, got.city, got.last_name, got.zip) == ("Jane", "Berlin", "Doe", "91234")
    assert client.customers.list(CustomerFilter(company="newco"))[0].username == "prof@example.com"


def test_set_username_and_email(client: SendGridClient) -> None:
    client.customers.add(customer("old@example.com"))
    client.customers.set_username("old@example.com", "new@example.com")
    assert client.customers.get("old@example.com") is None
    renamed = client.customers.get("new@example.com")
    assert renamed is not None
    client.customers.set_email("new@example.com", "contact@example.org")
    changed = client.customers.get("new@example.com")
    assert changed is not None and changed.email == "contact@example.org"
    assert changed.id == renamed.id
    client.customers.add(customer("taken@example.com"))
    with pytest.raises(AlreadyExistsError):
        client.customers.set_username("new@example.com", "taken@example.com")


def test_set_password(client: SendGridClient, emu: Control) -> None:
    client.customers.add(customer("pw@example.com"))
    client.customers.set_password("pw@example.com", "another-password")
    client.customers.set_password("pw@example.com", SecretStr("third-password"))
    log = emu.log()
    assert log["counts"]["POST /apiv2/reseller.manage.json?method=password"] == 2
    assert "third-password" not in str(log)


def test_enable_disable_and_website_access(client: SendGridClient, emu: Control) -> None:
    client.customers.add(customer("sw@example.com"))
    client.customers.disable("sw@example.com")
    got = client.customers.get("sw@example.com")
    assert got is not None and got.active is False
    client.customers.enable("sw@example.com")
    got = client.customers.get("sw@example.com")
    assert got is not None and got.active is True
    client.customers.website_disable("sw@example.com")
    acct = emu.account("sw@example.com")
    assert acct is not None and acct["website_access"] is False
    client.customers.website_enable("sw@example.com")
    acct = emu.account("sw@example.com")
    assert acct is not None and acct["website_access"] is True


@pytest.mark.parametrize(
    "call",
    [
        "delete",
        "enable",
        "disable",
        "website_enable",
        "website_disable",
        "set_profile",
        "set_username",
        "set_email",
        "set_password",
    ],
)
def test_unknown_customer_is_not_found(client: SendGridClient, call: str) -> None:
    who = "ghost@example.com"
    with pytest.raises(NotFoundError) as info:
        if call == "set_profile":
            client.customers.set_profile(who, ProfileUpdate(first_name="x"))
        elif call == "set_username":
            client.customers.set_username(who, "ghost2@example.com")
        elif call == "set_email":
            client.customers.set_email(who, "g@example.com")
        elif call == "set_password":
            client.customers.set_password(who, "whatever-pw")
        else:
            getattr(client.customers, call)(who)
    assert "User not found" in str(info.value)


def test_wrong_credentials(make_client: MakeClient) -> None:
    bad = make_client(api_key="SG.wrong-key")
    with pytest.raises(AuthenticationError) as info:
        bad.customers.list()
    assert info.value.status_code == 401
    assert "SG.wrong-key" not in str(info.value)
    with pytest.raises(AuthenticationError):
        bad.subusers.list()
    wrong_user = make_client(api_user="someone-else")
    with pytest.raises(AuthenticationError):
        wrong_user.ips.list()
