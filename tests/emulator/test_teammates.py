"""``/v3/teammates``: invitations, the control API's accept, teammates, per tenant."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from sendgrid_emulator.scopes import scopes

from ._integrations import OBO, tenants
from .conftest import Api, v3_error

#: The response properties tsg_teammates_v3.json declares.
INVITE_RESPONSE = {"token", "email", "scopes", "is_admin"}
PENDING_ENTRY = INVITE_RESPONSE | {"expiration_date"}
PROFILE = {"phone", "website", "address", "address2", "city", "state", "zip", "country"}
LIST_ENTRY = {"username", "email", "first_name", "last_name", "user_type", "is_admin"} | PROFILE
TEAMMATE = LIST_ENTRY | {"scopes"}
ACCESS = {"has_restricted_subuser_access", "subuser_access", "_metadata"}
ACCESS_ENTRY = {"id", "username", "email", "disabled", "permission_type", "scopes"}
#: What SendGrid adds to every teammate that is not an admin.
AUTOMATIC = {"2fa_required", "sender_verification_eligible"}
#: The document's invite example.
DOC_INVITE = {
    "email": "teammate1@example.com",
    "scopes": ["user.profile.read", "user.profile.update"],
    "is_admin": False,
}


def invite(api: Api, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict:
    response = api.v3("POST", "/teammates", json=body, headers=headers or {})
    assert response.status_code == 201, response.text
    created: dict = response.json()
    return created


def accept(
    api: Api, email: str, username: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    response = api.control(
        "POST",
        "/teammates/accept",
        json={"email": email, "username": username},
        headers=headers or {},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_documented_invite_and_the_pending_list(api: Api) -> None:
    created = invite(api, DOC_INVITE)
    assert set(created) == INVITE_RESPONSE
    assert {k: created[k] for k in DOC_INVITE} == DOC_INVITE
    token = created["token"]
    assert token
    pending = api.v3("GET", "/teammates/pending")
    assert pending.status_code == 200
    [entry] = pending.json()["result"]
    assert set(entry) == PENDING_ENTRY
    assert {k: entry[k] for k in INVITE_RESPONSE} == created
    assert isinstance(entry["expiration_date"], int)
    # Not a teammate yet: only the owner is listed, the email has no username.
    listed = api.v3("GET", "/teammates").json()["result"]
    assert [t["user_type"] for t in listed] == ["owner"]
    resent = api.v3("POST", f"/teammates/pending/{token}/resend")
    assert resent.status_code == 200 and resent.json() == created
    assert api.v3("DELETE", f"/teammates/pending/{token}").status_code == 204
    assert api.v3("GET", "/teammates/pending").json() == {"result": []}
    for method, path in (("DELETE", token), ("POST", f"{token}/resend")):
        response = api.v3(method, f"/teammates/pending/{path}")
        v3_error(response, 404, "invalid pending key")
        assert response.json()["errors"][0]["field"] == "pending_key"


def test_accept_makes_an_active_teammate(api: Api) -> None:
    token = invite(api, DOC_INVITE)["token"]
    accepted = accept(api, DOC_INVITE["email"], "teammate1")
    one = api.v3("GET", "/teammates/teammate1")
    assert one.status_code == 200
    assert accepted == one.json()
    body = one.json()
    assert set(body) == TEAMMATE
    assert (body["username"], body["email"], body["user_type"], body["is_admin"]) == (
        "teammate1",
        "teammate1@example.com",
        "teammate",
        False,
    )
    # Granted scopes plus the ones SendGrid adds by itself, in SendGrid's (sorted) order.
    assert body["scopes"] == sorted({*DOC_INVITE["scopes"], *AUTOMATIC})
    assert api.v3("GET", "/teammates/pending").json() == {"result": []}
    v3_error(api.v3("DELETE", f"/teammates/pending/{token}"), 404)
    listed = api.v3("GET", "/teammates").json()["result"]
    assert [(t["username"], t["user_type"]) for t in listed] == [
        ("reseller", "owner"),
        ("teammate1", "teammate"),
    ]
    assert all(set(t) == LIST_ENTRY for t in listed)
    state = api.state()
    assert state["teammate_invitations"] == []
    assert state["teammates"][0]["granted"] == DOC_INVITE["scopes"]


def test_accept_rules(api: Api) -> None:
    invite(api, DOC_INVITE)
    missing = api.control(
        "POST", "/teammates/accept", json={"email": "nobody@example.com", "username": "x1"}
    )
    assert missing.status_code == 404 and "error" in missing.json()
    for bad in ({}, {"email": DOC_INVITE["email"]}, {"email": 1, "username": "x"}):
        assert api.control("POST", "/teammates/accept", json=bad).status_code == 400
    assert api.add_subuser("tenant_sub").status_code == 200
    for taken in ("reseller", "tenant_sub"):
        response = api.control(
            "POST", "/teammates/accept", json={"email": DOC_INVITE["email"], "username": taken}
        )
        assert response.status_code == 400, response.text
    bad_name = {"email": DOC_INVITE["email"], "username": "has space"}
    assert api.control("POST", "/teammates/accept", json=bad_name).status_code == 400
    accept(api, DOC_INVITE["email"], "teammate1")
    invite(api, {**DOC_INVITE, "email": "two@example.com"})
    again = {"email": "two@example.com", "username": "TEAMMATE1"}
    assert api.control("POST", "/teammates/accept", json=again).status_code == 400


def test_documented_update_and_delete(api: Api) -> None:
    invite(api, DOC_INVITE)
    accept(api, DOC_INVITE["email"], "teammate1")
    body = {"scopes": ["user.profile.read", "user.profile.update", "mail.send"], "is_admin": False}
    patched = api.v3("PATCH", "/teammates/teammate1", json=body)
    assert patched.status_code == 200, patched.text
    assert set(patched.json()) == TEAMMATE
    assert patched.json()["scopes"] == sorted({*body["scopes"], *AUTOMATIC})
    admin = api.v3("PATCH", "/teammates/teammate1", json={"scopes": [], "is_admin": True})
    assert admin.json()["is_admin"] is True and admin.json()["user_type"] == "admin"
    assert admin.json()["scopes"] == sorted(scopes())
    assert api.v3("DELETE", "/teammates/teammate1").status_code == 204
    for method, kwargs in (("GET", {}), ("DELETE", {}), ("PATCH", {"json": body})):
        response = api.v3(method, "/teammates/teammate1", **kwargs)
        v3_error(response, 404, "username not found")
        assert response.json()["errors"][0]["field"] == "username"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scopes": [], "is_admin": False}, "email"),
        ({"email": "a@b", "scopes": [], "is_admin": False}, "email"),
        ({"email": "not-an-email", "scopes": [], "is_admin": False}, "email"),
        ({"email": "t@example.com", "is_admin": False}, "scopes"),
        ({"email": "t@example.com", "scopes": []}, "is_admin"),
        ({"email": "t@example.com", "scopes": ["mail.send"], "is_admin": True}, "scopes"),
        ({"email": "t@example.com", "scopes": ["bogus.read"], "is_admin": False}, "scopes"),
        ({"email": "t@example.com", "scopes": "mail.send", "is_admin": False}, "scopes"),
        ({"email": "t@example.com", "scopes": [], "is_admin": "no"}, "is_admin"),
        ({"email": "t@example.com", "scopes": [], "is_admin": False, "x": 1}, "x"),
    ],
)
def test_invite_rules(api: Api, body: dict, field: str) -> None:
    response = api.v3("POST", "/teammates", json=body)
    v3_error(response, 400)
    assert field in [e["field"] for e in response.json()["errors"]]
    assert api.state()["teammate_invitations"] == []


def test_documented_invalid_scopes_message(api: Api) -> None:
    invite(api, DOC_INVITE)
    accept(api, DOC_INVITE["email"], "teammate1")
    response = api.v3("PATCH", "/teammates/teammate1", json={"scopes": ["nope"], "is_admin": False})
    v3_error(response, 400, "one or more of given scopes are invalid")
    assert response.json()["errors"] == [
        {"field": "scopes", "message": "one or more of given scopes are invalid"}
    ]


def test_one_invitation_per_email_and_the_owner_stays(api: Api) -> None:
    invite(api, DOC_INVITE)
    v3_error(api.v3("POST", "/teammates", json=DOC_INVITE), 400)
    accept(api, DOC_INVITE["email"], "teammate1")
    v3_error(api.v3("POST", "/teammates", json=DOC_INVITE), 400)
    owner = api.v3("GET", "/teammates/reseller")
    assert owner.status_code == 200 and owner.json()["user_type"] == "owner"
    v3_error(api.v3("PATCH", "/teammates/reseller", json={"scopes": [], "is_admin": True}), 400)
    v3_error(api.v3("DELETE", "/teammates/reseller"), 400)


def test_list_paging(api: Api) -> None:
    for n in range(3):
        invite(api, {**DOC_INVITE, "email": f"t{n}@example.com"})
        accept(api, f"t{n}@example.com", f"team{n}")

    def names(**params: Any) -> list[str]:
        response = api.v3("GET", "/teammates", params=params)
        assert response.status_code == 200, response.text
        return [t["username"] for t in response.json()["result"]]

    assert names() == ["reseller", "team0", "team1", "team2"]
    assert names(limit=2) == ["reseller", "team0"]
    assert names(limit=2, offset=2) == ["team1", "team2"]
    v3_error(api.v3("GET", "/teammates", params={"limit": 501}), 400)


def test_subuser_access(api: Api) -> None:
    for name in ("sub_a", "sub_b", "sub_c"):
        assert api.add_subuser(name).status_code == 200
    invite(api, {"email": "admin@example.com", "scopes": [], "is_admin": True})
    accept(api, "admin@example.com", "boss")
    invite(api, DOC_INVITE)
    accept(api, DOC_INVITE["email"], "teammate1")
    page = api.v3("GET", "/teammates/boss/subuser_access", params={"limit": 2})
    assert page.status_code == 200, page.text
    body = page.json()
    assert set(body) == ACCESS
    assert [s["username"] for s in body["subuser_access"]] == ["sub_a", "sub_b"]
    assert all(
        set(s) == ACCESS_ENTRY and s["permission_type"] == "admin" for s in body["subuser_access"]
    )
    after = body["_metadata"]["next_params"]["after_subuser_id"]
    rest = api.v3("GET", "/teammates/boss/subuser_access", params={"after_subuser_id": after})
    assert [s["username"] for s in rest.json()["subuser_access"]] == ["sub_c"]
    assert "after_subuser_id" not in rest.json()["_metadata"]["next_params"]
    named = api.v3("GET", "/teammates/boss/subuser_access", params={"username": "sub_b"})
    assert [s["username"] for s in named.json()["subuser_access"]] == ["sub_b"]
    # No call grants single subusers: a teammate that is not an admin reaches none.
    plain = api.v3("GET", "/teammates/teammate1/subuser_access").json()
    assert plain["subuser_access"] == [] and plain["has_restricted_subuser_access"] is False
    v3_error(api.v3("GET", "/teammates/ghost/subuser_access"), 404)


@pytest.mark.parametrize("who", ["parent", "subuser", "account"])
def test_each_tenant_has_its_own_teammates(api: Api, who: str) -> None:
    headers = tenants(api)
    mine = headers[who]
    token = invite(api, DOC_INVITE, mine)["token"]
    for other, theirs in headers.items():
        pending = api.v3("GET", "/teammates/pending", headers=theirs).json()["result"]
        assert [p["token"] for p in pending] == ([token] if other == who else [])
        if other != who:
            v3_error(api.v3("DELETE", f"/teammates/pending/{token}", headers=theirs), 404)
            # The invitation is the inviting tenant's: another cannot accept it.
            response = api.control(
                "POST",
                "/teammates/accept",
                json={"email": DOC_INVITE["email"], "username": "t1"},
                headers=theirs,
            )
            assert response.status_code == 404
    accept(api, DOC_INVITE["email"], "t1", mine)
    for other, theirs in headers.items():
        listed = api.v3("GET", "/teammates", headers=theirs).json()["result"]
        usernames = [t["username"] for t in listed if t["user_type"] != "owner"]
        assert usernames == (["t1"] if other == who else [])
        if other != who:
            v3_error(api.v3("GET", "/teammates/t1", headers=theirs), 404)
    owner = api.v3("GET", "/teammates", headers=mine).json()["result"][0]
    if who == "subuser":
        assert owner["username"] == "tenant_sub"
    assert api.v3("DELETE", "/teammates/t1", headers=mine).status_code == 204


def test_accept_with_an_unknown_on_behalf_of(api: Api) -> None:
    response = api.control(
        "POST",
        "/teammates/accept",
        json={"email": "a@example.com", "username": "a1"},
        headers={OBO: "ghost"},
    )
    assert response.status_code == 401


def test_concurrent_invitations_of_one_email(api: Api) -> None:
    def one(_: int) -> int:
        return api.v3("POST", "/teammates", json=DOC_INVITE).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(one, range(8)))
    assert statuses == [201] + [400] * 7
    assert len(api.state()["teammate_invitations"]) == 1
