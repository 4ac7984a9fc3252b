"""Request models are strict, response models lenient and v2 strings become types."""

from __future__ import annotations

import datetime

import pytest
from pydantic import SecretStr, ValidationError

from pulumi_sendgrid_reseller.client import (
    Customer,
    CustomerCreate,
    CustomerFilter,
    EventWebhookTest,
    IpUsage,
    MonitorSettings,
    ProfileUpdate,
    Reputation,
    SendIps,
    Subuser,
    SubuserCreate,
    SubuserCreated,
    SubuserCredits,
    UserProfile,
    UserProfileUpdate,
)

BASE = {
    "username": "newcustomer@example.com",
    "password": "samplepassword",
    "email": "newcustomer@example.com",
    "first_name": "fname",
    "last_name": "lname",
    "address": "555 anystreet",
    "city": "any city",
    "state": "CA",
    "zip": "91234",
    "country": "US",
    "phone": "555-555",
    "website": "example.com",
}


def _locs(exc: ValidationError) -> set[str]:
    return {".".join(str(p) for p in err["loc"]) for err in exc.errors()}


# ---- v2 coercion -------------------------------------------------------------------


def test_customer_coerces_v2_strings() -> None:
    c = Customer.model_validate(
        {"id": "123", "username": "u", "email": "e@example.com", "active": "true", "zip": "91234"}
    )
    assert c.id == 123 and isinstance(c.id, int)
    assert c.active is True
    assert c.zip == "91234"
    off = Customer.model_validate({"id": "7", "username": "u", "email": "e", "active": "false"})
    assert off.active is False
    assert Customer.model_validate({"username": "u", "email": "e", "active": "1"}).active is True
    assert Customer.model_validate({"username": "u", "email": "e", "active": "0"}).active is False


def test_customer_keeps_unknown_fields_and_tolerates_missing_id() -> None:
    c = Customer.model_validate(
        {"username": "u", "email": "e", "active": "true", "company": "ACME", "new_thing": "x"}
    )
    assert c.id is None
    assert c.model_extra == {"company": "ACME", "new_thing": "x"}
    assert c.website is None


def test_customer_rejects_garbage_booleans() -> None:
    with pytest.raises(ValidationError) as info:
        Customer.model_validate({"username": "u", "email": "e", "active": "maybe"})
    assert "active" in _locs(info.value)


def test_subuser_and_reputation_types() -> None:
    s = Subuser.model_validate(
        {"id": "1", "username": "a", "email": "a@example.com", "disabled": "true", "x": 1}
    )
    assert (s.id, s.disabled, s.region) == (1, True, None)
    assert s.model_extra == {"x": 1}
    assert Subuser.model_validate({"id": 2, "username": "b", "email": "b"}).disabled is False
    r = Reputation.model_validate({"username": "a", "reputation": "99.5"})
    assert r.reputation == 99.5


def test_send_ips_flattens_objects() -> None:
    s = SendIps.model_validate(
        {"success": "success", "outboundcluster": "o1", "ips": [{"ip": "1.2.3.4"}, "5.6.7.8"]}
    )
    assert s.ips == ["1.2.3.4", "5.6.7.8"]
    assert s.outboundcluster == "o1"
    assert s.model_extra == {"success": "success"}
    assert IpUsage.model_validate({"ip": "1.1.1.1", "user": "u"}).user == "u"


def test_subuser_created_drops_echoed_password() -> None:
    created = SubuserCreated.model_validate(
        {"username": "John", "email": "j@example.com", "password": "johns_password", "ips": []}
    )
    assert "johns_password" not in repr(created)
    assert "password" not in (created.model_extra or {})
    assert created.model_extra == {"ips": []}
    assert SubuserCreated.model_validate({"username": "x", "user_id": "42"}).user_id == 42


# ---- strict inputs -------------------------------------------------------------------


def test_customer_create_valid_and_form() -> None:
    req = CustomerCreate(
        **BASE,
        company="company",
        whitelabel="sendgrid.me",
        free_user=True,
        ips=["192.0.2.10", "192.0.2.11"],
        ip_groups=["g1"],
        billing_date=datetime.date(2030, 1, 31),
    )
    form = req.to_form()
    assert form["password"] == "samplepassword"
    assert form["confirm_password"] == "samplepassword"
    assert form["free_user"] == "true"
    assert form["ip[]"] == ["192.0.2.10", "192.0.2.11"]
    assert form["ip_group[]"] == ["g1"]
    assert form["billing_date"] == "2030-01-31"
    assert "package" not in form
    assert "samplepassword" not in repr(req)
    assert isinstance(req.password, SecretStr)


def test_customer_create_refuses_extra_fields() -> None:
    with pytest.raises(ValidationError) as info:
        CustomerCreate(**BASE, favourite_colour="blue")  # type: ignore[call-arg]
    assert "favourite_colour" in _locs(info.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "u" * 65),
        ("first_name", "f" * 51),
        ("last_name", "l" * 51),
        ("address", "a" * 101),
        ("city", "c" * 101),
        ("state", "s" * 101),
        ("zip", "z" * 51),
        ("country", "c" * 101),
        ("phone", "p" * 51),
        ("website", "w" * 256),
        ("email", "not-an-email"),
        ("email", "x" * 60 + "@example.com"),
        ("password", "short"),
        ("password", "p" * 129),
        ("username", "has space"),
        ("username", "me@sendgrid.com"),
    ],
)
def test_customer_create_rules_name_the_field(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as info:
        CustomerCreate(**{**BASE, field: value})
    assert _locs(info.value) == {field}


def test_customer_create_ip_syntax_and_confirmation() -> None:
    with pytest.raises(ValidationError) as info:
        CustomerCreate(**BASE, ips=["192.0.2.300"])
    assert _locs(info.value) == {"ips.0"}
    with pytest.raises(ValidationError) as info2:
        CustomerCreate(**BASE, confirm_password="different-one")
    assert "password and confirm_password do not match" in str(info2.value)
    ok = CustomerCreate(**BASE, confirm_password="samplepassword")
    assert ok.to_form()["confirm_password"] == "samplepassword"


def test_validation_errors_never_echo_passwords() -> None:
    with pytest.raises(ValidationError) as info:
        CustomerCreate(**{**BASE, "password": "abc12"})
    assert "abc12" not in str(info.value)
    with pytest.raises(ValidationError) as info2:
        SubuserCreate(username="s", email="s@example.com", password="tiny", ips=["192.0.2.1"])
    assert "tiny" not in str(info2.value)
    assert "must be at least 6 characters" in str(info2.value)


def test_profile_update_needs_one_field_and_sends_only_set_ones() -> None:
    with pytest.raises(ValidationError) as info:
        ProfileUpdate()
    assert "at least one profile field must be set" in str(info.value)
    with pytest.raises(ValidationError) as info2:
        ProfileUpdate(first_name="x" * 51)
    assert _locs(info2.value) == {"first_name"}
    assert ProfileUpdate(first_name="A", company="").to_form() == {"first_name": "A", "company": ""}
    with pytest.raises(ValidationError):
        ProfileUpdate(email="x@example.com")  # type: ignore[call-arg]


def test_customer_filter_form() -> None:
    f = CustomerFilter(username="john", active=False, id=5)
    assert f.to_form() == {"id": "5", "username": "john", "active": "false"}
    with pytest.raises(ValidationError):
        CustomerFilter(nickname="x")  # type: ignore[call-arg]


def test_subuser_create_rules() -> None:
    ok = SubuserCreate(
        username="John@example.com",
        email="John@example.com",
        password="johns_password",
        ips=["1.1.1.1", "2.2.2.2"],
        region="eu",
    )
    assert ok.to_json() == {
        "username": "John@example.com",
        "email": "John@example.com",
        "password": "johns_password",
        "ips": ["1.1.1.1", "2.2.2.2"],
        "region": "eu",
        "include_region": True,
    }
    bad = {"username": "a", "email": "a@example.com", "password": "secret123"}
    with pytest.raises(ValidationError) as info:
        SubuserCreate(**bad, ips=[])
    assert _locs(info.value) == {"ips"}
    with pytest.raises(ValidationError) as info2:
        SubuserCreate(**bad, ips=["192.0.2.1", "192.0.2.1"])
    assert "ips: must not contain duplicates" in str(info2.value)
    with pytest.raises(ValidationError) as info3:
        SubuserCreate(**bad, ips=["192.0.2.1"], region="mars")
    assert _locs(info3.value) == {"region"}


def test_monitor_settings_rules() -> None:
    assert MonitorSettings(email="test@example.com", frequency=500).frequency == 500
    assert MonitorSettings(email="test@example.com", frequency=500.0).frequency == 500
    for kwargs, loc in [
        ({"email": "test@example.com", "frequency": 0}, "frequency"),
        ({"email": "nope", "frequency": 5}, "email"),
        ({"email": "test@example.com", "frequency": 5, "extra": 1}, "extra"),
    ]:
        with pytest.raises(ValidationError) as info:
            MonitorSettings(**kwargs)
        assert _locs(info.value) == {loc}


def test_subuser_credits_read_the_table_fields_leniently() -> None:
    got = SubuserCredits.model_validate(
        {"type": "recurring", "reset_frequency": "monthly", "total": 100, "remain": 90, "used": 10}
    )
    assert (got.type, got.reset_frequency, got.total, got.remain, got.used) == (
        "recurring",
        "monthly",
        100,
        90,
        10,
    )
    # What SendGrid reports is read, not judged by the input rules (a type unknown here).
    assert SubuserCredits.model_validate({"type": "someday", "total": 0}).total == 0
    assert SubuserCredits.model_validate({"type": "unlimited"}).reset_frequency is None
    with pytest.raises(ValidationError):
        SubuserCredits.model_validate({"total": 5})  # an answer always names its type
    with pytest.raises(ValidationError):
        SubuserCredits.model_validate({"type": "nonrecurring", "total": "many"})


def test_user_profile_update_takes_the_profile_fields_each_optional() -> None:
    assert set(UserProfileUpdate.model_fields) == set(UserProfile.model_fields)
    update = UserProfileUpdate(first_name="Mei", website="")
    assert update.model_dump(exclude_none=True) == {"first_name": "Mei", "website": ""}
    with pytest.raises(ValidationError):
        UserProfileUpdate(address="1 Main St")


def test_event_webhook_test_keeps_the_webhook_rules() -> None:
    req = EventWebhookTest(
        url="https://hooks.example.com/in",
        id="abc",
        oauth_client_id="client",
        oauth_client_secret="s3cret",
        oauth_token_url="https://auth.example.com/token",
    )
    assert req.to_json() == {
        "url": "https://hooks.example.com/in",
        "id": "abc",
        "oauth_client_id": "client",
        "oauth_client_secret": "s3cret",
        "oauth_token_url": "https://auth.example.com/token",
    }
    assert EventWebhookTest(url="http://127.0.0.1:9/in").to_json() == {
        "url": "http://127.0.0.1:9/in"
    }
    for bad in ({"url": "ftp://example.com"}, {"url": "https://a.example", "oauth_client_id": " "}):
        with pytest.raises(ValidationError):
            EventWebhookTest(**bad)
