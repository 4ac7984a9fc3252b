"""The Account Provisioning surface (``/v3/partners``) of the emulator, over HTTP.

Every documented request example (tsg_account_provisioning_v3.json) is replayed, every
path is checked with its documented status codes and the error body
``{"errors": [{"message", "field", "error_id"}]}``.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from .conftest import Api

FREE = {"name": "org.ei.free.v1", "type": "package", "quantity": 1}
PRO = {"name": "org.ei.pro.v1", "type": "package", "quantity": 1}
ADDON = {"name": "org.dedicated_ip.v1", "type": "addon", "quantity": 3}

#: The documented create example (``POST /v3/partners/accounts``).
CREATE_EXAMPLE: dict[str, Any] = {
    "profile": {
        "first_name": "Sender",
        "last_name": "Wiz",
        "company_name": "Twilio SendGrid",
        "company_website": "https://sendgrid.com",
        "email": "test@test.com",
        "timezone": "Asia/Tokyo",
    },
    "offerings": [{"name": "org.ei.free.v1", "type": "package", "quantity": 1}],
}


def partners_error(response: requests.Response, status: int) -> list[dict[str, str]]:
    """Assert the document's error body and status; return the errors."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"errors"} and body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"message", "field", "error_id"}, error
        assert all(isinstance(v, str) for v in error.values())
        assert error["error_id"].startswith(f"10-{status}"[:5])
    errors: list[dict[str, str]] = body["errors"]
    return errors


def create(api: Api, body: dict[str, Any], **headers: str) -> str:
    response = api.v3("POST", "/partners/accounts", json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert set(response.json()) == {"account_id"}
    account_id: str = response.json()["account_id"]
    return account_id


def partners_state(api: Api) -> list[dict[str, Any]]:
    accounts: list[dict[str, Any]] = api.state()["partner_accounts"]
    return accounts


def test_documented_create_example(api: Api) -> None:
    account_id = create(api, CREATE_EXAMPLE)
    assert account_id.startswith("sg") and len(account_id) == 34
    (account,) = partners_state(api)
    assert account["id"] == account_id
    assert account["state"] == "activated"
    assert account["test_account"] is False
    assert account["offerings"] == [FREE]
    assert {k: v for k, v in account["profile"].items() if v} == CREATE_EXAMPLE["profile"]


def test_state_and_offerings_examples(api: Api) -> None:
    account_id = create(api, {"offerings": [PRO, ADDON]})
    path = f"/partners/accounts/{account_id}"
    assert api.v3("GET", f"{path}/state").json() == {"state": "activated"}
    put = api.v3("PUT", f"{path}/state", json={"state": "deactivated"})
    assert put.status_code == 204 and put.content == b""
    assert api.v3("GET", f"{path}/state").json() == {"state": "deactivated"}
    assert api.v3("GET", f"{path}/offerings").json() == {"offerings": [PRO, ADDON]}
    # The documented update example: the free package alone.
    changed = api.v3("PUT", f"{path}/offerings", json={"offerings": [FREE]})
    assert changed.status_code == 200
    assert changed.json() == {"offerings": [FREE]}
    assert api.v3("GET", f"{path}/offerings").json() == {"offerings": [FREE]}


def test_catalog(api: Api) -> None:
    response = api.v3("GET", "/partners/offerings")
    assert response.status_code == 200
    catalog = response.json()["catalog"]
    documented = {
        "offering": {"name": "org.ei.free.v1", "type": "package", "quantity": 1},
        "entitlements": {
            "email_sends_max_monthly": 10000,
            "ip_count": 0,
            "teammates_max_total": 0,
            "users_max_total": 0,
        },
    }
    assert catalog[0] == documented
    kinds = [entry["offering"]["type"] for entry in catalog]
    assert kinds.count("package") >= 3 and kinds.count("addon") >= 1


def test_listing_pages_by_the_last_id(api: Api) -> None:
    ids = [create(api, {"offerings": [FREE], "profile": {"email": f"a{n}@x.io"}}) for n in range(5)]
    seen: list[str] = []
    offset: str | None = None
    pages = 0
    while True:
        params = {"limit": "2", **({"offset": offset} if offset else {})}
        body = api.v3("GET", "/partners/accounts", params=params).json()
        pages += 1
        for account in body["accounts"]:
            assert set(account) == {"id", "email", "created_at", "updated_at"}
        seen += [a["id"] for a in body["accounts"]]
        offset = body["pages"].get("last")
        if offset is None:
            break
        assert offset == body["accounts"][-1]["id"]
    assert seen == ids and pages == 3
    default = api.v3("GET", "/partners/accounts").json()
    assert [a["id"] for a in default["accounts"]] == ids  # default limit 10
    assert default["accounts"][0]["email"] == "a0@x.io"
    partners_error(api.v3("GET", "/partners/accounts", params={"limit": "101"}), 400)
    partners_error(api.v3("GET", "/partners/accounts", params={"offset": "sgnope"}), 400)


def test_delete_and_unknown_accounts(api: Api) -> None:
    account_id = create(api, {"offerings": [FREE]})
    gone = api.v3("DELETE", f"/partners/accounts/{account_id}")
    assert gone.status_code == 204 and gone.content == b""
    assert partners_state(api) == []
    for method, suffix, body in [
        ("DELETE", "", None),
        ("GET", "/state", None),
        ("PUT", "/state", {"state": "activated"}),
        ("GET", "/offerings", None),
        ("PUT", "/offerings", {"offerings": [FREE]}),
        ("POST", "/sso", None),
    ]:
        response = api.v3(method, f"/partners/accounts/{account_id}{suffix}", json=body)
        (error,) = partners_error(response, 404)
        assert error["error_id"] == "10-40400" and account_id in error["message"]


def test_sso_redirects(api: Api) -> None:
    account_id = create(api, {"offerings": [FREE]})
    response = api.v3("POST", f"/partners/accounts/{account_id}/sso", allow_redirects=False)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("https://app.sendgrid.com/")
    assert account_id in response.headers["Location"]


def test_authentication(api: Api) -> None:
    for key in (None, "SG.wrong"):
        (error,) = partners_error(api.v3("GET", "/partners/offerings", key=key), 401)
        assert error == {
            "message": "Failed to authenticate user",
            "field": "",
            "error_id": "10-40100",
        }


@pytest.mark.parametrize(
    ("body", "field", "error_id"),
    [
        ({}, "offerings", "10-40001"),
        ({"offerings": []}, "offerings", "10-40001"),
        ({"offerings": [FREE, PRO]}, "offerings", "10-40007"),
        ({"offerings": [ADDON]}, "offerings", "10-40007"),
        ({"offerings": [FREE, ADDON, ADDON]}, "offerings", "10-40007"),
        (
            {"offerings": [{"name": "org.ei.gold.v9", "type": "package"}]},
            "offerings[0]",
            "10-40004",
        ),
        ({"offerings": [{**FREE, "type": "addon"}]}, "offerings[0]", "10-40005"),
        ({"offerings": [{**FREE, "quantity": 2}]}, "offerings[0]", "10-40006"),
        ({"offerings": [FREE, {**ADDON, "quantity": 0}]}, "offerings[1]", "10-40006"),
        ({"offerings": [FREE], "profile": {"email": "nope"}}, "email", "10-40002"),
        ({"offerings": [FREE], "profile": {"phone": "555-1234"}}, "phone", "10-40010"),
        (
            {"offerings": [FREE], "profile": {"company_website": "sendgrid"}},
            "company_website",
            "10-40008",
        ),
        ({"offerings": [FREE], "profile": {"timezone": "Mars/Olympus"}}, "timezone", "10-40011"),
        ({"offerings": [FREE], "profile": {"first_name": "x" * 51}}, "first_name", "10-40009"),
        ({"offerings": [FREE], "profile": {"nickname": "x"}}, "nickname", "10-40001"),
        ({"offerings": [FREE], "extra": 1}, "extra", "10-40001"),
    ],
)
def test_create_rules(api: Api, body: dict[str, Any], field: str, error_id: str) -> None:
    errors = partners_error(api.v3("POST", "/partners/accounts", json=body), 400)
    assert (field, error_id) in [(e["field"], e["error_id"]) for e in errors], errors
    assert partners_state(api) == []


def test_documented_400_example_lists_every_profile_problem(api: Api) -> None:
    body = {
        "offerings": [FREE],
        "profile": {"email": "x", "phone": "12-34", "company_website": "nowhere"},
    }
    errors = partners_error(api.v3("POST", "/partners/accounts", json=body), 400)
    assert [(e["field"], e["error_id"]) for e in errors] == [
        ("email", "10-40002"),
        ("phone", "10-40010"),
        ("company_website", "10-40008"),
    ]
    assert errors[0]["message"] == "Field must be a valid email"


def test_state_rules_and_locked_accounts(api: Api) -> None:
    account_id = create(api, {"offerings": [FREE]})
    path = f"/partners/accounts/{account_id}/state"
    for wrong in ("suspended", "banned", "on"):
        (error,) = partners_error(api.v3("PUT", path, json={"state": wrong}), 400)
        assert error["field"] == "state"
    for locked in ("suspended", "banned"):
        forced = api.control("PUT", f"/accounts/{account_id}/state", json={"state": locked})
        assert forced.status_code == 200
        assert api.v3("GET", path).json() == {"state": locked}
        (error,) = partners_error(api.v3("PUT", path, json={"state": "activated"}), 403)
        assert locked in error["message"]
    bad = api.control("PUT", f"/accounts/{account_id}/state", json={"state": "gone"})
    assert bad.status_code == 400


def test_test_account_header(api: Api) -> None:
    create(api, {"offerings": [FREE]}, **{"T-Test-Account": "true"})
    create(api, {"offerings": [FREE]})
    assert [a["test_account"] for a in partners_state(api)] == [True, False]


def test_profile_and_email_on_behalf_of_the_account(api: Api) -> None:
    account_id = create(api, CREATE_EXAMPLE)
    behalf = {"on-behalf-of": f"account-id {account_id}"}
    profile = api.v3("GET", "/user/profile", headers=behalf).json()
    assert profile["first_name"] == "Sender" and profile["company"] == "Twilio SendGrid"
    assert profile["website"] == "https://sendgrid.com"
    assert set(profile) >= {"address", "city", "country", "state", "zip", "phone"}
    patched = api.v3(
        "PATCH", "/user/profile", headers=behalf, json={"last_name": "Wizard", "city": "Orange"}
    )
    assert patched.status_code == 200
    assert patched.json()["last_name"] == "Wizard" and patched.json()["city"] == "Orange"
    assert api.v3("GET", "/user/email", headers=behalf).json() == {"email": "test@test.com"}
    put = api.v3("PUT", "/user/email", headers=behalf, json={"email": "example@example.com"})
    assert put.json() == {"email": "example@example.com"}
    (account,) = partners_state(api)
    assert account["profile"]["last_name"] == "Wizard"
    assert account["profile"]["email"] == "example@example.com"
    partners_error(api.v3("PUT", "/user/email", headers=behalf, json={"email": "bad"}), 400)
    partners_error(api.v3("PATCH", "/user/profile", headers=behalf, json={"phone": "1"}), 400)
    partners_error(api.v3("GET", "/user/profile", headers={"on-behalf-of": "someone"}), 400)
    unknown = {"on-behalf-of": "account-id sgdeadbeef"}
    partners_error(api.v3("GET", "/user/email", headers=unknown), 404)


def test_reset_forgets_accounts(api: Api) -> None:
    create(api, {"offerings": [FREE]})
    assert api.control("POST", "/reset").status_code == 200
    assert partners_state(api) == []


def test_a_dropped_answer_still_commits(api: Api) -> None:
    api.fault(method="POST", path=r"^/v3/partners/accounts$", drop_after_commit=True, count=1)
    with pytest.raises(requests.exceptions.ConnectionError):
        api.v3("POST", "/partners/accounts", json={"offerings": [FREE]})
    assert len(partners_state(api)) == 1
