"""Every request/response example of the five api-docs documents, replayed over HTTP.

The documented requests are sent as written, with three adaptations: the emulator's
credentials replace the placeholders, documentation-range IPs (RFC 5737) replace the
documents' fake addresses, and HTML-mangled query strings (``api;_key``) are unmangled.
Prerequisite state (a customer to enable, IPs to list...) is set up first.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest
import requests

from .conftest import API_KEY, API_USER, CUSTOMER_FIELDS, Api, parse_xml, v2_errors, v3_error

DOC_API_USERS = ("username", "your_sendgrid_username")
ALL_IPS = (
    [f"192.0.2.{n}" for n in range(10, 30)]
    + [f"198.51.100.{n}" for n in range(10, 20)]
    + [f"203.0.113.{n}" for n in range(10, 20)]
)


def doc_params(query: str) -> list[tuple[str, str]]:
    """The documented query string / POST data, with the emulator's credentials."""
    pairs = parse_qsl(query.replace(";", ""), keep_blank_values=True)
    out = []
    for name, value in pairs:
        if name == "api_user":
            assert value in DOC_API_USERS
            value = API_USER
        elif name == "api_key":
            value = API_KEY
        out.append((name, value))
    return out


def doc_get(api: Api, call: str, query: str) -> requests.Response:
    """A documented GET URL ``https://sendgrid.com/apiv2/<call>?<query>``."""
    return api.session.get(f"{api.url}/apiv2/{call}", params=doc_params(query), timeout=30)


def doc_post(api: Api, call: str, data: str) -> requests.Response:
    """A documented ``POST https://api.sendgrid.com/apiv2/<call>`` with its POST data."""
    return api.session.post(f"{api.url}/apiv2/{call}", data=doc_params(data), timeout=30)


def assert_success(response: requests.Response, fmt: str) -> None:
    assert response.status_code == 200, response.text
    if fmt == "json":
        assert response.json() == {"message": "success"}
    else:
        root = parse_xml(response)
        assert root.tag == "result"
        assert [(c.tag, c.text) for c in root] == [("message", "success")]


def assert_user_not_found(response: requests.Response, fmt: str) -> None:
    assert response.status_code == 400, response.text
    if fmt == "json":
        assert response.json() == {"message": "User not found"}
    else:
        root = parse_xml(response)
        assert root.tag == "result"
        assert [(c.tag, c.text) for c in root] == [("message", "User not found")]


def assert_error_list(response: requests.Response, fmt: str, status: int = 400) -> list[str]:
    if fmt == "json":
        return v2_errors(response, status)
    assert response.status_code == status, response.text
    root = parse_xml(response)
    assert root.tag == "result"
    assert root.find("message") is not None and root.find("message").text == "error"  # type: ignore[union-attr]
    errors = [e.text or "" for e in root.findall("errors/error")]
    assert errors
    return errors


def make_customer(api: Api, username: str, **fields: Any) -> None:
    response = api.add_customer(username, **fields)
    assert response.status_code == 200, response.text


# === 000: reseller.ip =====================================================================


def _ip_fixture(api: Api) -> None:
    """192.0.2.10: active customer; .11: disabled customer; .12: disabled customer + subuser."""
    make_customer(api, "busy@example.com", **{"ip[]": ["192.0.2.10"]})
    make_customer(api, "sleepy@example.com", **{"ip[]": ["192.0.2.11", "192.0.2.12"]})
    assert api.manage(method="disable", user="sleepy@example.com").status_code == 200
    assert api.add_subuser("sharer", ips=["192.0.2.12"]).status_code == 200


EXPECTED_LISTS = {
    "all": ALL_IPS,
    "free": [ip for ip in ALL_IPS if ip not in ("192.0.2.10", "192.0.2.11", "192.0.2.12")],
    "taken": ["192.0.2.10", "192.0.2.11", "192.0.2.12"],
    "available": [ip for ip in ALL_IPS if ip not in ("192.0.2.10", "192.0.2.12")],
}


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("task", ["all", "free", "taken", "available"])
def test_reseller_ip_lists(api: Api, fmt: str, task: str) -> None:
    _ip_fixture(api)
    response = doc_get(
        api, f"reseller.ip.{fmt}", f"api_user=username&api;_key=secureSecret&task;={task}"
    )
    assert response.status_code == 200, response.text
    if fmt == "json":
        assert response.json() == EXPECTED_LISTS[task]
    else:
        root = parse_xml(response)
        assert root.tag == "ips"
        assert [(e.tag, e.text) for e in root] == [("ip", ip) for ip in EXPECTED_LISTS[task]]


def test_reseller_ip_all_with_filters(api: Api) -> None:
    # "ip: Can be a complete or partial IP address"; "system: Must be set to true".
    response = api.v2("reseller.ip", {"task": "all", "ip": "198.51.100.1", "system": "true"})
    assert response.json() == [f"198.51.100.{n}" for n in range(10, 20)]
    response = api.v2("reseller.ip", {"task": "free", "ip": "203.0.113.19"})
    assert response.json() == ["203.0.113.19"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_reseller_ip_usage(api: Api, fmt: str) -> None:
    # The document's 255.255.253.0 / 255.255.254.0 become 192.0.2.13 / 192.0.2.14.
    make_customer(api, "user4@example.com", **{"ip[]": ["192.0.2.13", "192.0.2.14"]})
    make_customer(api, "other@test.invalid", email="o@test.invalid", **{"ip[]": ["192.0.2.15"]})
    response = doc_get(
        api,
        f"reseller.ip.{fmt}",
        "api_user=username&api;_key=secureSecret&task;=usage&user;=example.com",
    )
    assert response.status_code == 200, response.text
    expected = [
        {"ip": "192.0.2.13", "user": "user4@example.com"},
        {"ip": "192.0.2.14", "user": "user4@example.com"},
    ]
    if fmt == "json":
        assert response.json() == expected
    else:
        root = parse_xml(response)
        assert root.tag == "ips"
        got = [{c.tag: c.text for c in entry} for entry in root]
        assert [e.tag for e in root] == ["ip", "ip"]
        assert got == expected


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_reseller_ip_error_shape(api: Api, fmt: str) -> None:
    # Return - Error: {"message":"error","errors":[..."error messages"...]}
    wrong_key = api.session.get(
        f"{api.url}/apiv2/reseller.ip.{fmt}",
        params={"api_user": API_USER, "api_key": "wrong", "task": "all"},
    )
    assert wrong_key.status_code == 401
    assert assert_error_list(wrong_key, fmt, 401) == ["Bad username / password"]
    response = doc_get(
        api, f"reseller.ip.{fmt}", "api_user=username&api;_key=secureSecret&task;=bogus"
    )
    errors = assert_error_list(response, fmt)
    assert errors == ["task must be one of: all, free, taken, available, usage"]


# === 001: customer.ip and customer.sendip ==================================================


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("which", ["all", "free", "taken", "available"])
def test_customer_ip_list(api: Api, fmt: str, which: str) -> None:
    _ip_fixture(api)
    # The document calls customer.ip.xml in both tabs; the JSON tab's answer is the JSON one.
    response = doc_get(
        api,
        f"customer.ip.{fmt}",
        f"api_user=your_sendgrid_username&api_key=your_sendgrid_password&list={which}",
    )
    assert response.status_code == 200, response.text
    if fmt == "json":
        assert response.json() == [{"ip": ip} for ip in EXPECTED_LISTS[which]]
    else:
        root = parse_xml(response)
        assert root.tag == "ips"
        assert [(e.tag, e.text) for e in root] == [("ip", ip) for ip in EXPECTED_LISTS[which]]


SENDIP_IPS = ["192.0.2.20", "192.0.2.21", "192.0.2.22", "192.0.2.23", "192.0.2.24"]


@pytest.mark.parametrize("kind", ["customer", "subuser"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_customer_sendip_list(api: Api, fmt: str, kind: str) -> None:
    if kind == "subuser":
        assert api.add_subuser("example@example.com", ips=SENDIP_IPS).status_code == 200
    else:
        make_customer(api, "example@example.com", **{"ip[]": SENDIP_IPS})
    response = doc_get(
        api,
        f"customer.sendip.{fmt}",
        "api_user=your_sendgrid_username&api_key=your_sendgrid_password"
        "&task=list&user=example@example.com",
    )
    assert response.status_code == 200, response.text
    if fmt == "json":
        assert response.json() == {
            "success": "success",
            "outboundcluster": "o1.sendgrid.net",
            "ips": [{"ip": ip} for ip in SENDIP_IPS],
        }
    else:
        root = parse_xml(response)
        assert root.tag == "sendips"
        assert [c.tag for c in root] == ["ocluster", "ips"]
        assert root.findtext("ocluster") == "o1.sendgrid.net"
        assert [e.text for e in root.findall("ips/ip")] == SENDIP_IPS


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_customer_sendip_list_unknown_user(api: Api, fmt: str) -> None:
    response = doc_get(
        api,
        f"customer.sendip.{fmt}",
        "api_user=your_sendgrid_username&api_key=your_sendgrid_password"
        "&task=list&user=example@example.com",
    )
    assert response.status_code == 400
    if fmt == "json":
        assert response.json() == {"error": {"code": 400, "message": "User does not exist"}}
    else:
        root = parse_xml(response)
        assert root.tag == "result"
        assert [(c.tag, c.text) for c in root] == [("message", "User does not exist")]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_customer_sendip_append_specify(api: Api, fmt: str) -> None:
    make_customer(api, "example@example.com", **{"ip[]": ["203.0.113.10"]})
    # As documented: 255.255.255.250 and 255.255.255.255 are not the parent's IPs.
    literal = doc_get(
        api,
        f"customer.sendip.{fmt}",
        "api_user=your_sendgrid_username&api_key=your_sendgrid_password&task=append"
        "&set=specify&user=example@example.com&ip[]=255.255.255.250&ip[]=255.255.255.255",
    )
    errors = assert_error_list(literal, fmt)
    assert errors == [
        "ip 255.255.255.250 does not belong to you",
        "ip 255.255.255.255 does not belong to you",
    ]
    assert api.account("example@example.com")["ips"] == ["203.0.113.10"]  # type: ignore[index]
    adapted = doc_get(
        api,
        f"customer.sendip.{fmt}",
        "api_user=your_sendgrid_username&api_key=your_sendgrid_password&task=append"
        "&set=specify&user=example@example.com&ip[]=192.0.2.25&ip[]=192.0.2.20",
    )
    assert_success(adapted, fmt)
    assert api.account("example@example.com")["ips"] == ["192.0.2.20", "192.0.2.25"]  # type: ignore[index]


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


def _profile_fixture(api: Api) -> list[dict[str, str]]:
    common = {
        "address": "555 any street",
        "city": "any city",
        "state": "CA",
        "zip": "91234",
        "country": "US",
        "phone": "555-555-5555",
        "website": "example.com",
    }
    make_customer(
        api, "user1", email="example1@example.com", first_name="john", last_name="doe", **common
    )
    make_customer(
        api, "user2", email="example2@example.com", first_name="jane", last_name="doe", **common
    )
    assert api.manage(method="disable", user="user2").status_code == 200
    ids = {a["username"]: str(a["user_id"]) for a in api.state()["accounts"]}
    return [
        {
            "id": ids["user1"],
            "username": "user1",
            "email": "example1@example.com",
            "active": "true",
            "first_name": "john",
            "last_name": "doe",
            **common,
        },
        {
            "id": ids["user2"],
            "username": "user2",
            "email": "example2@example.com",
            "active": "false",
            "first_name": "jane",
            "last_name": "doe",
            **common,
        },
    ]


PROFILE_KEYS_002 = [
    "id",
    "username",
    "email",
    "active",
    "first_name",
    "last_name",
    "address",
    "city",
    "state",
    "zip",
    "country",
    "phone",
    "website",
]


def assert_profiles(response: requests.Response, fmt: str, expected: list[dict[str, str]]) -> None:
    assert response.status_code == 200, response.text
    if fmt == "json":
        body = response.json()
        assert body == expected
        for entry in body:
            assert list(entry) == PROFILE_KEYS_002
            assert all(isinstance(v, str) for v in entry.values())
    else:
        root = parse_xml(response)
        assert root.tag == "users"
        assert [u.tag for u in root] == ["user"] * len(expected)
        for user, want in zip(root, expected, strict=True):
            assert [c.tag for c in user] == PROFILE_KEYS_002
            assert {c.tag: c.text for c in user} == want


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


# === 003: v3 subusers ======================================================================


def test_003_list(api: Api) -> None:
    for name in ("Test@example.com", "John@example.com", "Johnny@example.com"):
        assert api.add_subuser(name).status_code == 200
    response = api.v3("GET", "/subusers")
    assert response.status_code == 200
    body = response.json()
    assert [s["username"] for s in body] == [
        "Test@example.com",
        "John@example.com",
        "Johnny@example.com",
    ]
    for entry in body:
        assert set(entry) == {"id", "username", "email", "disabled"}
        assert isinstance(entry["id"], int) and entry["disabled"] is False
    # GET /v3/subusers?username={username}&limit={limit}&offset={offset} (Example: John, 20, 1)
    response = api.v3("GET", "/subusers", params={"username": "John", "limit": 20, "offset": 1})
    assert response.status_code == 200
    assert [s["username"] for s in response.json()] == ["Johnny@example.com"]


def test_003_create(api: Api) -> None:
    documented = {
        "username": "John@example.com",
        "email": "John@example.com",
        "password": "johns_password",
        "ips": ["1.1.1.1", "2.2.2.2"],
    }
    # As documented, 1.1.1.1 and 2.2.2.2 are not the parent's IPs: refused.
    refused = api.v3("POST", "/subusers", json=documented)
    v3_error(refused, 400, "ip 1.1.1.1 does not belong to you")
    assert {e["field"] for e in refused.json()["errors"]} == {"ips"}
    response = api.v3("POST", "/subusers", json={**documented, "ips": ["192.0.2.10", "192.0.2.11"]})
    # 200 as the current document says; the body is SendGrid's fact sheet, never the
    # password, and ``region`` only when ``include_region`` asks for it.
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"username", "user_id", "email", "credit_allocation"}
    assert body["username"] == body["email"] == "John@example.com"
    assert body["credit_allocation"] == {"type": "unlimited"}
    assert "johns_password" not in response.text
    account = api.account("John@example.com")
    assert account is not None and account["ips"] == ["192.0.2.10", "192.0.2.11"]
    assert account["user_id"] == body["user_id"] and account["kind"] == "subuser"


def test_003_enable_disable(api: Api) -> None:
    assert api.add_subuser("my_subuser").status_code == 200
    response = api.v3("PATCH", "/subusers/my_subuser", json={"disabled": True})
    assert response.status_code == 204 and response.content == b""
    assert api.account("my_subuser")["disabled"] is True  # type: ignore[index]
    response = api.v3("PATCH", "/subusers/my_subuser", json={"disabled": False})
    assert response.status_code == 204
    assert api.account("my_subuser")["disabled"] is False  # type: ignore[index]


def test_003_delete(api: Api) -> None:
    assert api.add_subuser("my_subuser").status_code == 200
    response = api.v3("DELETE", "/subusers/my_subuser")
    assert response.status_code == 204 and response.content == b""
    assert api.account("my_subuser") is None
    # The document answers 204 and nothing else: a subuser already gone is deleted.
    again = api.v3("DELETE", "/subusers/my_subuser")
    assert again.status_code == 204 and again.content == b""


def test_003_monitor_lifecycle(api: Api) -> None:
    assert api.add_subuser("my_subuser").status_code == 200
    documented = {"email": "test@example.com", "frequency": 500}
    v3_error(
        api.v3("GET", "/subusers/my_subuser/monitor"), 404, "No monitor settings for this user"
    )
    created = api.v3("POST", "/subusers/my_subuser/monitor", json=documented)
    assert created.status_code == 200 and created.json() == documented
    got = api.v3("GET", "/subusers/my_subuser/monitor")
    assert got.status_code == 200 and got.json() == documented
    updated = api.v3(
        "PUT", "/subusers/my_subuser/monitor", json={"email": "ops@example.com", "frequency": 50}
    )
    assert updated.status_code == 200
    assert updated.json() == {"email": "ops@example.com", "frequency": 50}
    assert api.state()["monitors"] == [
        {"username": "my_subuser", "email": "ops@example.com", "frequency": 50}
    ]
    deleted = api.v3("DELETE", "/subusers/my_subuser/monitor")
    assert deleted.status_code == 204 and deleted.content == b""
    assert api.state()["monitors"] == []


def test_003_reputations(api: Api) -> None:
    for name in ("user1", "user2"):
        assert api.add_subuser(name).status_code == 200
    response = api.v3(
        "GET", "/subusers/reputations", params=[("usernames", "user1"), ("usernames", "user2")]
    )
    assert response.status_code == 200
    body = response.json()
    assert [e["username"] for e in body] == ["user1", "user2"]
    for entry in body:
        assert set(entry) == {"username", "reputation"}
        assert isinstance(entry["reputation"], float)
    single = api.v3("GET", "/subusers/reputations?usernames=user2")
    assert [e["username"] for e in single.json()] == ["user2"]


def test_003_update_ips(api: Api) -> None:
    assert api.add_subuser("my_subuser", ips=["203.0.113.10"]).status_code == 200
    # The documented 127.0.0.1 / 127.0.0.2 are not the parent's IPs: refused, unchanged.
    refused = api.v3("PUT", "/subusers/my_subuser/ips", json=["127.0.0.1", "127.0.0.2"])
    v3_error(refused, 400, "ip 127.0.0.1 does not belong to you")
    assert api.account("my_subuser")["ips"] == ["203.0.113.10"]  # type: ignore[index]
    response = api.v3("PUT", "/subusers/my_subuser/ips", json=["198.51.100.11", "198.51.100.10"])
    assert response.status_code == 200
    assert response.json() == {"ips": ["198.51.100.11", "198.51.100.10"]}
    assert api.account("my_subuser")["ips"] == ["198.51.100.10", "198.51.100.11"]  # type: ignore[index]


def test_customer_fields_fixture_is_valid(api: Api) -> None:
    # Guard for the helpers above: the default form passes every rule.
    assert CUSTOMER_FIELDS["password"] == CUSTOMER_FIELDS["confirm_password"]
    assert api.add_customer("guard@example.com").json() == {"message": "success"}
