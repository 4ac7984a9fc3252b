"""``/v3/api_keys`` (owned by the account they were made for, shown once) and credits."""

from __future__ import annotations

import json

import pytest

from sendgrid_emulator.scopes import scopes

from .conftest import Api, v3_error

OBO = "on-behalf-of"
DOC_SCOPES = ["mail.send", "alerts.create", "alerts.read"]


def _create(api: Api, name: str = "My API Key", who: str | None = None, **extra: object) -> dict:
    headers = {OBO: who} if who else {}
    response = api.v3("POST", "/api_keys", json={"name": name, **extra}, headers=headers)
    assert response.status_code == 201, response.text
    body: dict = response.json()
    return body


def test_documented_create_and_the_key_shown_once(api: Api) -> None:
    # tsg_api_keys_v3.json: {"name": "My API Key", "scopes": [...]} -> 201 with the key.
    created = _create(api, scopes=DOC_SCOPES)
    assert set(created) == {"api_key", "api_key_id", "name", "scopes"}
    assert created["name"] == "My API Key" and created["scopes"] == DOC_SCOPES
    key = created["api_key"]
    assert key.startswith("SG." + created["api_key_id"] + ".") and len(key) > 40
    key_id = created["api_key_id"]
    listed = api.v3("GET", "/api_keys")
    assert listed.status_code == 200
    assert listed.json() == {"result": [{"name": "My API Key", "api_key_id": key_id}]}
    one = api.v3("GET", f"/api_keys/{key_id}")
    assert one.status_code == 200
    assert one.json() == {
        "result": [{"name": "My API Key", "api_key_id": key_id, "scopes": DOC_SCOPES}]
    }
    # Never again: not in any answer, the state dump or the request log.
    for text in (listed.text, one.text, json.dumps(api.state()), json.dumps(api.request_log())):
        assert key not in text
        assert key.split(".")[-1] not in text
    assert api.state()["api_keys"] == [
        {"api_key_id": key_id, "name": "My API Key", "scopes": DOC_SCOPES, "owner": None}
    ]


def test_without_scopes_a_key_has_full_access(api: Api) -> None:
    created = _create(api, name="full")
    assert created["scopes"] == list(scopes())
    assert {"mail.send", "user.profile.update", "2fa_required"} <= set(scopes())


def test_documented_rename_and_update(api: Api) -> None:
    key_id = _create(api, scopes=["mail.send"])["api_key_id"]
    renamed = api.v3("PATCH", f"/api_keys/{key_id}", json={"name": "A New Hope"})
    assert renamed.status_code == 200
    assert renamed.json() == {"api_key_id": key_id, "name": "A New Hope"}
    updated = api.v3(
        "PUT",
        f"/api_keys/{key_id}",
        json={"name": "Profiles Key", "scopes": ["user.profile.read", "user.profile.update"]},
    )
    assert updated.status_code == 200
    assert updated.json() == {
        "api_key_id": key_id,
        "name": "Profiles Key",
        "scopes": ["user.profile.read", "user.profile.update"],
    }
    got = api.v3("GET", f"/api_keys/{key_id}").json()["result"][0]
    assert got["scopes"] == ["user.profile.read", "user.profile.update"]
    # PATCH changes the name only.
    assert api.v3("PATCH", f"/api_keys/{key_id}", json={"name": "n"}).status_code == 200
    assert api.v3("GET", f"/api_keys/{key_id}").json()["result"][0]["scopes"] == got["scopes"]


def test_delete_and_unknown_ids(api: Api) -> None:
    key_id = _create(api)["api_key_id"]
    deleted = api.v3("DELETE", f"/api_keys/{key_id}")
    assert deleted.status_code == 204 and deleted.content == b""
    for method, body in [
        ("GET", None),
        ("PATCH", {"name": "x"}),
        ("PUT", {"name": "x", "scopes": ["mail.send"]}),
        ("DELETE", None),
    ]:
        response = api.v3(method, f"/api_keys/{key_id}", json=body)
        v3_error(response, 404, "unable to find API Key")
    assert api.state()["api_keys"] == []


def test_keys_belong_to_the_account_they_were_made_for(api: Api) -> None:
    assert api.add_subuser("tenant").status_code == 200
    assert api.add_subuser("other").status_code == 200
    parent_key = _create(api, name="parent")["api_key_id"]
    tenant_key = _create(api, name="tenant app", who="tenant", scopes=["mail.send"])["api_key_id"]
    assert [k["api_key_id"] for k in api.v3("GET", "/api_keys").json()["result"]] == [parent_key]
    tenant_list = api.v3("GET", "/api_keys", headers={OBO: "tenant"}).json()["result"]
    assert tenant_list == [{"name": "tenant app", "api_key_id": tenant_key}]
    assert api.v3("GET", "/api_keys", headers={OBO: "other"}).json() == {"result": []}
    # Another account cannot see, change or delete it.
    for who in (None, "other"):
        headers = {OBO: who} if who else {}
        v3_error(api.v3("GET", f"/api_keys/{tenant_key}", headers=headers), 404)
        v3_error(api.v3("DELETE", f"/api_keys/{tenant_key}", headers=headers), 404)
    v3_error(api.v3("GET", f"/api_keys/{parent_key}", headers={OBO: "tenant"}), 404)
    owners = {k["name"]: k["owner"] for k in api.state()["api_keys"]}
    assert owners == {"parent": None, "tenant app": "tenant"}
    # A renamed subuser keeps its keys; a deleted one loses them.
    assert (
        api.v3(
            "PUT", "/user/username", json={"username": "tenant2"}, headers={OBO: "tenant"}
        ).status_code
        == 200
    )
    assert api.v3("GET", f"/api_keys/{tenant_key}", headers={OBO: "tenant2"}).status_code == 200
    assert api.v3("DELETE", "/subusers/tenant2").status_code == 204
    assert [k["name"] for k in api.state()["api_keys"]] == ["parent"]


def test_scope_and_name_rules(api: Api) -> None:
    for body, field, message in [
        ({"name": "k", "scopes": ["mail.send", "mail.fly"]}, "scopes", "unknown scope: mail.fly"),
        ({"name": "k", "scopes": "mail.send"}, "scopes", "scopes must be an array of strings"),
        ({}, "name", "name is required"),
        ({"name": ""}, "name", "name is required"),
        ({"name": "x" * 101}, "name", "name must be no more than 100 characters"),
        ({"name": "k", "extra": 1}, "extra", "extra is not a valid field"),
    ]:
        response = api.v3("POST", "/api_keys", json=body)
        v3_error(response, 400, message)
        assert field in [e["field"] for e in response.json()["errors"]]
    key_id = _create(api, scopes=["mail.send"])["api_key_id"]
    v3_error(api.v3("PUT", f"/api_keys/{key_id}", json={"name": "k"}), 400, "scopes is required")
    v3_error(
        api.v3("PUT", f"/api_keys/{key_id}", json={"name": "k", "scopes": []}),
        400,
        "scopes must contain at least one scope",
    )
    v3_error(
        api.v3("PUT", f"/api_keys/{key_id}", json={"name": "k", "scopes": ["nope"]}),
        400,
        "unknown scope: nope",
    )
    v3_error(api.v3("PATCH", f"/api_keys/{key_id}", json={"scopes": ["mail.send"]}), 400)
    # Repeated scopes count once.
    assert _create(api, scopes=["mail.send", "mail.send"])["scopes"] == ["mail.send"]


def test_list_limit_and_the_key_maximum(api: Api) -> None:
    ids = [_create(api, name=f"k{n}")["api_key_id"] for n in range(100)]
    refused = api.v3("POST", "/api_keys", json={"name": "one too many"})
    v3_error(refused, 403)
    assert [
        k["api_key_id"] for k in api.v3("GET", "/api_keys", params={"limit": 3}).json()["result"]
    ] == ids[:3]
    assert len(api.v3("GET", "/api_keys").json()["result"]) == 100
    v3_error(api.v3("GET", "/api_keys", params={"limit": "zero"}), 400)
    # The limit is per account: a subuser still has room.
    assert api.add_subuser("room").status_code == 200
    assert _create(api, name="sub", who="room")["name"] == "sub"


# --- credits -----------------------------------------------------------------------------

UNLIMITED = {
    "type": "unlimited",
    "reset_frequency": None,
    "remain": None,
    "total": None,
    "used": None,
}


def test_credits_default_to_unlimited(api: Api) -> None:
    assert api.add_subuser("cr").status_code == 200
    got = api.v3("GET", "/subusers/cr/credits")
    assert got.status_code == 200 and got.json() == UNLIMITED


def test_documented_credits_examples(api: Api) -> None:
    assert api.add_subuser("cr").status_code == 200
    body = {"type": "recurring", "total": 100, "reset_frequency": "monthly"}
    put = api.v3("PUT", "/subusers/cr/credits", json=body)
    assert put.status_code == 200
    assert put.json() == {
        "remain": 100,
        "total": 100,
        "used": 0,
        "type": "recurring",
        "reset_frequency": "monthly",
    }
    # PATCH .../credits/remaining {"allocation_update": -1}: remain moves, total stays.
    patched = api.v3("PATCH", "/subusers/cr/credits/remaining", json={"allocation_update": -1})
    assert patched.status_code == 200
    assert patched.json() == {
        "remain": 99,
        "total": 100,
        "used": 0,
        "type": "recurring",
        "reset_frequency": "monthly",
    }
    assert api.v3("GET", "/subusers/cr/credits").json()["remain"] == 99
    assert api.state()["credits"] == [{"username": "cr", **patched.json()}]


def test_credit_types(api: Api) -> None:
    assert api.add_subuser("cr").status_code == 200
    once = api.v3("PUT", "/subusers/cr/credits", json={"type": "nonrecurring", "total": 500})
    assert once.status_code == 200
    assert once.json() == {
        "type": "nonrecurring",
        "reset_frequency": None,
        "remain": 500,
        "total": None,
        "used": None,
    }
    back = api.v3("PUT", "/subusers/cr/credits", json={"type": "unlimited"})
    assert back.status_code == 200 and back.json() == UNLIMITED
    v3_error(
        api.v3("PATCH", "/subusers/cr/credits/remaining", json={"allocation_update": 5}),
        400,
        "the subuser's credits are unlimited",
    )


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"type": "daily"},
            "type",
            "Type should be set to 'recurring', 'nonrecurring', or 'unlimited'",
        ),
        ({}, "type", "Type should be set to 'recurring', 'nonrecurring', or 'unlimited'"),
        (
            {"type": "unlimited", "total": 5},
            "total",
            "total must not be given when type is unlimited",
        ),
        (
            {"type": "unlimited", "reset_frequency": "daily"},
            "reset_frequency",
            "reset_frequency is only for type recurring",
        ),
        (
            {"type": "recurring", "total": 10},
            "reset_frequency",
            "reset_frequency is required for type recurring: monthly, weekly or daily",
        ),
        (
            {"type": "recurring", "total": 10, "reset_frequency": "yearly"},
            "reset_frequency",
            "reset_frequency is required for type recurring: monthly, weekly or daily",
        ),
        (
            {"type": "recurring", "reset_frequency": "daily"},
            "total",
            "total is required when type is recurring",
        ),
        ({"type": "nonrecurring"}, "total", "total is required when type is nonrecurring"),
        (
            {"type": "nonrecurring", "total": 0},
            "total",
            "total must be an integer from 1 to 2147483647",
        ),
        (
            {"type": "nonrecurring", "total": 5, "reset_frequency": "daily"},
            "reset_frequency",
            "reset_frequency is only for type recurring",
        ),
        ({"type": "nonrecurring", "total": "5"}, "total", "total must be an integer"),
        ({"type": "unlimited", "x": 1}, "x", "x is not a valid field"),
    ],
)
def test_credit_rules(api: Api, body: dict, field: str, message: str) -> None:
    assert api.add_subuser("cr").status_code == 200
    response = api.v3("PUT", "/subusers/cr/credits", json=body)
    v3_error(response, 400, message)
    assert field in [e["field"] for e in response.json()["errors"]]
    assert api.v3("GET", "/subusers/cr/credits").json() == UNLIMITED


def test_credits_of_an_unknown_subuser(api: Api) -> None:
    # As documented: 400 {"errors": [{"field": null, "message": "No user found"}]}.
    assert api.add_customer("cust@example.com").status_code == 200
    for name in ("ghost", "cust@example.com"):
        for method, path, body in [
            ("GET", "credits", None),
            ("PUT", "credits", {"type": "unlimited"}),
            ("PATCH", "credits/remaining", {"allocation_update": 1}),
        ]:
            response = api.v3(method, f"/subusers/{name}/{path}", json=body)
            assert response.status_code == 400, response.text
            assert response.json() == {"errors": [{"field": None, "message": "No user found"}]}


def test_remaining_credits_rules(api: Api) -> None:
    assert api.add_subuser("cr").status_code == 200
    assert (
        api.v3("PUT", "/subusers/cr/credits", json={"type": "nonrecurring", "total": 3}).status_code
        == 200
    )
    v3_error(
        api.v3("PATCH", "/subusers/cr/credits/remaining", json={"allocation_update": -4}),
        400,
        "the remaining credits cannot go below 0",
    )
    v3_error(
        api.v3("PATCH", "/subusers/cr/credits/remaining", json={}),
        400,
        "allocation_update is required",
    )
    assert (
        api.v3("PATCH", "/subusers/cr/credits/remaining", json={"allocation_update": -3}).json()[
            "remain"
        ]
        == 0
    )


def test_reset_clears_keys_credits_and_the_parent(api: Api) -> None:
    assert api.add_subuser("cr").status_code == 200
    assert (
        api.v3("PUT", "/subusers/cr/credits", json={"type": "nonrecurring", "total": 3}).status_code
        == 200
    )
    _create(api, who="cr")
    _create(api)
    assert api.v3("PUT", "/user/email", json={"email": "changed@example.com"}).status_code == 200
    assert api.control("POST", "/reset").status_code == 200
    state = api.state()
    assert state["api_keys"] == [] and state["credits"] == [] and state["accounts"] == []
    assert state["parent"] == {"username": "reseller", "email": "reseller@example.com"}
    assert api.v3("GET", "/api_keys").json() == {"result": []}
