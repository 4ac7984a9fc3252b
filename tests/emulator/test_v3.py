"""v3 subusers: authentication, rate-limit headers, validation, monitors, paging."""

from __future__ import annotations

import time

import pytest
import requests

from sendgrid_emulator import EmulatorServer

from .conftest import Api, v3_error

RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")

ENDPOINTS = [
    ("GET", "/subusers", None),
    (
        "POST",
        "/subusers",
        {"username": "x", "email": "x@example.com", "password": "abcdef", "ips": ["192.0.2.10"]},
    ),
    ("GET", "/subusers/reputations?usernames=x", None),
    ("PATCH", "/subusers/x", {"disabled": True}),
    ("DELETE", "/subusers/x", None),
    ("PUT", "/subusers/x/ips", ["192.0.2.10"]),
    ("GET", "/subusers/x/monitor", None),
    ("POST", "/subusers/x/monitor", {"email": "m@example.com", "frequency": 10}),
    ("PUT", "/subusers/x/monitor", {"email": "m@example.com", "frequency": 10}),
    ("DELETE", "/subusers/x/monitor", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "SG.emulator-key"},
        {"Authorization": "Basic SG.emulator-key"},
        {"Authorization": "Bearer "},
    ],
)
def test_v3_requires_the_key(
    api: Api, method: str, path: str, body: object, headers: dict[str, str]
) -> None:
    response = api.v3(method, path, key=None, headers=headers, json=body)
    assert response.status_code == 401
    assert response.json() == {"errors": [{"field": None, "message": "authorization required"}]}
    for name in RATE_HEADERS:
        assert name in response.headers
    assert api.state()["accounts"] == []


def test_rate_limit_headers_on_every_v3_response(api: Api) -> None:
    responses = [
        api.add_subuser("hdr"),  # 200
        api.v3("GET", "/subusers"),  # 200
        api.v3("PATCH", "/subusers/hdr", json={"disabled": True}),  # 204
        api.v3("PATCH", "/subusers/hdr", json={"disabled": "yes"}),  # 400
        api.v3("PATCH", "/subusers/ghost", json={"disabled": True}),  # 400 invalid username
        api.v3("GET", "/subusers/hdr"),  # 405
        api.v3("POST", "/subusers", data="x", headers={"Content-Type": "text/plain"}),  # 415
        api.v3("GET", "/subusers", key="nope"),  # 401
        api.v3("GET", "/nothing-here"),  # 404
    ]
    assert [r.status_code for r in responses] == [200, 200, 204, 400, 400, 405, 415, 401, 404]
    now = time.time()
    for response in responses:
        for name in RATE_HEADERS:
            assert response.headers[name].isdigit(), (response.status_code, name)
        assert int(response.headers["X-RateLimit-Limit"]) == 10_000
        assert now - 5 < int(response.headers["X-RateLimit-Reset"]) <= now + 61
    remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in responses[:7]]
    assert remaining == sorted(remaining, reverse=True) and len(set(remaining)) == 7


def test_v3_window_exhaustion_gives_real_429() -> None:
    with EmulatorServer(v3_rate_limit=3, v3_rate_window=60) as server:
        headers = {"Authorization": "Bearer SG.emulator-key"}
        got = [
            requests.get(f"{server.url}/v3/subusers", headers=headers, timeout=10) for _ in range(5)
        ]
        assert [r.status_code for r in got] == [200, 200, 200, 429, 429]
        assert [r.headers["X-RateLimit-Remaining"] for r in got] == ["2", "1", "0", "0", "0"]
        assert got[3].json() == {"errors": [{"field": None, "message": "too many requests"}]}
        reset = int(got[3].headers["X-RateLimit-Reset"])
        assert time.time() < reset <= time.time() + 61
        # Another key has its own window (and is refused for being wrong, not for the limit).
        other = requests.get(
            f"{server.url}/v3/subusers", headers={"Authorization": "Bearer other"}, timeout=10
        )
        assert other.status_code == 401
        log = requests.get(f"{server.url}/_emulator/requests", timeout=10).json()
        assert [r["fault"] for r in log["requests"]][:5] == [
            None,
            None,
            None,
            "ratelimit",
            "ratelimit",
        ]


def test_list_paging_and_region(api: Api) -> None:
    for n in range(105):
        region = "eu" if n % 2 else "global"
        response = api.add_subuser(f"page{n:03d}", region=region, include_region=n % 3 == 0)
        assert response.status_code == 200, response.text
        assert response.json().get("region") == (region if n % 3 == 0 else None)
    default = api.v3("GET", "/subusers").json()
    assert len(default) == 100
    assert [s["username"] for s in default][:2] == ["page000", "page001"]
    assert "region" not in default[0]
    everything = api.v3("GET", "/subusers", params={"limit": 500}).json()
    assert len(everything) == 105
    page = api.v3("GET", "/subusers", params={"limit": 10, "offset": 100}).json()
    assert [s["username"] for s in page] == [f"page{n:03d}" for n in range(100, 105)]
    with_region = api.v3("GET", "/subusers", params={"limit": 2, "include_region": "true"}).json()
    assert [(s["username"], s["region"]) for s in with_region] == [
        ("page000", "global"),
        ("page001", "eu"),
    ]
    filtered = api.v3("GET", "/subusers", params={"username": "PAGE10"}).json()
    assert [s["username"] for s in filtered] == [f"page{n}" for n in range(100, 105)]
    for params in ({"limit": 501}, {"limit": 0}, {"limit": "ten"}, {"offset": -1}):
        v3_error(api.v3("GET", "/subusers", params=params), 400)
    v3_error(api.v3("GET", "/subusers", params={"include_region": "maybe"}), 400)
    v3_error(
        api.v3("GET", "/subusers", params={"sort": "name"}),
        400,
        "sort is not a valid query parameter",
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": ""}, "username", "username is required"),
        ({"username": "u" * 65}, "username", "username must be no more than 64 characters"),
        ({"username": "a/b"}, "username", "username must not contain whitespace or /"),
        ({"email": "nope"}, "email", "email must be a valid email address"),
        ({"email": None}, "email", "email is required"),
        ({"password": "12345"}, "password", "password must be at least 6 characters"),
        ({"password": "p" * 129}, "password", "password must be no more than 128 characters"),
        ({"ips": []}, "ips", "ips is required: at least one IP of the parent"),
        ({"ips": ["192.0.2.99"]}, "ips", "ip 192.0.2.99 does not belong to you"),
        ({"ips": ["bogus"]}, "ips", "ip bogus is not a valid IP address"),
        ({"region": "mars"}, "region", "region must be one of: global, eu"),
        ({"region": 5}, "region", "region must be a string"),
    ],
)
def test_create_validation(api: Api, changes: dict[str, object], field: str, message: str) -> None:
    body = {
        "username": "valid-name",
        "email": "valid@example.com",
        "password": "abcdef",
        "ips": ["192.0.2.10"],
        **changes,
    }
    response = api.v3("POST", "/subusers", json=body)
    v3_error(response, 400, message)
    assert {"field": field, "message": message} in response.json()["errors"]
    assert api.state()["accounts"] == []


def test_patch_and_unknown_subusers(api: Api) -> None:
    assert api.add_customer("cust@example.com").status_code == 200
    for method, path, body in [
        ("PUT", "/subusers/ghost/ips", ["192.0.2.10"]),
        ("GET", "/subusers/ghost/monitor", None),
        ("POST", "/subusers/ghost/monitor", {"email": "a@example.com", "frequency": 1}),
        ("PUT", "/subusers/ghost/monitor", {"email": "a@example.com", "frequency": 1}),
        ("DELETE", "/subusers/ghost/monitor", None),
        ("PATCH", "/subusers/ghost/website_access", {"disabled": True}),
        # a v2 customer is not a v3 subuser
        ("PUT", "/subusers/cust@example.com/ips", ["192.0.2.10"]),
        ("PATCH", "/subusers/cust@example.com/website_access", {"disabled": True}),
    ]:
        response = api.v3(method, path, json=body)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json() == {"errors": [{"field": None, "message": "subuser not found"}]}
    # As the document says: PATCH of an unknown subuser is 400 "invalid username", and
    # DELETE answers 204 whether or not the subuser exists.
    for name in ("ghost", "cust@example.com"):
        patched = api.v3("PATCH", f"/subusers/{name}", json={"disabled": True})
        assert patched.status_code == 400, patched.text
        assert patched.json() == {"errors": [{"field": None, "message": "invalid username"}]}
        deleted = api.v3("DELETE", f"/subusers/{name}")
        assert deleted.status_code == 204 and deleted.content == b""
    customer = api.account("cust@example.com")
    assert customer is not None and customer["active"] is True
    assert customer["website_access"] is True


def test_disabled_shows_in_listing_and_state(api: Api) -> None:
    assert api.add_subuser("switch").status_code == 200
    assert api.v3("PATCH", "/subusers/switch", json={"disabled": True}).status_code == 204
    assert api.v3("GET", "/subusers").json()[0]["disabled"] is True
    account = api.account("switch")
    assert account is not None and account["disabled"] is True and account["active"] is False
    v3_error(api.v3("PATCH", "/subusers/switch", json={}), 400, "disabled is required")
    v3_error(
        api.v3("PATCH", "/subusers/switch", json={"disabled": 1}), 400, "disabled must be a boolean"
    )


def test_subuser_named_reputations(api: Api) -> None:
    assert api.add_subuser("reputations").status_code == 200
    assert api.add_subuser("other").status_code == 200
    # GET /subusers/reputations is the reputations call, not a lookup of the subuser.
    v3_error(api.v3("GET", "/subusers/reputations"), 400, "usernames is required")
    rep = api.v3("GET", "/subusers/reputations", params={"usernames": "reputations"})
    assert rep.status_code == 200 and [e["username"] for e in rep.json()] == ["reputations"]
    # ...while the subuser named "reputations" is reachable by every other call.
    assert api.v3("PATCH", "/subusers/reputations", json={"disabled": True}).status_code == 204
    monitor = {"email": "m@example.com", "frequency": 3}
    assert api.v3("POST", "/subusers/reputations/monitor", json=monitor).status_code == 200
    assert api.v3("GET", "/subusers/reputations/monitor").json() == monitor
    assert api.v3("PUT", "/subusers/reputations/ips", json=["192.0.2.15"]).status_code == 200
    assert api.account("reputations")["disabled"] is True  # type: ignore[index]
    assert api.v3("DELETE", "/subusers/reputations").status_code == 204
    assert api.usernames() == {"other"}
    assert api.state()["monitors"] == []


def test_monitor_rules(api: Api) -> None:
    assert api.add_subuser("mon").status_code == 200
    body = {"email": "watch@example.com", "frequency": 100}
    v3_error(
        api.v3("PUT", "/subusers/mon/monitor", json=body), 404, "No monitor settings for this user"
    )
    v3_error(api.v3("DELETE", "/subusers/mon/monitor"), 404, "No monitor settings for this user")
    for bad, message in [
        (
            {"email": "watch@example.com", "frequency": 0},
            "frequency must be an integer from 1 to 2147483647",
        ),
        (
            {"email": "watch@example.com", "frequency": -5},
            "frequency must be an integer from 1 to 2147483647",
        ),
        (
            {"email": "watch@example.com", "frequency": 2**31},
            "frequency must be an integer from 1 to 2147483647",
        ),
        ({"email": "watch@example.com"}, "frequency is required"),
        ({"email": "watch", "frequency": 5}, "email must be a valid email address"),
        ({"frequency": 5}, "email is required"),
        ({"email": "watch@example.com", "frequency": 1.5}, "frequency must be an integer"),
    ]:
        v3_error(api.v3("POST", "/subusers/mon/monitor", json=bad), 400, message)
    assert api.state()["monitors"] == []
    # 500.0 is a whole number (Pulumi hands ints over as floats).
    created = api.v3("POST", "/subusers/mon/monitor", json={**body, "frequency": 500.0})
    assert created.status_code == 200 and created.json() == {**body, "frequency": 500}
    v3_error(api.v3("POST", "/subusers/mon/monitor", json=body), 400, "User already has a monitor")
    assert api.v3("GET", "/subusers/mon/monitor").json() == {**body, "frequency": 500}
    # Deleting the subuser removes its monitor.
    assert api.v3("DELETE", "/subusers/mon").status_code == 204
    assert api.state()["monitors"] == []
    assert api.add_subuser("mon").status_code == 200
    v3_error(api.v3("GET", "/subusers/mon/monitor"), 404, "No monitor settings for this user")


def test_reputations_and_ips_edge_cases(api: Api) -> None:
    assert api.add_subuser("r1").status_code == 200
    response = api.v3("GET", "/subusers/reputations?usernames=ghost&usernames=r1&usernames=r1")
    assert response.json() == [{"username": "r1", "reputation": 100.0}]
    v3_error(api.v3("GET", "/subusers/reputations?user=r1"), 400)
    v3_error(
        api.v3("PUT", "/subusers/r1/ips", json=[]),
        400,
        "ips is required: at least one IP of the parent",
    )
    v3_error(
        api.v3("PUT", "/subusers/r1/ips", json={"ips": ["192.0.2.10"]}),
        400,
        "ips must be an array of strings",
    )
    leading_zero = api.v3("PUT", "/subusers/r1/ips", json=["192.0.2.10", "192.0.2.010"])
    v3_error(leading_zero, 400, "ip 192.0.2.010 is not a valid IP address")
    assert api.v3("PUT", "/subusers/r1/ips", json=["192.0.2.10", "192.0.2.10"]).json() == {
        "ips": ["192.0.2.10"]
    }
