"""``/v3/user/*`` with and without ``on-behalf-of``; the EU endpoint; subuser alignment."""

from __future__ import annotations

import pytest

from .conftest import Api, v3_error

OBO = "on-behalf-of"


def test_documented_user_examples(api: Api) -> None:
    # tsg_user_v3.json: PUT email {"email": "example@example.com"} -> {"email": ...};
    # PUT username {"username": "test_username"} -> {"username": ...}; password -> {}.
    assert api.add_subuser("doc-sub").status_code == 200
    headers = {OBO: "doc-sub"}
    email = api.v3("PUT", "/user/email", json={"email": "example@example.com"}, headers=headers)
    assert email.status_code == 200 and email.json() == {"email": "example@example.com"}
    got = api.v3("GET", "/user/email", headers=headers)
    assert got.status_code == 200 and got.json() == {"email": "example@example.com"}
    password = api.v3(
        "PUT",
        "/user/password",
        json={"new_password": "new_password", "old_password": "johns_password"},
        headers=headers,
    )
    assert password.status_code == 200 and password.json() == {}
    renamed = api.v3("PUT", "/user/username", json={"username": "test_username"}, headers=headers)
    assert renamed.status_code == 200 and renamed.json() == {"username": "test_username"}
    who = api.v3("GET", "/user/username", headers={OBO: "test_username"})
    assert who.status_code == 200
    assert who.json() == {"username": "test_username", "user_id": 1}


def test_username_change_keeps_the_user_id_and_frees_the_old_name(api: Api) -> None:
    created = api.add_subuser("before", ips=["192.0.2.11"])
    user_id = created.json()["user_id"]
    assert (
        api.v3(
            "POST", "/subusers/before/monitor", json={"email": "m@example.com", "frequency": 3}
        ).status_code
        == 200
    )
    renamed = api.v3("PUT", "/user/username", json={"username": "after"}, headers={OBO: "before"})
    assert renamed.status_code == 200
    account = api.account("after")
    assert account is not None and account["user_id"] == user_id
    assert account["ips"] == ["192.0.2.11"]
    assert api.account("before") is None
    assert api.v3("GET", "/subusers/after/monitor").json() == {
        "email": "m@example.com",
        "frequency": 3,
    }
    # The old name no longer acts, and can be taken by a new subuser.
    v3_error(api.v3("GET", "/user/email", headers={OBO: "before"}), 401, "authorization required")
    assert api.add_subuser("before").status_code == 200


def test_username_change_rules(api: Api) -> None:
    assert api.add_subuser("one").status_code == 200
    assert api.add_subuser("two").status_code == 200
    assert api.add_customer("cust@example.com").status_code == 200
    for taken in ("two", "TWO", "cust@example.com", "reseller"):
        response = api.v3("PUT", "/user/username", json={"username": taken}, headers={OBO: "one"})
        v3_error(response, 400, "username exists")
        assert response.json()["errors"][0]["field"] == "username"
    for bad, message in [
        ("", "username is required"),
        ("a b", "username must not contain whitespace or /"),
        ("x" * 65, "username must be no more than 64 characters"),
    ]:
        response = api.v3("PUT", "/user/username", json={"username": bad}, headers={OBO: "one"})
        v3_error(response, 400, message)
    # Same name, other case: allowed, it is the same account.
    same = api.v3("PUT", "/user/username", json={"username": "ONE"}, headers={OBO: "one"})
    assert same.status_code == 200 and api.account("ONE") is not None
    # The parent's own username is the v2 api_user: it cannot change here.
    parent = api.v3("PUT", "/user/username", json={"username": "newparent"})
    v3_error(parent, 400)
    assert parent.json()["errors"][0]["field"] == "username"


def test_password_change_needs_the_old_password(api: Api) -> None:
    assert api.add_subuser("pw").status_code == 200
    headers = {OBO: "pw"}

    def change(old: str, new: str) -> int:
        body = {"old_password": old, "new_password": new}
        return api.v3("PUT", "/user/password", json=body, headers=headers).status_code

    wrong = api.v3(
        "PUT",
        "/user/password",
        json={"old_password": "nope", "new_password": "n3wpass"},
        headers=headers,
    )
    v3_error(wrong, 400, "old password does not match")
    assert wrong.json()["errors"][0]["field"] == "old_password"
    short = api.v3(
        "PUT",
        "/user/password",
        json={"old_password": "johns_password", "new_password": "abc"},
        headers=headers,
    )
    v3_error(short, 400, "new_password must be at least 6 characters")
    missing = api.v3("PUT", "/user/password", json={"new_password": "n3wpass"}, headers=headers)
    v3_error(missing, 400, "old_password is required")
    assert change("johns_password", "second-pass") == 200
    assert change("johns_password", "third-pass") == 400  # the old one no longer matches
    assert change("second-pass", "third-pass") == 200
    assert "third-pass" not in str(api.state()) and "second-pass" not in str(api.state())


def test_the_parent_without_the_header(api: Api) -> None:
    assert api.v3("GET", "/user/email").json() == {"email": "reseller@example.com"}
    assert api.v3("GET", "/user/username").json() == {"username": "reseller", "user_id": 0}
    assert api.v3("PUT", "/user/email", json={"email": "ops@example.com"}).status_code == 200
    assert api.state()["parent"] == {"username": "reseller", "email": "ops@example.com"}
    body = {"old_password": "reseller-password", "new_password": "parent-2"}
    assert api.v3("PUT", "/user/password", json=body).status_code == 200
    v3_error(api.v3("PUT", "/user/password", json=body), 400, "old password does not match")
    # A subuser's change does not touch the parent, and the other way round.
    assert api.add_subuser("kid").status_code == 200
    assert (
        api.v3(
            "PUT", "/user/email", json={"email": "kid2@example.com"}, headers={OBO: "kid"}
        ).status_code
        == 200
    )
    assert api.v3("GET", "/user/email").json() == {"email": "ops@example.com"}
    assert api.account("kid")["email"] == "kid2@example.com"  # type: ignore[index]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/user/email", None),
        ("PUT", "/user/email", {"email": "x@example.com"}),
        ("PUT", "/user/password", {"old_password": "johns_password", "new_password": "abcdefg"}),
        ("GET", "/user/username", None),
        ("PUT", "/user/username", {"username": "x"}),
        ("GET", "/api_keys", None),
        ("POST", "/api_keys", {"name": "k"}),
    ],
)
@pytest.mark.parametrize("who", ["ghost", "account-id 404"])
def test_unknown_on_behalf_of_is_refused(
    api: Api, method: str, path: str, body: object, who: str
) -> None:
    assert api.add_customer("cust@example.com").status_code == 200
    response = api.v3(method, path, json=body, headers={OBO: who})
    assert response.status_code == 401, response.text
    assert response.json() == {"errors": [{"field": None, "message": "authorization required"}]}
    assert api.state()["api_keys"] == []
    assert api.state()["parent"]["email"] == "reseller@example.com"


def test_a_v2_customer_is_acted_for_like_a_subuser(api: Api) -> None:
    assert api.add_customer("cust@example.com").status_code == 200
    created = api.v3("POST", "/api_keys", json={"name": "k"}, headers={OBO: "cust@example.com"})
    assert created.status_code in (200, 201), created.text
    owners = [k["owner"] for k in api.state()["api_keys"]]
    assert owners == ["cust@example.com"]
    assert api.v3("GET", "/api_keys").json() == {"result": []}  # not the parent's
    email = api.v3("GET", "/user/email", headers={OBO: "cust@example.com"})
    assert email.json() == {"email": "cust@example.com"}


def test_user_calls_need_the_parent_key(api: Api) -> None:
    assert api.add_subuser("locked").status_code == 200
    for key in (None, "wrong"):
        response = api.v3("GET", "/user/email", key=key, headers={OBO: "locked"})
        v3_error(response, 401, "authorization required")


def test_email_rules(api: Api) -> None:
    assert api.add_subuser("mail").status_code == 200
    for bad, message in [
        ({"email": "not-an-email"}, "email must be a valid email address"),
        ({}, "email is required"),
        ({"email": 5}, "email must be a string"),
        ({"email": "a@example.com", "x": 1}, "x is not a valid field"),
    ]:
        v3_error(api.v3("PUT", "/user/email", json=bad, headers={OBO: "mail"}), 400, message)
    assert api.account("mail")["email"] == "mail@example.com"  # type: ignore[index]


def test_the_eu_endpoint_serves_the_same_api(api: Api) -> None:
    eu = f"{api.url}/eu/v3"
    auth = {"Authorization": "Bearer SG.emulator-key"}
    created = api.session.post(
        f"{eu}/subusers",
        json={
            "username": "eu-sub",
            "email": "eu@example.com",
            "password": "abcdefg",
            "ips": ["192.0.2.10"],
            "region": "eu",
            "include_region": True,
        },
        headers=auth,
        timeout=10,
    )
    assert created.status_code == 200 and created.json()["region"] == "eu"
    email = api.session.put(
        f"{eu}/user/email",
        json={"email": "eu2@example.com"},
        headers={**auth, OBO: "eu-sub"},
        timeout=10,
    )
    assert email.status_code == 200
    assert api.account("eu-sub")["email"] == "eu2@example.com"  # type: ignore[index]
    refused = api.session.get(f"{eu}/subusers", timeout=10)
    v3_error(refused, 401, "authorization required")
    # Only v3 lives there; the request log keeps the path as sent.
    assert api.session.get(f"{api.url}/eu/apiv2/reseller.ip.json", timeout=10).status_code == 404
    paths = [r["path"] for r in api.request_log()["requests"]]
    assert "/eu/v3/subusers" in paths and "/eu/v3/user/email" in paths


def test_list_region_filter_and_include_region(api: Api) -> None:
    assert api.add_subuser("g1").status_code == 200
    assert api.add_subuser("e1", region="eu").status_code == 200
    assert api.add_subuser("g2", region="global").status_code == 200

    def names(**params: str) -> list[str]:
        response = api.v3("GET", "/subusers", params=params)
        assert response.status_code == 200, response.text
        return [s["username"] for s in response.json()]

    assert names() == ["g1", "e1", "g2"] == names(region="all")
    assert names(region="eu") == ["e1"]
    assert names(region="global") == ["g1", "g2"]
    listed = api.v3("GET", "/subusers", params={"region": "eu", "include_region": "true"}).json()
    assert listed == [
        {"id": 2, "username": "e1", "email": "e1@example.com", "disabled": False, "region": "eu"}
    ]
    v3_error(
        api.v3("GET", "/subusers", params={"region": "mars"}),
        400,
        "region must be one of: all, global, eu",
    )
    bad = api.add_subuser("x", include_region="yes")
    v3_error(bad, 400, "include_region must be a boolean")


def test_reputations_accept_both_spellings(api: Api) -> None:
    for name in ("r1", "r2", "r3"):
        assert api.add_subuser(name).status_code == 200
    mixed = api.v3("GET", "/subusers/reputations?usernames=r1&usernames[]=r3&usernames%5B%5D=r2")
    assert mixed.status_code == 200
    assert [r["username"] for r in mixed.json()] == ["r1", "r3", "r2"]
    node = api.v3("GET", "/subusers/reputations", params=[("usernames[]", "r2")])
    assert node.json() == [{"username": "r2", "reputation": 100.0}]
    v3_error(
        api.v3("GET", "/subusers/reputations?names=r1"), 400, "names is not a valid query parameter"
    )


def test_website_access(api: Api) -> None:
    assert api.add_subuser("web").status_code == 200
    off = api.v3("PATCH", "/subusers/web/website_access", json={"disabled": True})
    assert off.status_code == 204 and off.content == b""
    account = api.account("web")
    assert account is not None and account["website_access"] is False and account["active"] is True
    assert (
        api.v3("PATCH", "/subusers/web/website_access", json={"disabled": False}).status_code == 204
    )
    assert api.account("web")["website_access"] is True  # type: ignore[index]
    for bad, message in [
        ({}, "disabled is required"),
        ({"disabled": "yes"}, "disabled must be a boolean"),
        ({"disabled": True, "other": 1}, "other is not a valid field"),
    ]:
        v3_error(api.v3("PATCH", "/subusers/web/website_access", json=bad), 400, message)
