"""The documented examples of customer management (both pages), over HTTP."""

from __future__ import annotations

import pytest

from ._documented import (
    _profile_fixture,
    assert_error_list,
    assert_profiles,
    assert_success,
    assert_user_not_found,
    doc_get,
    doc_post,
    make_customer,
)
from .conftest import Api

# === 002: customer management (newer page, POST forms) ======================================

ADD_002 = (
    "api_user=your_sendgrid_username&api_key=your_sendgrid_password"
    "&username=neweexampexample@example.com&website=example.com&password=samplepassword"
    "&confirm_password=samplepassword&first_name=fname&last_name=lname&address=555_anystreet"
    "&city=any_city&state=CA&zip=91234&email=neweexampexample@example.com&country=US"
    "&phone=555-555&free_user=true&company=company&whitelabel=sendgrid.me"
)
CREDS_002 = "api_user=your_sendgrid_username&api_key=your_sendgrid_password"
EXAMPLE_002 = "eexampexample@example.com"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_002_reseller_add(api: Api, fmt: str) -> None:
    assert_success(doc_post(api, f"reseller.add.{fmt}", ADD_002), fmt)
    account = api.account("neweexampexample@example.com")
    assert account is not None
    assert account["kind"] == "customer"
    assert account["free_user"] is True
    assert account["company"] == "company"
    assert account["whitelabel"] == "sendgrid.me"
    assert account["address"] == "555_anystreet"
    assert "password" not in account and "password_hash" not in account


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_002_reseller_delete(api: Api, fmt: str) -> None:
    make_customer(api, EXAMPLE_002)
    assert_success(doc_post(api, f"reseller.delete.{fmt}", f"{CREDS_002}&user={EXAMPLE_002}"), fmt)
    assert api.account(EXAMPLE_002) is None
    assert EXAMPLE_002 in api.state()["reserved_usernames"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_002_profile_get(api: Api, fmt: str) -> None:
    expected = _profile_fixture(api)
    response = doc_post(api, f"reseller.manage.{fmt}", f"{CREDS_002}&method=profile&task=get")
    assert_profiles(response, fmt, expected)


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("method", "field", "value"),
    [
        ("enable", "active", True),
        ("disable", "active", False),
        ("website_enable", "website_access", True),
        ("website_disable", "website_access", False),
    ],
)
def test_002_enable_disable(api: Api, fmt: str, method: str, field: str, value: bool) -> None:
    make_customer(api, EXAMPLE_002)
    # Start from the opposite so that the call visibly changes the state.
    opposite = {"enable": "disable", "disable": "enable"}
    opposite.update({"website_enable": "website_disable", "website_disable": "website_enable"})
    assert api.manage(method=opposite[method], user=EXAMPLE_002).status_code == 200
    assert api.account(EXAMPLE_002)[field] is (not value)  # type: ignore[index]
    response = doc_post(
        api, f"reseller.manage.{fmt}", f"{CREDS_002}&method={method}&user={EXAMPLE_002}"
    )
    assert_success(response, fmt)
    assert api.account(EXAMPLE_002)[field] is value  # type: ignore[index]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_002_profile_set(api: Api, fmt: str) -> None:
    make_customer(api, EXAMPLE_002)
    response = doc_post(
        api,
        f"reseller.manage.{fmt}",
        f"{CREDS_002}&method=profile&task=set&user={EXAMPLE_002}"
        "&first_name=newFirstName&last_name=newLastName",
    )
    assert_success(response, fmt)
    account = api.account(EXAMPLE_002)
    assert account is not None
    assert (account["first_name"], account["last_name"]) == ("newFirstName", "newLastName")
    assert account["city"] == "any city"  # untouched


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_002_password(api: Api, fmt: str) -> None:
    make_customer(api, EXAMPLE_002)
    # The documented example confirms "newPassword" for "newPasword": the documented rule
    # "confirm_password must match password" wins, so the literal request is refused...
    literal = doc_post(
        api,
        f"reseller.manage.{fmt}",
        f"{CREDS_002}&method=password&user={EXAMPLE_002}"
        "&password=newPasword&confirm_password=newPassword",
    )
    assert assert_error_list(literal, fmt) == ["password and confirm_password do not match"]
    # ...and the example with the typo mended succeeds.
    mended = doc_post(
        api,
        f"reseller.manage.{fmt}",
        f"{CREDS_002}&method=password&user={EXAMPLE_002}"
        "&password=newPassword&confirm_password=newPassword",
    )
    assert_success(mended, fmt)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_002_set_username(api: Api, fmt: str) -> None:
    make_customer(api, EXAMPLE_002)
    response = doc_post(
        api,
        f"reseller.manage.{fmt}",
        f"{CREDS_002}&method=profile&task=setUsername&user={EXAMPLE_002}"
        "&username=neweexampexample@example.com",
    )
    assert_success(response, fmt)
    assert api.account(EXAMPLE_002) is None
    assert api.account("neweexampexample@example.com") is not None


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_002_set_email(api: Api, fmt: str) -> None:
    make_customer(api, EXAMPLE_002)
    response = doc_post(
        api,
        f"reseller.manage.{fmt}",
        f"{CREDS_002}&method=profile&task=setEmail&user={EXAMPLE_002}"
        "&email=neweexampexample@example.com",
    )
    assert_success(response, fmt)
    assert api.account(EXAMPLE_002)["email"] == "neweexampexample@example.com"  # type: ignore[index]


# === 004: customer management (older page, GET query strings) ===============================

CREDS_004 = "api_user=username&api;_key=secureSecret"
CUSTOMER_004 = "customer@example.com"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_004_reseller_add(api: Api, fmt: str) -> None:
    # The XML example lacks company/package/whitelabel and the JSON one also free_user,
    # although the table marks them required: the examples win (they are optional).
    query = (
        f"{CREDS_004}&username;=newcustomer@example.com&website;=example.com"
        "&password;=samplepassword&confirm;_password=samplepassword&first;_name=fname"
        "&last;_name=lname&address;=555%20anystreet&city;=any%20city&state;=CA&zip;=91234"
        "&email;=newcustomer@example.com&country;=US&phone;=555-555"
    )
    if fmt == "xml":
        query += "&free;_user=true"
    assert_success(doc_get(api, f"reseller.add.{fmt}", query), fmt)
    account = api.account("newcustomer@example.com")
    assert account is not None
    assert account["address"] == "555 anystreet"
    assert account["free_user"] is (fmt == "xml")
    # Return - Error: the same request again is a duplicate.
    errors = assert_error_list(doc_get(api, f"reseller.add.{fmt}", query), fmt)
    assert errors == ["username already exists"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_004_reseller_delete(api: Api, fmt: str) -> None:
    make_customer(api, CUSTOMER_004)
    query = f"{CREDS_004}&user;={CUSTOMER_004}"
    assert_success(doc_get(api, f"reseller.delete.{fmt}", query), fmt)
    assert api.account(CUSTOMER_004) is None
    # Return - Error: the customer is gone now.
    assert_user_not_found(doc_get(api, f"reseller.delete.{fmt}", query), fmt)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_004_profile_get(api: Api, fmt: str) -> None:
    expected = _profile_fixture(api)
    response = doc_get(api, f"reseller.manage.{fmt}", f"{CREDS_004}&method;=profile&task;=get")
    # The older page shows the same entries without "id"; the newer page's "id" is kept.
    assert_profiles(response, fmt, expected)
    filtered = api.v2("reseller.manage", {"method": "profile", "task": "get", "active": "false"})
    assert [u["username"] for u in filtered.json()] == ["user2"]
    by_company = api.v2("reseller.manage", {"method": "profile", "task": "get", "company": "x"})
    assert by_company.json() == []


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("method", "field", "value"),
    [
        ("enable", "active", True),
        ("disable", "active", False),
        ("website_enable", "website_access", True),
        ("website_disable", "website_access", False),
    ],
)
def test_004_enable_disable(api: Api, fmt: str, method: str, field: str, value: bool) -> None:
    query = f"{CREDS_004}&method;={method}&user;={CUSTOMER_004}"
    # Return - Error first: no such customer yet.
    assert_user_not_found(doc_get(api, f"reseller.manage.{fmt}", query), fmt)
    make_customer(api, CUSTOMER_004)
    opposite = {
        "enable": "disable",
        "disable": "enable",
        "website_enable": "website_disable",
        "website_disable": "website_enable",
    }
    assert api.manage(method=opposite[method], user=CUSTOMER_004).status_code == 200
    assert_success(doc_get(api, f"reseller.manage.{fmt}", query), fmt)
    assert api.account(CUSTOMER_004)[field] is value  # type: ignore[index]


@pytest.mark.parametrize("method", ["disable", "website_disable"])
def test_004_json_examples_without_user(api: Api, method: str) -> None:
    # The JSON examples of disable / website_disable omit the user: the documented error.
    make_customer(api, CUSTOMER_004)
    response = doc_get(api, "reseller.manage.json", f"{CREDS_004}&method;={method}")
    assert_user_not_found(response, "json")
    # The older table names the parameter "username": accepted as well.
    response = doc_get(
        api, "reseller.manage.json", f"{CREDS_004}&method;={method}&username={CUSTOMER_004}"
    )
    assert_success(response, "json")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_004_profile_set(api: Api, fmt: str) -> None:
    make_customer(api, CUSTOMER_004)
    # Documented as "&first;_name=newFirstName&last;_name=&newLastName;" (mangled markup).
    query = (
        f"{CREDS_004}&method;=profile&task;=set&user;={CUSTOMER_004}"
        "&first;_name=newFirstName&last;_name=newLastName&company=NewCo"
    )
    assert_success(doc_get(api, f"reseller.manage.{fmt}", query), fmt)
    account = api.account(CUSTOMER_004)
    assert account is not None
    assert (account["first_name"], account["last_name"], account["company"]) == (
        "newFirstName",
        "newLastName",
        "NewCo",
    )
    too_long = doc_get(
        api,
        f"reseller.manage.{fmt}",
        f"{CREDS_004}&method;=profile&task;=set&user;={CUSTOMER_004}&first;_name={'x' * 51}",
    )
    assert assert_error_list(too_long, fmt) == ["first_name must be no more than 50 characters"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_004_password(api: Api, fmt: str) -> None:
    make_customer(api, CUSTOMER_004)
    literal = doc_get(
        api,
        f"reseller.manage.{fmt}",
        f"{CREDS_004}&method;=password&user;={CUSTOMER_004}"
        "&password;=newPasword&confirm;_password=newPassword",
    )
    assert assert_error_list(literal, fmt) == ["password and confirm_password do not match"]
    mended = doc_get(
        api,
        f"reseller.manage.{fmt}",
        f"{CREDS_004}&method;=password&user;={CUSTOMER_004}"
        "&password;=newPassword&confirm;_password=newPassword",
    )
    assert_success(mended, fmt)
    short = doc_get(
        api,
        f"reseller.manage.{fmt}",
        f"{CREDS_004}&method;=password&user;={CUSTOMER_004}&password;=abc&confirm;_password=abc",
    )
    assert assert_error_list(short, fmt) == ["password must be at least 6 characters"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_004_set_username(api: Api, fmt: str) -> None:
    make_customer(api, CUSTOMER_004)
    query = (
        f"{CREDS_004}&method;=profile&task;=setUsername&user;={CUSTOMER_004}"
        "&username;=newcustomer@example.com"
    )
    assert_success(doc_get(api, f"reseller.manage.{fmt}", query), fmt)
    assert api.account("newcustomer@example.com") is not None
    # Return - Error: the old username is gone, so the same call fails now.
    assert_user_not_found(doc_get(api, f"reseller.manage.{fmt}", query), fmt)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_004_set_email(api: Api, fmt: str) -> None:
    make_customer(api, CUSTOMER_004)
    query = (
        f"{CREDS_004}&method;=profile&task;=setEmail&user;={CUSTOMER_004}"
        "&email;=newcustomer@example.com"
    )
    assert_success(doc_get(api, f"reseller.manage.{fmt}", query), fmt)
    assert api.account(CUSTOMER_004)["email"] == "newcustomer@example.com"  # type: ignore[index]
    bad = doc_get(
        api,
        f"reseller.manage.{fmt}",
        f"{CREDS_004}&method;=profile&task;=setEmail&user;={CUSTOMER_004}&email;=not-an-email",
    )
    assert assert_error_list(bad, fmt) == ["email must be a valid email address"]
