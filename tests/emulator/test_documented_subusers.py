"""The documented examples of v3 subusers, over HTTP."""

from __future__ import annotations

from .conftest import CUSTOMER_FIELDS, Api, v3_error

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
