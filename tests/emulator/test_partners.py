"""Account Provisioning: ``/v3/partners/accounts`` and ``/v3/partners/offerings`` over HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .conftest import Api

FREE = {"name": "org.ei.free.v1", "type": "package", "quantity": 1}
DOC_PROFILE = {
    "first_name": "Sender",
    "last_name": "Wiz",
    "company_name": "Twilio SendGrid",
    "company_website": "https://sendgrid.com",
    "email": "test@test.com",
    "timezone": "Asia/Tokyo",
}


def partners(api: Api, method: str, path: str = "", **kwargs: Any) -> Any:
    return api.v3(method, f"/partners{path}", **kwargs)


def create(api: Api, offerings: list[dict[str, Any]] | None = None, **kwargs: Any) -> str:
    body: dict[str, Any] = {"offerings": offerings or [FREE]}
    body.update(kwargs.pop("body", {}))
    response = partners(api, "POST", "/accounts", json=body, **kwargs)
    assert response.status_code == 201, response.text
    assert set(response.json()) == {"account_id"}
    account_id: str = response.json()["account_id"]
    return account_id


def partner_errors(response: Any, status: int) -> list[dict[str, str]]:
    """Assert the Account Provisioning error body: errors[] with message, field, error_id."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"errors"} and body["errors"]
    for error in body["errors"]:
        assert set(error) == {"message", "field", "error_id"}
        assert all(isinstance(v, str) for v in error.values())
    errors: list[dict[str, str]] = body["errors"]
    return errors


def test_documented_create(api: Api) -> None:
    # The document's example: profile + org.ei.free.v1 -> 201 {"account_id": "..."}.
    account_id = create(api, body={"profile": DOC_PROFILE})
    assert account_id.startswith("sg") and len(account_id) == 34
    state = partners(api, "GET", f"/accounts/{account_id}/state")
    assert state.status_code == 200 and state.json() == {"state": "activated"}
    offerings = partners(api, "GET", f"/accounts/{account_id}/offerings")
    assert offerings.status_code == 200 and offerings.json() == {"offerings": [FREE]}
    # The profile is the account's, readable on its behalf.
    headers = {"on-behalf-of": f"account-id {account_id}"}
    assert api.v3("GET", "/user/email", headers=headers).json() == {"email": "test@test.com"}
    profile = api.v3("GET", "/user/profile", headers=headers).json()
    assert (profile["first_name"], profile["last_name"]) == ("Sender", "Wiz")
    assert (profile["company"], profile["website"]) == ("Twilio SendGrid", "https://sendgrid.com")
    dumped = api.state()["partner_accounts"]
    assert [(a["id"], a["state"], a["test_account"]) for a in dumped] == [
        (account_id, "activated", False)
    ]


def test_test_account_header(api: Api) -> None:
    test_id = create(api, headers={"T-Test-Account": "true"})
    real_id = create(api)
    flags = {a["id"]: a["test_account"] for a in api.state()["partner_accounts"]}
    assert flags == {test_id: True, real_id: False}


def test_catalog(api: Api) -> None:
    response = partners(api, "GET", "/offerings")
    assert response.status_code == 200
    catalog = response.json()["catalog"]
    free = next(e for e in catalog if e["offering"]["name"] == "org.ei.free.v1")
    # The document's example entry.
    assert free == {
        "offering": {"name": "org.ei.free.v1", "type": "package", "quantity": 1},
        "entitlements": {
            "email_sends_max_monthly": 10000,
            "ip_count": 0,
            "teammates_max_total": 0,
            "users_max_total": 0,
        },
    }
    kinds = [e["offering"]["type"] for e in catalog]
    assert kinds.count("package") >= 3 and kinds.count("addon") >= 1
    for entry in catalog:
        assert set(entry["entitlements"]) == {
            "email_sends_max_monthly",
            "ip_count",
            "teammates_max_total",
            "users_max_total",
        }


def test_paging_by_the_last_account_id(api: Api) -> None:
    ids = [create(api) for _ in range(7)]
    first = partners(api, "GET", "/accounts", params={"limit": 3})
    assert first.status_code == 200
    body = first.json()
    assert [a["id"] for a in body["accounts"]] == ids[:3]
    assert body["pages"] == {"last": ids[2]}
    assert set(body["accounts"][0]) == {"id", "email", "created_at", "updated_at"}
    seen: list[str] = []
    offset: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 3}
        if offset:
            params["offset"] = offset
        page = partners(api, "GET", "/accounts", params=params).json()
        seen += [a["id"] for a in page["accounts"]]
        offset = page["pages"].get("last")
        if offset is None:
            break
    assert seen == ids
    assert len(partners(api, "GET", "/accounts").json()["accounts"]) == 7  # default 10
    assert [
        a["id"]
        for a in partners(api, "GET", "/accounts", params={"offset": ids[5]}).json()["accounts"]
    ] == ids[6:]
    for bad in ({"limit": 0}, {"limit": 101}, {"limit": "x"}):
        partner_errors(partners(api, "GET", "/accounts", params=bad), 400)
    partner_errors(partners(api, "GET", "/accounts", params={"offset": "sgnope"}), 404)


def test_state_changes_and_locked_states(api: Api) -> None:
    account_id = create(api)
    put = partners(api, "PUT", f"/accounts/{account_id}/state", json={"state": "deactivated"})
    assert put.status_code == 204 and put.content == b""
    assert partners(api, "GET", f"/accounts/{account_id}/state").json() == {"state": "deactivated"}
    for bad in ("suspended", "banned", "on", None):
        errors = partner_errors(
            partners(api, "PUT", f"/accounts/{account_id}/state", json={"state": bad}), 400
        )
        assert errors[0]["field"] == "state"
    # Only SendGrid suspends or bans: here, the control API.
    for locked in ("suspended", "banned"):
        control = api.control("PUT", f"/accounts/{account_id}/state", json={"state": locked})
        assert control.status_code == 200, control.text
        assert partners(api, "GET", f"/accounts/{account_id}/state").json() == {"state": locked}
        refused = partners(api, "PUT", f"/accounts/{account_id}/state", json={"state": "activated"})
        errors = partner_errors(refused, 400)
        assert errors == [
            {
                "message": f"the account is {locked}: its state cannot be changed through the API",
                "field": "state",
                "error_id": "10-40000",
            }
        ]
    assert (
        api.control("PUT", f"/accounts/{account_id}/state", json={"state": "activated"}).status_code
        == 200
    )
    assert api.control("PUT", "/accounts/sgnope/state", json={"state": "banned"}).status_code == 404
    assert (
        api.control("PUT", f"/accounts/{account_id}/state", json={"state": "gone"}).status_code
        == 400
    )


def test_offerings_change_and_the_one_package_rule(api: Api) -> None:
    account_id = create(api)
    wanted = [
        {"name": "org.ei.pro.v1", "type": "package", "quantity": 1},
        {"name": "org.dedicated_ip.v1", "type": "addon", "quantity": 2},
    ]
    put = partners(api, "PUT", f"/accounts/{account_id}/offerings", json={"offerings": wanted})
    assert put.status_code == 200 and put.json() == {"offerings": wanted}
    assert partners(api, "GET", f"/accounts/{account_id}/offerings").json() == {"offerings": wanted}
    # quantity defaults to 1
    short = [{"name": "org.ei.essentials.v1", "type": "package"}]
    assert partners(
        api, "PUT", f"/accounts/{account_id}/offerings", json={"offerings": short}
    ).json() == {"offerings": [{"name": "org.ei.essentials.v1", "type": "package", "quantity": 1}]}
    for bad, field in [
        ([], "offerings"),
        ([{"name": "org.dedicated_ip.v1", "type": "addon", "quantity": 1}], "offerings"),
        ([FREE, {"name": "org.ei.pro.v1", "type": "package", "quantity": 1}], "offerings"),
        ([{"name": "org.ei.gold.v9", "type": "package", "quantity": 1}], "offerings[0].name"),
        ([{"name": "org.ei.free.v1", "type": "addon", "quantity": 1}], "offerings[0].type"),
        ([{"name": "org.ei.free.v1", "type": "bundle", "quantity": 1}], "offerings[0].type"),
        ([{"name": "org.ei.free.v1", "type": "package", "quantity": 2}], "offerings[0].quantity"),
        ([FREE, {"name": "org.ease.v1", "type": "addon", "quantity": 0}], "offerings[1].quantity"),
        ([FREE, FREE], "offerings[1].name"),
        (["org.ei.free.v1"], "offerings[0]"),
    ]:
        response = partners(
            api, "PUT", f"/accounts/{account_id}/offerings", json={"offerings": bad}
        )
        errors = partner_errors(response, 400)
        assert field in [e["field"] for e in errors], (bad, errors)
        created = partners(api, "POST", "/accounts", json={"offerings": bad})
        partner_errors(created, 400)
    assert len(api.state()["partner_accounts"]) == 1


def test_documented_profile_errors(api: Api) -> None:
    # The document's 400 example: email, phone and company_website, with their error ids.
    profile = {"email": "nope", "phone": "555-0100", "company_website": "sendgrid"}
    response = partners(api, "POST", "/accounts", json={"profile": profile, "offerings": [FREE]})
    errors = partner_errors(response, 400)
    assert {(e["field"], e["error_id"]) for e in errors} == {
        ("email", "10-40002"),
        ("phone", "10-40010"),
        ("company_website", "10-40008"),
    }
    assert {e["field"]: e["message"] for e in errors}["email"] == "Field must be a valid email"
    for bad, field in [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "UTC+2"}, "timezone"),
        ({"phone": "+1234567890123456"}, "phone"),
        ({"first_name": "x" * 51}, "first_name"),
        ({"nickname": "x"}, "nickname"),
        ({"email": 5}, "email"),
    ]:
        response = partners(api, "POST", "/accounts", json={"profile": bad, "offerings": [FREE]})
        assert field in [e["field"] for e in partner_errors(response, 400)]
    good = {
        "phone": "+14155550100",
        "timezone": "Europe/Oslo",
        "company_website": "http://example.com",
    }
    create(api, body={"profile": good})
    assert api.state()["partner_accounts"][0]["email"] == ""


def test_sso_delete_and_unknown_accounts(api: Api) -> None:
    account_id = create(api)
    sso = partners(api, "POST", f"/accounts/{account_id}/sso", allow_redirects=False)
    assert sso.status_code == 303
    location = sso.headers["Location"]
    assert location == f"{api.url}/_emulator/sso/{account_id}"
    landing = api.session.get(location, timeout=10)
    assert landing.status_code == 200 and landing.json() == {
        "account_id": account_id,
        "signed_in": True,
    }
    key = api.v3(
        "POST",
        "/api_keys",
        json={"name": "k"},
        headers={"on-behalf-of": f"account-id {account_id}"},
    )
    assert key.status_code == 201
    deleted = partners(api, "DELETE", f"/accounts/{account_id}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert api.state()["partner_accounts"] == [] and api.state()["api_keys"] == []
    for method, path, body in [
        ("DELETE", "", None),
        ("GET", "/state", None),
        ("PUT", "/state", {"state": "activated"}),
        ("GET", "/offerings", None),
        ("PUT", "/offerings", {"offerings": [FREE]}),
        ("POST", "/sso", None),
    ]:
        response = partners(
            api, method, f"/accounts/{account_id}{path}", json=body, allow_redirects=False
        )
        errors = partner_errors(response, 404)
        assert errors == [{"message": "account not found", "field": "", "error_id": "10-40400"}]
    v3_header = {"on-behalf-of": f"account-id {account_id}"}
    assert api.v3("GET", "/user/email", headers=v3_header).status_code == 401


def test_partner_errors_have_their_shape(api: Api) -> None:
    assert partner_errors(partners(api, "GET", "/accounts", key="wrong"), 401) == [
        {"message": "Failed to authenticate user", "field": "", "error_id": "10-40100"}
    ]
    assert partner_errors(partners(api, "GET", "/nothing"), 404)[0]["message"] == "No such endpoint"
    errors = partner_errors(
        partners(api, "POST", "/accounts", data="{", headers={"Content-Type": "application/json"}),
        400,
    )
    assert errors[0]["error_id"] == "10-40000"
    assert partner_errors(partners(api, "PATCH", "/accounts"), 405)[0]["error_id"] == "10-40500"


def test_on_behalf_of_an_account_for_the_user_calls(api: Api) -> None:
    account_id = create(api, body={"profile": {"email": "owner@example.com", "first_name": "Ada"}})
    headers = {"on-behalf-of": f"account-id {account_id}"}
    assert (
        api.v3("PUT", "/user/email", json={"email": "new@example.com"}, headers=headers).status_code
        == 200
    )
    patched = api.v3(
        "PATCH", "/user/profile", json={"first_name": "Grace", "company": "Acme"}, headers=headers
    )
    assert patched.status_code == 200
    assert patched.json()["first_name"] == "Grace" and patched.json()["company"] == "Acme"
    assert set(patched.json()) == {
        "address",
        "address2",
        "city",
        "company",
        "country",
        "first_name",
        "last_name",
        "phone",
        "state",
        "website",
        "zip",
    }
    listed = partners(api, "GET", "/accounts").json()["accounts"]
    assert listed[0]["email"] == "new@example.com"
    username = api.v3("GET", "/user/username", headers=headers).json()
    assert username["username"] == account_id
    empty = api.v3("PATCH", "/user/profile", json={}, headers=headers)
    assert empty.status_code == 400
    assert api.v3("GET", "/user/profile").status_code == 400  # the parent keeps no profile here


def test_reset_clears_the_accounts(api: Api) -> None:
    create(api)
    assert api.control("POST", "/reset").status_code == 200
    assert api.state()["partner_accounts"] == []
    assert partners(api, "GET", "/accounts").json() == {"accounts": [], "pages": {}}


@pytest.mark.parametrize("key", [None, "wrong"])
def test_every_partner_call_needs_the_key(api: Api, key: str | None) -> None:
    account_id = create(api)
    for method, path in [
        ("GET", "/accounts"),
        ("POST", "/accounts"),
        ("DELETE", f"/accounts/{account_id}"),
        ("GET", f"/accounts/{account_id}/state"),
        ("PUT", f"/accounts/{account_id}/state"),
        ("GET", f"/accounts/{account_id}/offerings"),
        ("PUT", f"/accounts/{account_id}/offerings"),
        ("POST", f"/accounts/{account_id}/sso"),
        ("GET", "/offerings"),
    ]:
        response = partners(api, method, path, key=key, json={"offerings": [FREE]})
        partner_errors(response, 401)
    assert json.dumps(api.state()["partner_accounts"]).count(account_id) == 1
