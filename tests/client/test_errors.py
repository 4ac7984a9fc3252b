"""Error bodies, whatever their shape or status, become the right exception."""

from __future__ import annotations

import pytest

from pulumi_sendgrid_reseller.client import (
    AlreadyExistsError,
    APIStatusError,
    AuthenticationError,
    CredentialsError,
    CustomerCreate,
    ErrorDetail,
    InvalidRequestError,
    MonitorSettings,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    SubuserCreate,
)
from pulumi_sendgrid_reseller.client._classify import (
    classify,
    v2_error_details,
    v2_field_of,
    v3_error_details,
)
from pulumi_sendgrid_reseller.config import with_hint

from ._stub import API_KEY, Reply, stub_client

# ---- pure classification ------------------------------------------------------------


def test_v2_shapes_are_recognised() -> None:
    assert v2_error_details({"message": "success"}) is None
    assert v2_error_details([{"id": "1"}]) is None
    assert v2_error_details({"success": "success", "ips": []}) is None
    assert v2_error_details(
        {"message": "error", "errors": ["email must be a valid email address"]}
    ) == [ErrorDetail("email", "email must be a valid email address")]
    assert v2_error_details({"message": "User not found"}) == [ErrorDetail(None, "User not found")]
    assert v2_error_details({"error": {"code": 400, "message": "User does not exist"}}) == [
        ErrorDetail(None, "User does not exist")
    ]
    assert v2_error_details({"message": "error"}) == [ErrorDetail(None, "error")]


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("first_name must be no more than 50 characters", "first_name"),
        ("password and confirm_password do not match", "password"),
        ("ip 192.0.2.99 does not belong to you", "ip"),
        ("username is required", "username"),
        ("ip[] must be valid", "ip"),
        ("User not found", None),
        ("something else went wrong", None),
    ],
)
def test_v2_field_prefix(message: str, field: str | None) -> None:
    assert v2_field_of(message) == field


@pytest.mark.parametrize(
    ("status", "messages", "v2", "expected"),
    [
        (400, ["User not found"], True, NotFoundError),
        (200, ["User not found"], True, NotFoundError),
        (400, ["User does not exist"], True, NotFoundError),
        (400, ["username already exists"], True, AlreadyExistsError),
        (400, ["username is reserved"], True, AlreadyExistsError),
        (200, ["username already exists"], True, AlreadyExistsError),
        (401, ["Bad username / password"], True, AuthenticationError),
        (200, ["Bad username / password"], True, AuthenticationError),
        (400, ["email must be a valid email address"], True, InvalidRequestError),
        (400, ["ip 192.0.2.99 does not belong to you"], True, InvalidRequestError),
        (400, ["ip 192.0.2.99 does not exist"], True, InvalidRequestError),
        (200, ["error"], True, InvalidRequestError),
        (404, ["gone"], True, NotFoundError),
        (500, ["User not found"], True, ServerError),
        (503, ["error"], True, ServerError),
        (429, ["too many requests"], True, RateLimitError),
        (400, ["username exists"], False, AlreadyExistsError),
        (400, ["User already has a monitor"], False, AlreadyExistsError),
        (400, ["ips are required"], False, InvalidRequestError),
        (400, ["ip not found"], False, InvalidRequestError),
        (422, ["bad"], False, InvalidRequestError),
        (401, ["authorization required"], False, AuthenticationError),
        (403, ["access forbidden"], False, PermissionDeniedError),
        (404, ["subuser not found"], False, NotFoundError),
        (404, ["No monitor settings for this user"], False, NotFoundError),
        (409, ["conflict"], False, AlreadyExistsError),
        (429, ["too many requests"], False, RateLimitError),
        (502, ["bad gateway"], False, ServerError),
        (418, ["teapot"], False, APIStatusError),
    ],
)
def test_classify(status: int, messages: list[str], v2: bool, expected: type) -> None:
    details = [ErrorDetail(v2_field_of(m) if v2 else None, m) for m in messages]
    assert classify(status, details, v2=v2) is expected


def test_v3_details() -> None:
    body = {
        "errors": [
            {"field": "username", "message": "username exists"},
            {"field": None, "message": "x"},
        ]
    }
    assert v3_error_details(body) == [
        ErrorDetail("username", "username exists"),
        ErrorDetail(None, "x"),
    ]
    assert v3_error_details({"error": "boom"}) == [ErrorDetail(None, "boom")]
    assert v3_error_details("nonsense") == []


# ---- through the transport (stubbed wire) -------------------------------------------

SUB = SubuserCreate(
    username="sub1", email="s@example.com", password="pass-word-9", ips=["192.0.2.10"]
)


def test_v3_duplicate_message_is_readable() -> None:
    client, _, _ = stub_client(
        [Reply(400, {"errors": [{"field": "username", "message": "username exists"}]})]
    )
    with pytest.raises(AlreadyExistsError) as info:
        client.subusers.create(SUB)
    assert str(info.value) == "SendGrid rejected POST /v3/subusers (400): username: username exists"
    assert info.value.status_code == 400
    assert info.value.errors == [ErrorDetail("username", "username exists")]
    assert (info.value.method, info.value.path) == ("POST", "/v3/subusers")
    assert info.value.fields == ["username"]


@pytest.mark.parametrize(
    ("body", "status", "cls"),
    [
        ({"message": "User not found"}, 200, NotFoundError),
        ({"message": "User not found"}, 400, NotFoundError),
        ({"error": {"code": 400, "message": "User does not exist"}}, 200, NotFoundError),
        ({"message": "error", "errors": ["username already exists"]}, 200, AlreadyExistsError),
        ({"message": "error", "errors": ["Bad username / password"]}, 401, AuthenticationError),
        (
            {"message": "error", "errors": ["first_name must be no more than 50 characters"]},
            400,
            InvalidRequestError,
        ),
    ],
)
def test_v2_error_bodies_under_any_status(body: object, status: int, cls: type) -> None:
    client, _, clock = stub_client([Reply(status, body)])
    with pytest.raises(cls) as info:
        client.customers.enable("someone@example.com")
    assert info.value.status_code == status  # type: ignore[attr-defined]
    assert "POST /apiv2/reseller.manage.json?method=enable" in str(info.value)
    assert clock.sleeps == []  # never retried


def test_v2_field_is_set_from_message() -> None:
    client, _, _ = stub_client(
        [
            Reply(
                400,
                {
                    "message": "error",
                    "errors": ["email must be a valid email address", "zip is bad"],
                },
            )
        ]
    )
    with pytest.raises(InvalidRequestError) as info:
        client.customers.set_email("u@example.com", "new@example.com")
    assert [e.field for e in info.value.errors] == ["email", "zip"]
    assert str(info.value).endswith(
        "(400): email: email must be a valid email address; zip: zip is bad"
    )


def test_v2_error_on_list_and_sendip_list() -> None:
    client, _, _ = stub_client(
        [
            Reply(200, {"message": "error", "errors": ["task is invalid"]}),
            Reply(400, {"error": {"code": 400, "message": "User does not exist"}}),
        ]
    )
    with pytest.raises(InvalidRequestError):
        client.customers.list()
    with pytest.raises(NotFoundError):
        client.ips.get_send_ips("ghost@example.com")


def test_secrets_never_reach_messages() -> None:
    password = "pw-Secret-77"
    body = {"message": "error", "errors": [f"password {password} is weak; key {API_KEY} bad"]}
    client, _, _ = stub_client(
        [
            Reply(400, body),
            Reply(400, {"errors": [{"field": "password", "message": "pass-word-9 is weak"}]}),
        ]
    )
    with pytest.raises(InvalidRequestError) as info:
        client.customers.set_password("u@example.com", password)
    text = str(info.value) + repr(info.value.errors)
    assert password not in text and API_KEY not in text
    assert "[REDACTED]" in text
    with pytest.raises(InvalidRequestError) as info2:
        client.subusers.create(SUB)
    assert "pass-word-9" not in str(info2.value)
    assert str(info2.value).endswith("password: [REDACTED] is weak")
    # a password that reaches the server through an echo in a 5xx body
    client2, _, _ = stub_client([Reply(500, {"message": "error", "errors": ["pass-word-9"]})])
    with pytest.raises(ServerError) as info3:
        client2.subusers.create(SUB)
    assert "pass-word-9" not in str(info3.value)


def test_non_json_error_bodies() -> None:
    client, _, _ = stub_client(
        [Reply(502, raw=b"<html>Bad gateway</html>"), Reply(404, raw=b"plain not found")],
        max_attempts=1,
    )
    with pytest.raises(ServerError) as info:
        client.subusers.list()
    assert "(502)" in str(info.value)
    assert "<html>" not in str(info.value)
    with pytest.raises(APIStatusError) as info2:
        client.subusers.delete("x")
    # Not a SendGrid body: a wrong URL must never look like "the object is gone".
    assert type(info2.value) is APIStatusError
    assert "plain not found" in str(info2.value)
    assert "check the API URL" in str(info2.value)


def test_unparseable_success_bodies() -> None:
    client, _, _ = stub_client(
        [
            Reply(200, raw=b"not json"),
            Reply(200, {"unexpected": True}),
            Reply(200, [{"username": "no-id"}]),
            Reply(204),
        ]
    )
    with pytest.raises(ResponseValidationError, match="not JSON"):
        client.customers.enable("u@example.com")
    with pytest.raises(ResponseValidationError) as info:
        client.customers.list()
    assert info.value.status_code == 200
    with pytest.raises(ResponseValidationError, match="id"):
        client.subusers.list()
    with pytest.raises(ResponseValidationError):
        client.subusers.get_monitor("x")


def test_v2_without_api_user() -> None:
    client, adapter, _ = stub_client([Reply(200, [])], api_user=None)
    with pytest.raises(CredentialsError) as info:
        client.customers.list()
    # The client names the setting; how to set it is said by the provider (config.with_hint).
    assert info.value.setting == "api_user"
    assert "API user" in str(info.value) and "pulumi" not in str(info.value).lower()
    hinted = with_hint(info.value)
    assert "sendgrid-reseller:apiUser" in str(hinted) and "SENDGRID_API_USER" in str(hinted)
    assert adapter.requests == []
    assert client.subusers.list() == []  # v3 does not need it


def test_rate_limit_error_after_retries_keeps_retry_after() -> None:
    client, _, clock = stub_client(
        [
            Reply(
                429,
                {"errors": [{"field": None, "message": "too many requests"}]},
                {"Retry-After": "2"},
            )
        ]
        * 2,
        max_attempts=2,
        rate_limit_jitter=0,
    )
    with pytest.raises(RateLimitError) as info:
        client.subusers.list()
    assert info.value.retry_after == 2
    assert clock.sleeps == [2]


def test_monitor_response_is_monitor_settings() -> None:
    client, _, _ = stub_client(
        [Reply(200, {"email": "t@example.com", "frequency": 500, "extra": 1})]
    )
    got = client.subusers.get_monitor("sub")
    assert got == MonitorSettings(email="t@example.com", frequency=500)


def test_customer_create_password_is_redacted_on_unknown_errors() -> None:
    req = CustomerCreate(
        username="c@example.com",
        password="Very-Secret-1",
        email="c@example.com",
        first_name="a",
        last_name="b",
        address="c",
        city="d",
        state="e",
        zip="f",
        country="g",
        phone="h",
        website="i",
    )
    client, adapter, _ = stub_client(
        [Reply(500, {"message": "error", "errors": ["Very-Secret-1 broke"]})]
    )
    with pytest.raises(ServerError) as info:
        client.customers.add(req)
    assert "Very-Secret-1" not in str(info.value)
    assert "not safe to repeat" in str(info.value)
    assert len(adapter.requests) == 1


def test_redirects_are_not_followed() -> None:
    client, adapter, _ = stub_client([Reply(301, None, {"Location": "https://elsewhere.test/"})])
    with pytest.raises(APIStatusError) as info:
        client.customers.list()
    assert type(info.value) is APIStatusError
    assert info.value.status_code == 301
    assert len(adapter.requests) == 1


def test_final_error_says_how_many_attempts() -> None:
    client, adapter, _ = stub_client([Reply(503)] * 3, max_attempts=3)
    with pytest.raises(ServerError) as info:
        client.customers.list()
    assert str(info.value).endswith("(after 3 attempts)")
    assert len(adapter.requests) == 3
