"""``/v3/whitelabel/links`` over HTTP: the documented examples, the rules, the owners.

The bodies are checked against the properties ``LinkBranding200`` declares.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api, v3_error
from .test_partners import create as create_account

OBO = "on-behalf-of"
LINK_KEYS = {
    *("id", "domain", "subdomain", "username", "user_id"),
    *("default", "valid", "legacy", "dns"),
}


def links(api: Api, method: str, path: str = "", **kwargs: Any) -> Any:
    return api.v3(method, f"/whitelabel/links{path}", **kwargs)


def make(api: Api, status: int = 201, **body: Any) -> dict[str, Any]:
    headers = body.pop("headers", None)
    response = links(api, "POST", json=body, headers=headers)
    assert response.status_code == status, response.text
    created: dict[str, Any] = response.json()
    assert set(created) == LINK_KEYS
    return created


def test_documented_create_example(api: Api) -> None:
    # {"domain": "example.com", "subdomain": "mail", "default": true} -> 201.
    created = make(api, domain="example.com", subdomain="mail", default=True)
    assert (created["domain"], created["subdomain"], created["default"]) == (
        "example.com",
        "mail",
        True,
    )
    assert (created["username"], created["user_id"], created["legacy"]) == ("reseller", 0, False)
    assert created["valid"] is False
    assert created["dns"] == {
        "domain_cname": {
            "valid": False,
            "type": "cname",
            "host": "mail.example.com",
            "data": "sendgrid.net",
        },
        "owner_cname": {
            "valid": False,
            "type": "cname",
            "host": "0.example.com",
            "data": "sendgrid.net",
        },
    }
    got = links(api, "GET", f"/{created['id']}")
    assert got.status_code == 200 and got.json() == created
    listed = links(api, "GET")
    assert listed.status_code == 200 and listed.json() == [created]


def test_default_subdomain_and_owner_records(api: Api) -> None:
    assert api.add_subuser("tenant").status_code == 200
    tenant = api.account("tenant")
    assert tenant is not None
    created = make(api, domain="example.com", headers={OBO: "tenant"})
    assert created["subdomain"] == f"url{1000 + created['id']}"
    assert created["username"] == "tenant" and created["user_id"] == tenant["user_id"]
    assert created["dns"]["owner_cname"]["host"] == f"{tenant['user_id']}.example.com"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "domain"),
        ({"domain": "not a domain"}, "domain"),
        ({"domain": "example"}, "domain"),
        ({"domain": "example.com", "subdomain": "a.b!"}, "subdomain"),
        ({"domain": "example.com", "region": "global"}, "region"),
        ({"domain": "example.com", "default": "yes"}, "default"),
        ({"domain": "example.com", "username": "x"}, "username"),
    ],
)
def test_create_rules(api: Api, body: dict[str, Any], field: str) -> None:
    response = links(api, "POST", json=body)
    v3_error(response, 400)
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert api.state()["links"] == []


def test_subdomain_must_differ_from_the_authenticated_domain(api: Api) -> None:
    body = {"domain": "example.com", "subdomain": "em"}
    domain = api.v3("POST", "/whitelabel/domains", json=body)
    assert domain.status_code == 201
    v3_error(links(api, "POST", json={"domain": "example.com", "subdomain": "em"}), 400)
    make(api, domain="example.com", subdomain="links")
    v3_error(links(api, "POST", json={"domain": "example.com", "subdomain": "links"}), 400)


def test_patch_default_and_the_default_link(api: Api) -> None:
    v3_error(links(api, "GET", "/default"), 404)
    first = make(api, domain="example.com", default=True)
    second = make(api, domain="example.org")
    assert links(api, "GET", "/default").json()["id"] == first["id"]
    patched = links(api, "PATCH", f"/{second['id']}", json={"default": True})
    assert patched.status_code == 200 and set(patched.json()) == LINK_KEYS
    assert patched.json()["default"] is True
    assert links(api, "GET", f"/{first['id']}").json()["default"] is False
    assert links(api, "GET", "/default").json()["id"] == second["id"]
    by_domain = links(api, "GET", "/default", params={"domain": "example.com"})
    assert by_domain.json()["id"] == first["id"]
    v3_error(links(api, "PATCH", f"/{second['id']}", json={"subdomain": "x"}), 400)
    v3_error(links(api, "PATCH", "/999", json={"default": True}), 404)
    assert [x["id"] for x in links(api, "GET", params={"limit": "1"}).json()] == [first["id"]]


def test_delete(api: Api) -> None:
    created = make(api, domain="example.com")
    assert links(api, "DELETE", f"/{created['id']}").status_code == 204
    v3_error(links(api, "GET", f"/{created['id']}"), 404, "branded link not found")
    v3_error(links(api, "DELETE", f"/{created['id']}"), 404)
    assert api.state()["links"] == []


def test_tenants_see_their_own_links_only(api: Api) -> None:
    assert api.add_subuser("alice").status_code == 200
    assert api.add_subuser("bob", ips=["192.0.2.11"]).status_code == 200
    account_id = create_account(api)
    as_account = {OBO: f"account-id {account_id}"}
    parent_link = make(api, domain="parent.example")
    alice_link = make(api, domain="alice.example", headers={OBO: "alice"})
    account_link = make(api, domain="account.example", headers=as_account)

    def ids(headers: dict[str, str] | None = None) -> list[int]:
        return [x["id"] for x in links(api, "GET", headers=headers).json()]

    assert ids() == [parent_link["id"]]
    assert ids({OBO: "alice"}) == [alice_link["id"]]
    assert ids({OBO: "bob"}) == []
    assert ids(as_account) == [account_link["id"]]
    for headers in ({OBO: "bob"}, as_account, None):
        v3_error(links(api, "GET", f"/{alice_link['id']}", headers=headers), 404)
        v3_error(links(api, "PATCH", f"/{alice_link['id']}", json={}, headers=headers or {}), 404)


def test_association_with_a_subuser(api: Api) -> None:
    assert api.add_subuser("jane@example.com").status_code == 200
    first = make(api, domain="example.com")
    second = make(api, domain="example.org")
    # The documented example: {"username": "jane@example.com"} -> 200 with the link.
    jane = {"username": "jane@example.com"}
    associated = links(api, "POST", f"/{first['id']}/subuser", json=jane)
    assert associated.status_code == 200 and associated.json() == first
    got = links(api, "GET", "/subuser", params={"username": "jane@example.com"})
    assert got.status_code == 200 and got.json() == first
    # One link per subuser: the next association replaces it.
    assert (
        links(
            api, "POST", f"/{second['id']}/subuser", json={"username": "jane@example.com"}
        ).status_code
        == 200
    )
    got = links(api, "GET", "/subuser", params={"username": "jane@example.com"})
    assert got.json()["id"] == second["id"]
    assert api.state()["links"][1]["subusers"] == ["jane@example.com"]
    # The subuser does not see the parent's link.
    assert links(api, "GET", headers={OBO: "jane@example.com"}).json() == []
    gone = links(api, "DELETE", "/subuser", params={"username": "jane@example.com"})
    assert gone.status_code == 204
    v3_error(links(api, "GET", "/subuser", params={"username": "jane@example.com"}), 404)
    # Rules: a subuser that exists, the parent's own link, the parent only.
    v3_error(links(api, "POST", f"/{first['id']}/subuser", json={"username": "ghost"}), 400)
    v3_error(links(api, "POST", "/999/subuser", json={"username": "jane@example.com"}), 404)
    v3_error(
        links(
            api,
            "POST",
            f"/{first['id']}/subuser",
            json={"username": "jane@example.com"},
            headers={OBO: "jane@example.com"},
        ),
        403,
    )
    v3_error(links(api, "GET", "/subuser"), 400)
