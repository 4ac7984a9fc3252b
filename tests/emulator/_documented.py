"""Every request/response example of the five api-docs documents, replayed over HTTP: helpers.

The documented requests are sent as written, with three adaptations: the emulator's
credentials replace the placeholders, documentation-range IPs (RFC 5737) replace the
documents' fake addresses, and HTML-mangled query strings (``api;_key``) are unmangled.
Prerequisite state (a customer to enable, IPs to list...) is set up first. The examples
are in ``test_documented_ips.py``, ``test_documented_customers.py`` and
``test_documented_subusers.py``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import requests

from profiles import PROFILE_GET_KEYS

from .conftest import API_KEY, API_USER, Api, parse_xml, v2_errors

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


PROFILE_KEYS_002 = list(PROFILE_GET_KEYS)


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
