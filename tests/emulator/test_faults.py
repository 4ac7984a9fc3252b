"""Injected faults and per-path rate limits (control API), seen by a real HTTP client."""

from __future__ import annotations

import time

import pytest
import requests

from .conftest import Api, parse_xml, v2_errors, v3_error

SUBUSER = {
    "username": "dropped",
    "email": "d@example.com",
    "password": "abcdef",
    "ips": ["192.0.2.10"],
}


def test_fault_count_then_normal(api: Api) -> None:
    fault_id = api.fault(method="GET", path=r"^/v3/subusers$", status=500, count=2)
    responses = [api.v3("GET", "/subusers") for _ in range(3)]
    assert [r.status_code for r in responses] == [500, 500, 200]
    assert responses[0].json() == {"errors": [{"field": None, "message": "internal server error"}]}
    assert "X-RateLimit-Remaining" in responses[0].headers  # still a v3 response
    log = api.request_log()["requests"]
    assert [(r["status"], r["fault"]) for r in log] == [
        (500, fault_id),
        (500, fault_id),
        (200, None),
    ]


def test_fault_method_filter_and_logged_path(api: Api) -> None:
    assert api.add_customer("f@example.com").status_code == 200
    # Regexes also match the logged form of v2 paths (with method/task appended).
    api.fault(method="POST", path=r"method=profile&task=get", status=503, count=1)
    assert api.manage(method="enable", user="f@example.com").status_code == 200
    assert (
        api.v2("reseller.manage", {"method": "profile", "task": "get"}, method="GET").status_code
        == 200
    )
    response = api.manage(method="profile", task="get")
    assert v2_errors(response, 503) == ["service unavailable"]
    xml_fault = api.fault(path=r"reseller\.ip\.xml$", status=500)
    xml = api.v2("reseller.ip", {"task": "all"}, fmt="xml")
    assert xml.status_code == 500
    root = parse_xml(xml)
    assert [e.text for e in root.findall("errors/error")] == ["internal server error"]
    assert api.request_log()["requests"][-1]["fault"] == xml_fault


def test_fault_fraction(api: Api) -> None:
    api.fault(method="GET", path=r"^/v3/subusers$", status=503, fraction=0.5)
    codes = [api.v3("GET", "/subusers").status_code for _ in range(200)]
    hits = codes.count(503)
    assert set(codes) == {200, 503}
    assert 60 <= hits <= 140, hits


def test_fault_latency(api: Api) -> None:
    api.fault(path=r"^/v3/subusers$", latency_ms=400, count=1)
    start = time.monotonic()
    slow = api.v3("GET", "/subusers")
    slow_elapsed = time.monotonic() - start
    start = time.monotonic()
    fast = api.v3("GET", "/subusers")
    fast_elapsed = time.monotonic() - start
    assert slow.status_code == fast.status_code == 200
    assert slow_elapsed >= 0.4
    assert fast_elapsed < 0.4


def test_fault_429_carries_rate_limit_headers(api: Api) -> None:
    api.fault(path=r"^/v3/subusers$", status=429, count=1)
    response = api.v3("GET", "/subusers")
    v3_error(response, 429, "too many requests")
    assert response.headers["X-RateLimit-Remaining"] == "0"
    assert int(response.headers["X-RateLimit-Reset"]) >= int(time.time())
    assert response.headers["X-RateLimit-Limit"].isdigit()
    assert "Retry-After" not in response.headers
    api.fault(path=r"reseller\.add", status=429, headers={"Retry-After": "3"}, count=1)
    response = api.add_customer("limited@example.com")
    assert v2_errors(response, 429) == ["too many requests"]
    assert response.headers["Retry-After"] == "3"
    assert "X-RateLimit-Reset" in response.headers
    # The refused call did not run.
    assert api.usernames() == set()


def test_fault_body_override_under_http_200(api: Api) -> None:
    api.fault(
        path=r"reseller\.add",
        status=200,
        body={"message": "error", "errors": ["injected failure"]},
        count=1,
    )
    response = api.add_customer("override@example.com")
    assert response.status_code == 200
    assert response.json() == {"message": "error", "errors": ["injected failure"]}
    assert api.usernames() == set()
    # "body" without "status" is served under 200 as well.
    api.fault(
        path=r"customer\.sendip", body={"error": {"code": 400, "message": "User does not exist"}}
    )
    response = api.sendip(task="list", user="anyone")
    assert response.status_code == 200
    assert response.json() == {"error": {"code": 400, "message": "User does not exist"}}


def test_drop_after_commit_v3(api: Api) -> None:
    fault_id = api.fault(method="POST", path=r"^/v3/subusers$", drop_after_commit=True)
    with pytest.raises(requests.ConnectionError):
        api.v3("POST", "/subusers", json=SUBUSER)
    # The change was committed although the client saw no response.
    account = api.account("dropped")
    assert account is not None and account["ips"] == ["192.0.2.10"]
    retry = api.v3("POST", "/subusers", json=SUBUSER)
    v3_error(retry, 400, "username exists")
    first = dict(api.request_log()["requests"][0])
    assert isinstance(first.pop("time"), float)
    assert first == {"method": "POST", "path": "/v3/subusers", "status": 200, "fault": fault_id}


def test_drop_after_commit_v2_with_a_fresh_connection(api: Api) -> None:
    api.fault(path=r"reseller\.add\.json", drop_after_commit=True)
    form = {
        "api_user": "reseller",
        "api_key": "SG.emulator-key",
        "username": "lost@example.com",
        "email": "lost@example.com",
        "password": "abcdef",
        "confirm_password": "abcdef",
        **dict.fromkeys(("first_name", "last_name", "address", "city", "state", "zip"), "x"),
        **dict.fromkeys(("country", "phone", "website"), "x"),
    }
    with pytest.raises(requests.ConnectionError):
        requests.post(f"{api.url}/apiv2/reseller.add.json", data=form, timeout=10)
    assert api.account("lost@example.com") is not None
    again = requests.post(f"{api.url}/apiv2/reseller.add.json", data=form, timeout=10)
    assert v2_errors(again) == ["username already exists"]


def test_path_rate_limit_gives_real_429s(api: Api) -> None:
    created = api.control("POST", "/ratelimits", json={"path": r"^/v3/subusers$", "per_second": 2})
    assert created.status_code == 201
    responses = [api.v3("GET", "/subusers") for _ in range(8)]
    codes = [r.status_code for r in responses]
    assert codes[:2] == [200, 200]
    assert codes.count(429) >= 4, codes
    refused = next(r for r in responses if r.status_code == 429)
    v3_error(refused, 429, "too many requests")
    assert refused.headers["X-RateLimit-Limit"] == "2"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    reset = int(refused.headers["X-RateLimit-Reset"])
    assert time.time() - 1 <= reset <= time.time() + 2
    allowed = responses[0]
    assert allowed.headers["X-RateLimit-Limit"] == "2"
    # X-RateLimit-Reset says when a request is allowed again: wait until then.
    time.sleep(max(0.0, reset - time.time()) + 0.05)
    assert api.v3("GET", "/subusers").status_code == 200
    # Other paths are not limited; v2 answers in its own shape.
    assert api.v3("GET", "/subusers/reputations?usernames=x").status_code == 200
    api.control("POST", "/ratelimits", json={"path": r"reseller\.ip", "per_second": 1})
    v2 = [api.v2("reseller.ip", {"task": "all"}) for _ in range(3)]
    assert next(r.status_code for r in v2) == 200
    assert v2_errors(v2[-1], 429) == ["too many requests"]
    assert all(
        r["fault"] == "ratelimit" for r in api.request_log()["requests"] if r["status"] == 429
    )


def test_clearing_faults_and_limits(api: Api) -> None:
    api.fault(path=r"^/v3/", status=500, count=100)
    api.control("POST", "/ratelimits", json={"path": r"^/v3/", "per_second": 0.01})
    listed = api.control("GET", "/faults").json()
    assert len(listed["faults"]) == 1 and len(listed["ratelimits"]) == 1
    assert api.v3("GET", "/subusers").status_code == 500
    assert api.control("DELETE", "/faults").status_code == 200
    assert api.control("GET", "/faults").json() == {"faults": [], "ratelimits": []}
    assert [api.v3("GET", "/subusers").status_code for _ in range(5)] == [200] * 5


def test_faults_never_touch_the_control_api(api: Api) -> None:
    api.fault(path=r".*", status=500, fraction=1.0)
    assert api.control("GET", "/state").status_code == 200
    assert api.control("GET", "/requests").status_code == 200
    assert api.v3("GET", "/subusers").status_code == 500
    assert api.control("POST", "/reset").status_code == 200
    assert api.v3("GET", "/subusers").status_code == 200  # reset cleared the fault


@pytest.mark.parametrize(
    "spec",
    [
        {"status": 500},
        {"path": "(", "status": 500},
        {"path": "x", "status": 700},
        {"path": "x", "status": "500"},
        {"path": "x", "status": 500, "drop_after_commit": True},
        {"path": "x", "status": 500, "count": 1, "fraction": 0.5},
        {"path": "x", "status": 500, "fraction": 2},
        {"path": "x", "status": 500, "count": 0},
        {"path": "x", "latency_ms": -1},
        {"path": "x"},
        {"path": "x", "status": 500, "colour": "red"},
        {"path": "x", "status": 500, "method": "GET POST"},
        {"path": "x", "status": 500, "headers": ["a"]},
        ["not", "an", "object"],
    ],
)
def test_invalid_fault_specs(api: Api, spec: object) -> None:
    response = api.control("POST", "/faults", json=spec)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str)
    assert api.control("GET", "/faults").json()["faults"] == []


@pytest.mark.parametrize(
    "spec",
    [
        {"path": "x"},
        {"per_second": 1},
        {"path": "(", "per_second": 1},
        {"path": "x", "per_second": 0},
    ],
)
def test_invalid_rate_limit_specs(api: Api, spec: dict[str, object]) -> None:
    response = api.control("POST", "/ratelimits", json=spec)
    assert response.status_code == 400 and "error" in response.json()
