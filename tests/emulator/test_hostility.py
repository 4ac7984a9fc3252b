"""Malformed and hostile input: always a SendGrid-shaped 4xx, never a 5xx, state unchanged."""

from __future__ import annotations

import contextlib
import socket
from typing import Any

import pytest
import requests

from sendgrid_emulator import EmulatorServer

from .conftest import API_KEY, Api, v3_error

AUTH = {"Authorization": f"Bearer {API_KEY}"}
JSON = {**AUTH, "Content-Type": "application/json"}
CREDS = {"api_user": "reseller", "api_key": API_KEY}
TWO_MIB = 2 * 1024 * 1024


def _v3_subuser(**overrides: Any) -> dict[str, Any]:
    return {
        "username": "hostile",
        "email": "h@example.com",
        "password": "abcdef",
        "ips": ["192.0.2.10"],
        **overrides,
    }


V3_CASES: list[tuple[str, str, dict[str, Any], int, str | None]] = [
    (
        "POST",
        "/v3/subusers",
        {"data": "{not json", "headers": JSON},
        400,
        "request body is not valid JSON",
    ),
    ("POST", "/v3/subusers", {"data": "", "headers": JSON}, 400, "request body is required"),
    (
        "POST",
        "/v3/subusers",
        {"data": b"\xff\xfe{}", "headers": JSON},
        400,
        "request body is not valid JSON",
    ),
    (
        "POST",
        "/v3/subusers",
        {"data": "[" * 100_000, "headers": JSON},
        400,
        "request body is not valid JSON",
    ),
    (
        "POST",
        "/v3/subusers",
        {"data": '{"frequency": ' + "9" * 5000 + "}", "headers": JSON},
        400,
        "request body is not valid JSON",
    ),
    (
        "POST",
        "/v3/subusers",
        {"json": ["a", "list"], "headers": AUTH},
        400,
        "request body must be a JSON object",
    ),
    (
        "POST",
        "/v3/subusers",
        {"data": "{}", "headers": {**AUTH, "Content-Type": "text/plain"}},
        415,
        None,
    ),
    ("POST", "/v3/subusers", {"data": {"username": "x"}, "headers": AUTH}, 415, None),
    (
        "POST",
        "/v3/subusers",
        {"data": '{"a": "' + "x" * TWO_MIB + '"}', "headers": JSON},
        413,
        None,
    ),
    (
        "POST",
        "/v3/subusers",
        {"json": _v3_subuser(ips=5), "headers": AUTH},
        400,
        "ips must be an array of strings",
    ),
    (
        "POST",
        "/v3/subusers",
        {"json": _v3_subuser(ips=[1, 2]), "headers": AUTH},
        400,
        "ips must be an array of strings",
    ),
    (
        "POST",
        "/v3/subusers",
        {"json": _v3_subuser(username=123), "headers": AUTH},
        400,
        "username must be a string",
    ),
    (
        "POST",
        "/v3/subusers",
        {"json": _v3_subuser(nickname="x"), "headers": AUTH},
        400,
        "nickname is not a valid field",
    ),
    (
        "POST",
        "/v3/subusers",
        {
            "data": '{"username": "\\ud800", "email": "h@example.com", '
            '"password": "abcdef", "ips": ["192.0.2.10"]}',
            "headers": JSON,
        },
        400,
        "username must be valid unicode text",
    ),
    (
        "POST",
        "/v3/subusers",
        {"json": _v3_subuser(username="tab\there"), "headers": AUTH},
        400,
        "username must not contain control characters",
    ),
    (
        "POST",
        "/v3/subusers?debug=1",
        {"json": _v3_subuser(), "headers": AUTH},
        400,
        "debug is not a valid query parameter",
    ),
    (
        "PATCH",
        "/v3/subusers/seed",
        {"json": {"disabled": "yes"}, "headers": AUTH},
        400,
        "disabled must be a boolean",
    ),
    (
        "PATCH",
        "/v3/subusers/seed",
        {"json": {"disabled": None}, "headers": AUTH},
        400,
        "disabled must be a boolean",
    ),
    (
        "PATCH",
        "/v3/subusers/seed",
        {"json": {"disabled": True, "x": 1}, "headers": AUTH},
        400,
        "x is not a valid field",
    ),
    (
        "POST",
        "/v3/subusers/seed/monitor",
        {"json": {"email": "m@example.com", "frequency": "abc"}, "headers": AUTH},
        400,
        "frequency must be an integer",
    ),
    (
        "POST",
        "/v3/subusers/seed/monitor",
        {"json": {"email": "m@example.com", "frequency": True}, "headers": AUTH},
        400,
        "frequency must be an integer",
    ),
    (
        "POST",
        "/v3/subusers/seed/monitor",
        {"data": '{"email": "m@example.com", "frequency": NaN}', "headers": JSON},
        400,
        "frequency must be an integer",
    ),
    (
        "POST",
        "/v3/subusers/seed/monitor",
        {"data": '{"email": "m@example.com", "frequency": 1e400}', "headers": JSON},
        400,
        "frequency must be an integer",
    ),
    (
        "POST",
        "/v3/subusers/seed/monitor",
        {"json": {"email": ["m@example.com"], "frequency": 5}, "headers": AUTH},
        400,
        "email must be a string",
    ),
    (
        "PUT",
        "/v3/subusers/seed/ips",
        {"json": 5, "headers": AUTH},
        400,
        "ips must be an array of strings",
    ),
    (
        "PUT",
        "/v3/subusers/seed/ips",
        {"json": ["192.0.2.10"] * 3 + [None], "headers": AUTH},
        400,
        "ips must be an array of strings",
    ),
    ("GET", "/v3/subusers?limit=1e3", {"headers": AUTH}, 400, None),
    ("GET", "/v3/subusers?limit=99999999999999999999999", {"headers": AUTH}, 400, None),
    ("GET", "/v3/subusers?offset=99999999999999999999999", {"headers": AUTH}, 400, None),
    (
        "GET",
        "/v3/subusers?username=a&username=b",
        {"headers": AUTH},
        400,
        "username must be given only once",
    ),
    ("GET", "/v3/nope", {"headers": AUTH}, 404, None),
    ("GET", "/v3/subusers/a/b/c", {"headers": AUTH}, 404, None),
    ("GET", "/", {}, 404, None),
    ("GET", "/" + "x" * 10_000, {}, 404, None),
    ("PUT", "/v3/subusers", {"json": {}, "headers": AUTH}, 405, None),
    ("GET", "/v3/subusers/seed", {"headers": AUTH}, 405, None),
    (
        "PATCH",
        "/v3/subusers/%FF%FE",
        {"json": {"disabled": True}, "headers": AUTH},
        400,
        "invalid username",
    ),
]

V2_CASES: list[tuple[str, str, dict[str, Any], int | None, str | None]] = [
    ("POST", "/apiv2/reseller.add.json", {"json": {**CREDS, "username": "x"}}, 415, None),
    ("POST", "/apiv2/reseller.add.json", {"data": {**CREDS, "username": "x" * TWO_MIB}}, 413, None),
    ("POST", "/apiv2/reseller.nope.json", {"data": CREDS}, 404, None),
    ("POST", "/apiv2/reseller.add.txt", {"data": CREDS}, 404, None),
    ("POST", "/apiv2/reseller.add", {"data": CREDS}, 404, None),
    ("POST", "/apiv2/", {"data": CREDS}, 404, None),
    ("POST", "/apiv2/a/b/reseller.add.json", {"data": CREDS}, 404, None),
    ("DELETE", "/apiv2/reseller.add.json", {"data": CREDS}, 405, None),
    (
        "POST",
        "/apiv2/reseller.manage.json",
        {"data": {**CREDS, "method": "profile", "task": "get", "foo": "bar"}},
        400,
        "foo is not a valid parameter for task=get",
    ),
    (
        "POST",
        "/apiv2/reseller.manage.json",
        {"data": [*CREDS.items(), ("method", "profile"), ("task", "get"), ("task", "set")]},
        400,
        "task must be given only once",
    ),
    (
        "POST",
        "/apiv2/reseller.manage.json",
        {"data": {**CREDS, "method": "profile", "task": "get", "limit": "abc"}},
        400,
        "limit must be a whole number of 0 or more",
    ),
    (
        "POST",
        "/apiv2/reseller.manage.json",
        {
            "data": {
                **CREDS,
                "method": "profile",
                "task": "set",
                "user": "seedc@example.com",
                "first_name": "a\x00b",
            }
        },
        400,
        "first_name must not contain control characters",
    ),
    (
        "POST",
        "/apiv2/reseller.manage.json",
        {"data": {**CREDS, "method": "enable", "user": "seedc@example.com", "user2": "x"}},
        400,
        "user2 is not a valid parameter for method=enable",
    ),
    (
        "POST",
        "/apiv2/customer.sendip.json",
        {"data": {**CREDS, "task": "append", "set": "all", "user": "seed", "ip[]": "192.0.2.10"}},
        400,
        "ip[] cannot be given with set=all",
    ),
    (
        "POST",
        "/apiv2/customer.ip.json",
        {"data": {**CREDS, "list": "all", "ip": "192"}},
        400,
        "ip is not a valid parameter for list=all",
    ),
    (
        "POST",
        "/apiv2/reseller.ip.json",
        {"data": {**CREDS, "task": "all", "ip[]": "192"}},
        400,
        "ip[] is not a valid parameter for task=all",
    ),
    (
        "POST",
        "/apiv2/reseller.manage.json",
        {"data": "--x\r\ngarbage", "headers": {"Content-Type": "multipart/form-data; boundary=x"}},
        None,
        None,
    ),
]


def _seed(api: Api) -> dict[str, Any]:
    assert api.add_subuser("seed").status_code == 200
    assert api.add_customer("seedc@example.com").status_code == 200
    return api.state()


def _check_v2_body(response: requests.Response) -> list[str]:
    body = response.json()
    assert body.get("message") == "error" and isinstance(body.get("errors"), list), body
    return [str(e) for e in body["errors"]]


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "message"), V3_CASES)
def test_hostile_v3(
    api: Api, method: str, path: str, kwargs: dict[str, Any], status: int, message: str | None
) -> None:
    before = _seed(api)
    response = api.session.request(method, api.url + path, timeout=30, **kwargs)
    v3_error(response, status, message)
    assert api.state() == before


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "message"), V2_CASES)
def test_hostile_v2(
    api: Api,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    status: int | None,
    message: str | None,
) -> None:
    before = _seed(api)
    response = api.session.request(method, api.url + path, timeout=30, **kwargs)
    if status is None:
        assert 400 <= response.status_code < 500
    else:
        assert response.status_code == status, response.text
    errors = _check_v2_body(response)
    if message is not None:
        assert message in errors
    assert api.state() == before


def test_hostile_xml_errors_are_xml(api: Api) -> None:
    response = api.session.post(
        f"{api.url}/apiv2/reseller.manage.xml", json={"method": "profile"}, timeout=30
    )
    assert response.status_code == 415
    assert response.text.startswith('<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert "<message>error</message>" in response.text


def test_control_api_errors(api: Api) -> None:
    response = api.control("GET", "/nope")
    assert response.status_code == 404 and set(response.json()) == {"error"}
    response = api.control("POST", "/ips", data="{bad json")
    assert response.status_code == 400 and set(response.json()) == {"error"}
    response = api.control("POST", "/ips", json={"ips": ["not-an-ip"]})
    assert response.status_code == 400
    response = api.control("POST", "/ips", json={"ips": "192.0.2.200"})
    assert response.status_code == 400
    response = api.control("PUT", "/state")
    assert response.status_code == 405 and set(response.json()) == {"error"}


def test_raw_socket_garbage_does_not_kill_the_server(api: Api) -> None:
    host, port = api.url.removeprefix("http://").split(":")
    for payload in (
        b"\x00\x01\x02garbage\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"POST /v3/subusers HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
    ):
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(payload)
            sock.settimeout(5)
            with contextlib.suppress(OSError):
                sock.recv(4096)
    assert api.v3("GET", "/subusers").status_code == 200


def test_a_genuine_bug_is_a_shaped_500() -> None:
    # Only an emulator bug may produce a 500; it is still SendGrid-shaped.
    with EmulatorServer() as server:
        assert server.app is not None

        def broken(*args: object, **kwargs: object) -> list[Any]:
            raise RuntimeError("simulated bug")

        server.app.backend.list_subusers = broken  # type: ignore[method-assign]
        server.app.backend.list_customers = broken  # type: ignore[method-assign]
        v3 = requests.get(f"{server.url}/v3/subusers", headers=AUTH, timeout=10)
        v3_error(v3, 500, "internal error")
        v2 = requests.post(
            f"{server.url}/apiv2/reseller.manage.json",
            data={**CREDS, "method": "profile", "task": "get"},
            timeout=10,
        )
        assert v2.status_code == 500
        assert v2.json() == {"message": "error", "errors": ["internal error"]}
        assert "simulated bug" not in v2.text + v3.text


JUNK: list[Any] = [
    None,
    True,
    0,
    -1,
    2**70,
    1.5,
    float("inf"),
    "",
    " ",
    "\ud800",
    "\x00",
    "a" * 5000,
    "192.0.2.10",
    "x@example.com",
    [],
    ["192.0.2.10"],
    [None],
    {},
    {"a": {"b": []}},
]
FUZZ_PATHS = [
    ("POST", "/v3/subusers"),
    ("PATCH", "/v3/subusers/seed"),
    ("PUT", "/v3/subusers/seed/ips"),
    ("POST", "/v3/subusers/seed/monitor"),
    ("PUT", "/v3/subusers/seed/monitor"),
]
FIELDS = ["username", "email", "password", "ips", "region", "disabled", "frequency", "zzz"]
V2_CALLS = [
    "reseller.add",
    "reseller.delete",
    "reseller.manage",
    "reseller.ip",
    "customer.ip",
    "customer.sendip",
]
V2_PARAMS = [
    "user", "username", "email", "password", "confirm_password", "method", "task", "list",
    "set", "ip[]", "ip", "limit", "offset", "active", "id", "first_name", "system", "group",
]  # fmt: skip
V2_VALUES: list[Any] = [
    "", "profile", "get", "set", "setUsername", "setEmail", "enable", "password", "all",
    "usage", "specify", "none", "seed", "seedc@example.com", "192.0.2.10", "-1", "1e9",
    b"\xed\xb3\xbf", b"\xff\xfe", "\x7f", "x" * 300, "true", "%", "'; DROP TABLE accounts; --",
]  # fmt: skip


def test_fuzz_never_500(api: Api) -> None:
    import json
    import random

    rng = random.Random(1234)
    before = _seed(api)
    statuses: list[int] = []
    for _ in range(250):
        method, path = rng.choice(FUZZ_PATHS)
        if rng.random() < 0.3:
            body: Any = rng.choice(JUNK)
        else:
            body = {rng.choice(FIELDS): rng.choice(JUNK) for _ in range(rng.randint(0, 4))}
        data = json.dumps(body, allow_nan=True)
        response = api.session.request(method, api.url + path, data=data, headers=JSON, timeout=30)
        statuses.append(response.status_code)
        assert response.status_code < 500, (method, path, data[:200], response.text)
        assert "errors" in response.json() or response.status_code in (200, 201)
    for _ in range(250):
        call = rng.choice(V2_CALLS)
        params = [(rng.choice(V2_PARAMS), rng.choice(V2_VALUES)) for _ in range(rng.randint(0, 6))]
        fmt = rng.choice(["json", "xml"])
        response = api.session.post(
            f"{api.url}/apiv2/{call}.{fmt}", data=[*CREDS.items(), *params], timeout=30
        )
        statuses.append(response.status_code)
        assert response.status_code < 500, (call, params, response.text)
        if fmt == "xml":
            assert response.text.startswith('<?xml version="1.0" encoding="ISO-8859-1"?>')
    # The fuzz may legitimately change state (a valid call can happen); it must stay sane.
    state = api.state()
    assert len(state["ips"]) == len(before["ips"])
    assert all(s < 500 for s in statuses) and any(400 <= s < 500 for s in statuses)
