"""A fake wire for unit tests: a requests adapter that answers from a script."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import requests
import requests.adapters
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from pulumi_sendgrid_reseller.client import RateBudgets, RetryPolicy, SendGridClient
from pulumi_sendgrid_reseller.config import Credentials

API_KEY = "SG.unit-test-key.0123456789abcdef"
API_USER = "reseller"


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None


Scripted = Reply | BaseException | Callable[[requests.PreparedRequest], Reply]


class StubAdapter(requests.adapters.BaseAdapter):
    def __init__(self, script: list[Scripted]) -> None:
        super().__init__()
        self.script = list(script)
        self.requests: list[requests.PreparedRequest] = []

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        self.requests.append(request)
        self.kwargs = kwargs
        if not self.script:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        item = self.script.pop(0)
        if isinstance(item, BaseException):
            raise item
        reply = item if isinstance(item, Reply) else item(request)
        resp = requests.Response()
        resp.status_code = reply.status
        resp.reason = {200: "OK", 204: "No Content", 500: "Internal Server Error"}.get(
            reply.status, "Status"
        )
        if reply.raw is not None:
            resp._content = reply.raw
        elif reply.body is None:
            resp._content = b""
        else:
            resp._content = json.dumps(reply.body).encode()
        resp.headers = CaseInsensitiveDict(reply.headers)
        resp.request = request
        resp.url = request.url or ""
        return resp

    def close(self) -> None:
        pass

    def form(self, index: int = -1) -> list[tuple[str, str]]:
        body = self.requests[index].body
        assert isinstance(body, str)
        return parse_qsl(body, keep_blank_values=True)


class FakeClock:
    """A clock that only moves when slept on; records every sleep."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds

    def time(self) -> float:
        return self.now


def policy(clock: FakeClock, *, rand: float = 0.5, **kwargs: Any) -> RetryPolicy:
    return RetryPolicy(
        sleep=clock.sleep,
        monotonic=clock.time,
        wall_clock=clock.time,
        random=lambda: rand,
        **kwargs,
    )


def stub_client(
    script: list[Scripted],
    *,
    clock: FakeClock | None = None,
    api_user: str | None = API_USER,
    budgets: RateBudgets | None = None,
    **policy_kwargs: Any,
) -> tuple[SendGridClient, StubAdapter, FakeClock]:
    clock = clock or FakeClock()
    adapter = StubAdapter(script)
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    creds = Credentials(api_user=api_user, api_key=_secret(API_KEY), api_url="https://sg.test")
    client = SendGridClient(
        creds, retry=policy(clock, **policy_kwargs), session=session, budgets=budgets
    )
    return client, adapter, clock


def _secret(value: str) -> Any:
    from pydantic import SecretStr

    return SecretStr(value)


def refused() -> requests.exceptions.ConnectionError:
    reason = NewConnectionError(None, "Failed to establish a new connection: refused")  # type: ignore[arg-type]
    return requests.exceptions.ConnectionError(MaxRetryError(None, "/x", reason))  # type: ignore[arg-type]


def dropped() -> requests.exceptions.ConnectionError:
    return requests.exceptions.ConnectionError(
        ProtocolError("Connection aborted.", ConnectionResetError("reset by peer"))
    )
