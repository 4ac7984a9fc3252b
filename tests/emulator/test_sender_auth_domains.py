"""``/v3/whitelabel/domains`` over HTTP: the documented examples, the rules, the owners.

The documented request of "Authenticate a domain" is sent with two adaptations: a
documentation-range IP (RFC 5737) of the parent's inventory replaces 192.168.1.x, and
``custom_dkim_selector`` "abc" replaces the example's "string" (the document says three
letters or numbers). The bodies are checked against the properties the document declares.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api, v3_error
from .test_partners import create as create_account

OBO = "on-behalf-of"
#: The properties of ``AuthenticatedDomain`` (all required).
DOMAIN_KEYS = {
    "id",
    "user_id",
    "subdomain",
    "domain",
    "username",
    "ips",
    "custom_spf",
    "default",
    "legacy",
    "automatic_security",
    "valid",
    "dns",
}
#: A list entry (``DomainAuthentication200``) adds these two optional properties.
LISTING_EXTRA = {"subusers", "last_validation_attempt_at"}
RECORD_KEYS = {"valid", "type", "host", "data"}


def domains(api: Api, method: str, path: str = "", **kwargs: Any) -> Any:
    return api.v3(method, f"/whitelabel/domains{path}", **kwargs)


def make(api: Api, status: int = 201, **body: Any) -> dict[str, Any]:
    headers = body.pop("headers", None)
    response = domains(api, "POST", json=body, headers=headers)
    assert response.status_code == status, response.text
    created: dict[str, Any] = response.json()
    return created


def assert_domain_shape(body: dict[str, Any], listing: bool = False) -> None:
    keys = set(body)
    if listing:
        assert DOMAIN_KEYS <= keys <= DOMAIN_KEYS | LISTING_EXTRA, keys
    else:
        assert keys == DOMAIN_KEYS, keys
    assert body["legacy"] is False
    for record in body["dns"].values():
        assert set(record) == RECORD_KEYS


def test_documented_create_example(api: Api) -> None:
    assert api.add_subuser("john@example.com").status_code == 200
    body = {
        "domain": "example.com",
        "subdomain": "news",
        "username": "john@example.com",
        "ips": ["192.0.2.10", "192.0.2.11"],
        "custom_spf": True,
        "default": True,
        "automatic_security": False,
        "custom_dkim_selector": "abc",
        "region": "global",
    }
    created = make(api, **body)
    assert_domain_shape(created)
    user_id = api.account("john@example.com")["user_id"]  # type: ignore[index]
    assert created["username"] == "john@example.com" and created["user_id"] == user_id
    assert (created["domain"], created["subdomain"]) == ("example.com", "news")
    assert created["ips"] == ["192.0.2.10", "192.0.2.11"]
    assert (created["custom_spf"], created["default"], created["valid"]) == (True, True, False)
    assert created["automatic_security"] is False
    dns = created["dns"]
    assert list(dns) == ["mail_server", "subdomain_spf", "domain_spf", "dkim"]
    assert dns["mail_server"] == {
        "valid": False,
        "type": "mx",
        "host": "news.example.com",
        "data": "mx.sendgrid.net",
    }
    assert dns["subdomain_spf"]["data"] == "v=spf1 ip4:192.0.2.10 ip4:192.0.2.11 -all"
    assert dns["domain_spf"] == {
        "valid": False,
        "type": "txt",
        "host": "example.com",
        "data": "v=spf1 include:news.example.com -all",
    }
    assert dns["dkim"]["host"] == "abc1._domainkey.example.com"
    assert dns["dkim"]["type"] == "txt" and dns["dkim"]["data"].startswith("k=rsa; t=s; p=MII")
    # Made for the subuser: the subuser reads it; the parent's own calls do not.
    got = domains(api, "GET", f"/{created['id']}", headers={OBO: "john@example.com"})
    assert got.status_code == 200 and got.json() == created
    v3_error(domains(api, "GET", f"/{created['id']}"), 404, "authenticated domain not found")


def test_automatic_security_records_and_their_stability(api: Api) -> None:
    created = make(api, domain="Example.COM", subdomain="mail")
    assert_domain_shape(created)
    n = created["id"]
    assert created["domain"] == "example.com" and created["user_id"] == 0
    assert created["username"] == "reseller" and created["automatic_security"] is True
    assert created["dns"] == {
        "mail_cname": {
            "valid": False,
            "type": "cname",
            "host": "mail.example.com",
            "data": f"u0.wl{n}.sendgrid.net",
        },
        "dkim1": {
            "valid": False,
            "type": "cname",
            "host": "s1._domainkey.example.com",
            "data": f"s1.domainkey.u0.wl{n}.sendgrid.net",
        },
        "dkim2": {
            "valid": False,
            "type": "cname",
            "host": "s2._domainkey.example.com",
            "data": f"s2.domainkey.u0.wl{n}.sendgrid.net",
        },
    }
    # Every read shows the same records.
    for _ in range(2):
        assert domains(api, "GET", f"/{n}").json() == created
    listed = domains(api, "GET").json()
    assert [d["dns"] for d in listed] == [created["dns"]]
    assert_domain_shape(listed[0], listing=True)
    assert listed[0]["subusers"] == []
    # Without a subdomain, SendGrid picks one (em...).
    other = make(api, domain="example.net", custom_dkim_selector="K9x")
    assert other["subdomain"] == f"em{1000 + other['id']}"
    assert other["dns"]["dkim1"]["host"] == "k9x1._domainkey.example.net"


def test_manual_security_without_custom_spf(api: Api) -> None:
    created = make(api, domain="example.org", subdomain="mail", automatic_security=False)
    dns = created["dns"]
    assert list(dns) == ["mail_server", "subdomain_spf", "dkim"]
    assert dns["subdomain_spf"] == {
        "valid": False,
        "type": "txt",
        "host": "mail.example.org",
        "data": "v=spf1 include:sendgrid.net ~all",
    }
    assert dns["dkim"]["host"] == "s1._domainkey.example.org"
    assert domains(api, "GET", f"/{created['id']}").json()["dns"] == dns


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"domain"}),
        ({"domain": "not a domain"}, {"domain"}),
        ({"domain": "localhost"}, {"domain"}),
        ({"domain": "-bad.example.com"}, {"domain"}),
        ({"domain": "192.0.2.10"}, {"domain"}),
        ({"domain": "example.com", "subdomain": "a b"}, {"subdomain"}),
        ({"domain": "example.com", "custom_dkim_selector": "abcd"}, {"custom_dkim_selector"}),
        ({"domain": "example.com", "custom_dkim_selector": "a_c"}, {"custom_dkim_selector"}),
        ({"domain": "example.com", "custom_spf": True}, {"custom_spf"}),
        (
            {"domain": "example.com", "custom_spf": True, "automatic_security": True},
            {"custom_spf"},
        ),
        ({"domain": "example.com", "region": "mars"}, {"region"}),
        ({"domain": "example.com", "automatic_security": "no"}, {"automatic_security"}),
        ({"domain": "example.com", "ips": "192.0.2.10"}, {"ips"}),
        ({"domain": "example.com", "ips": ["203.0.113.250"]}, {"ips"}),
        ({"domain": "example.com", "ips": ["not-an-ip"]}, {"ips"}),
        ({"domain": "example.com", "username": "nobody"}, {"username"}),
        ({"domain": "example.com", "color": "red"}, {"color"}),
        ({"domain": 5}, {"domain"}),
    ],
)
def test_create_rules(api: Api, body: dict[str, Any], fields: set[str]) -> None:
    response = domains(api, "POST", json=body)
    v3_error(response, 400)
    assert {e["field"] for e in response.json()["errors"]} == fields
    assert api.state()["domains"] == []


def test_same_subdomain_twice_is_refused(api: Api) -> None:
    make(api, domain="example.com", subdomain="mail")
    v3_error(domains(api, "POST", json={"domain": "example.com", "subdomain": "mail"}), 400)
    # Another owner may.
    assert api.add_subuser("tenant").status_code == 200
    make(api, domain="example.com", subdomain="mail", headers={OBO: "tenant"})


def test_patch_changes_default_and_custom_spf_and_answers_a_list(api: Api) -> None:
    first = make(api, domain="example.com", default=True)
    second = make(api, domain="example.org", automatic_security=False, ips=["192.0.2.12"])
    patched = domains(api, "PATCH", f"/{second['id']}", json={"default": True, "custom_spf": True})
    assert patched.status_code == 200, patched.text
    (entry,) = patched.json()
    assert_domain_shape(entry, listing=True)
    assert (entry["default"], entry["custom_spf"]) == (True, True)
    assert entry["dns"]["subdomain_spf"]["data"] == "v=spf1 ip4:192.0.2.12 -all"
    assert "domain_spf" in entry["dns"]
    # One default per owner.
    assert domains(api, "GET", f"/{first['id']}").json()["default"] is False
    # custom_spf needs manual security.
    v3_error(domains(api, "PATCH", f"/{first['id']}", json={"custom_spf": True}), 400)
    v3_error(domains(api, "PATCH", f"/{first['id']}", json={"legacy": True}), 400)
    v3_error(domains(api, "PATCH", "/999", json={"default": True}), 404)
    # PATCH without a change answers the domain as it is.
    same = domains(api, "PATCH", f"/{first['id']}", json={})
    assert same.status_code == 200 and same.json()[0]["default"] is False


def test_delete_and_unknown_ids(api: Api) -> None:
    created = make(api, domain="example.com")
    assert domains(api, "DELETE", f"/{created['id']}").status_code == 204
    v3_error(domains(api, "GET", f"/{created['id']}"), 404)
    v3_error(domains(api, "DELETE", f"/{created['id']}"), 404)
    v3_error(domains(api, "GET", "/abc"), 404)
    v3_error(domains(api, "POST", f"/{created['id']}/validate"), 404)
    assert api.state()["domains"] == []


def test_tenants_see_their_own_domains_only(api: Api) -> None:
    assert api.add_subuser("alice").status_code == 200
    assert api.add_subuser("bob", ips=["192.0.2.11"]).status_code == 200
    account_id = create_account(api)
    as_account = {OBO: f"account-id {account_id}"}
    parent_domain = make(api, domain="parent.example")
    alice_domain = make(api, domain="alice.example", headers={OBO: "alice"})
    account_domain = make(api, domain="account.example", headers=as_account)
    alice = api.account("alice")
    assert alice is not None and alice_domain["user_id"] == alice["user_id"]
    assert alice_domain["username"] == "alice"
    assert alice_domain["dns"]["mail_cname"]["data"].startswith(f"u{alice['user_id']}.wl")
    assert account_domain["username"] != "reseller" and account_domain["user_id"] > 0

    def ids(headers: dict[str, str] | None = None, **params: str) -> list[int]:
        response = domains(api, "GET", headers=headers, params=params)
        assert response.status_code == 200, response.text
        return [d["id"] for d in response.json()]

    assert ids({OBO: "alice"}) == [alice_domain["id"]]
    assert ids({OBO: "bob"}) == []
    assert ids(as_account) == [account_domain["id"]]
    # The parent's list holds its subusers' domains too, unless told otherwise.
    assert ids() == [parent_domain["id"], alice_domain["id"]]
    assert ids(exclude_subusers="true") == [parent_domain["id"]]
    assert ids(username="alice") == [alice_domain["id"]]
    assert ids(domain="parent.example") == [parent_domain["id"]]
    assert ids(limit="1", offset="1") == [alice_domain["id"]]
    # Reads, changes, validation and deletion by anyone else: 404.
    for headers in ({OBO: "bob"}, as_account, None):
        v3_error(domains(api, "GET", f"/{alice_domain['id']}", headers=headers), 404)
        v3_error(
            domains(api, "DELETE", f"/{alice_domain['id']}", headers=headers or {}),
            404,
        )
    got = domains(api, "GET", f"/{account_domain['id']}", headers=as_account)
    assert got.status_code == 200 and got.json() == account_domain
    v3_error(domains(api, "GET", headers={OBO: "ghost"}), 401)
    v3_error(domains(api, "GET", params={"page": "2"}), 400)


def test_associations_with_subusers(api: Api) -> None:
    for name in ("jdoe", "jane"):
        assert api.add_subuser(name).status_code == 200
    jdoe = api.account("jdoe")
    assert jdoe is not None
    first = make(api, domain="example.com", subdomain="mail")
    second = make(api, domain="example.org", subdomain="mail")
    # The documented example: {"username": "jdoe"} -> 201, the domain shown for jdoe.
    associated = domains(api, "POST", f"/{first['id']}/subuser", json={"username": "jdoe"})
    assert associated.status_code == 201, associated.text
    body = associated.json()
    assert_domain_shape(body)
    assert (body["id"], body["username"], body["user_id"]) == (first["id"], "jdoe", jdoe["user_id"])
    assert body["dns"] == first["dns"]
    got = domains(api, "GET", "/subuser", params={"username": "jdoe"})
    assert got.status_code == 200 and got.json()["id"] == first["id"]
    # The one associated domain is replaced by the next POST .../subuser.
    assert (
        domains(api, "POST", f"/{second['id']}/subuser", json={"username": "jdoe"}).status_code
        == 201
    )
    assert domains(api, "GET", "/subuser", params={"username": "jdoe"}).json()["id"] == second["id"]
    # subuser:add keeps the others; the parent's list shows each domain's subusers.
    added = domains(api, "POST", f"/{first['id']}/subuser:add", json={"username": "jdoe"})
    assert added.status_code == 201
    added = domains(api, "POST", f"/{first['id']}/subuser:add", json={"username": "jane"})
    assert added.status_code == 201
    listed = {d["id"]: d["subusers"] for d in domains(api, "GET").json()}
    assert [s["username"] for s in listed[first["id"]]] == ["jdoe", "jane"]
    assert [s["username"] for s in listed[second["id"]]] == ["jdoe"]
    every = domains(api, "GET", "/subuser/all", params={"username": "jdoe"})
    assert every.status_code == 200
    assert sorted(d["id"] for d in every.json()) == sorted([first["id"], second["id"]])
    # The subuser does not see the parent's domain.
    assert domains(api, "GET", headers={OBO: "jdoe"}).json() == []
    # Disassociations: one domain, then the one associated domain; again is no error.
    gone = domains(api, "DELETE", f"/{first['id']}/subuser", params={"username": "jane"})
    assert gone.status_code == 204
    assert domains(api, "DELETE", "/subuser", params={"username": "jdoe"}).status_code == 204
    assert domains(api, "DELETE", "/subuser", params={"username": "jdoe"}).status_code == 204
    listed = {d["id"]: d["subusers"] for d in domains(api, "GET").json()}
    assert [s["username"] for s in listed[first["id"]]] == ["jdoe"]
    assert listed[second["id"]] == []
    # Deleting the domain removes its associations.
    assert domains(api, "DELETE", f"/{first['id']}").status_code == 204
    v3_error(domains(api, "GET", "/subuser", params={"username": "jdoe"}), 404)
    assert domains(api, "GET", "/subuser/all", params={"username": "jdoe"}).json() == []


def test_association_rules(api: Api) -> None:
    assert api.add_subuser("jdoe").status_code == 200
    own = [make(api, domain=f"d{n}.example.com") for n in range(6)]
    for domain in own[:5]:
        response = domains(api, "POST", f"/{domain['id']}/subuser:add", json={"username": "jdoe"})
        assert response.status_code == 201
    sixth = domains(api, "POST", f"/{own[5]['id']}/subuser:add", json={"username": "jdoe"})
    v3_error(sixth, 400)
    assert sixth.json()["errors"][0]["field"] == "username"
    # Adding one again is no error and does not count twice.
    again = domains(api, "POST", f"/{own[0]['id']}/subuser:add", json={"username": "jdoe"})
    assert again.status_code == 201
    v3_error(domains(api, "POST", f"/{own[0]['id']}/subuser", json={"username": "ghost"}), 400)
    v3_error(domains(api, "POST", f"/{own[0]['id']}/subuser", json={}), 400)
    v3_error(domains(api, "POST", "/999/subuser", json={"username": "jdoe"}), 404)
    # Only the parent associates, and only its own domains.
    theirs = make(api, domain="sub.example.com", headers={OBO: "jdoe"})
    v3_error(domains(api, "POST", f"/{theirs['id']}/subuser", json={"username": "jdoe"}), 404)
    v3_error(
        domains(
            api,
            "POST",
            f"/{theirs['id']}/subuser",
            json={"username": "jdoe"},
            headers={OBO: "jdoe"},
        ),
        403,
    )
    v3_error(domains(api, "GET", "/subuser"), 400)
    v3_error(domains(api, "GET", "/subuser", params={"username": "ghost"}), 400)


def test_default_and_ips(api: Api) -> None:
    assert domains(api, "GET", "/default").json() == []
    make(api, domain="example.com")
    chosen = make(api, domain="example.org", default=True, automatic_security=False)
    default = domains(api, "GET", "/default")
    assert default.status_code == 200 and [d["id"] for d in default.json()] == [chosen["id"]]
    by_domain = domains(api, "GET", "/default", params={"domain": "example.com"}).json()
    assert [d["domain"] for d in by_domain] == ["example.com"]
    added = domains(api, "POST", f"/{chosen['id']}/ips", json={"ip": "192.0.2.20"})
    assert added.status_code == 200 and added.json()["ips"] == ["192.0.2.20"]
    v3_error(domains(api, "POST", f"/{chosen['id']}/ips", json={"ip": "203.0.113.250"}), 400)
    removed = domains(api, "DELETE", f"/{chosen['id']}/ips/192.0.2.20")
    assert removed.status_code == 200 and removed.json()["ips"] == []
    v3_error(domains(api, "DELETE", f"/{chosen['id']}/ips/192.0.2.20"), 400)


def test_state_dump_and_reset(api: Api) -> None:
    assert api.add_subuser("jdoe").status_code == 200
    created = make(api, domain="example.com", region="eu", custom_dkim_selector="abc")
    assert domains(api, "POST", f"/{created['id']}/subuser:add", json={"username": "jdoe"})
    (dumped,) = api.state()["domains"]
    assert dumped["dns"] == created["dns"]
    assert (dumped["owner"], dumped["region"], dumped["custom_dkim_selector"]) == (
        None,
        "eu",
        "abc",
    )
    assert dumped["subusers"] == [{"user_id": api.account("jdoe")["user_id"], "username": "jdoe"}]  # type: ignore[index]
    assert api.control("POST", "/reset").status_code == 200
    assert api.state()["domains"] == [] and api.state()["links"] == []
    # Ids start again after a reset, and so do the records built from them.
    assert make(api, domain="example.com", subdomain="mail")["id"] == 1
