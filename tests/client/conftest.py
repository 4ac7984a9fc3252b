"""Fixtures: the SendGrid emulator over real HTTP, its control API and clients."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from pydantic import SecretStr

from pulumi_sendgrid_reseller.client import RetryPolicy, SendGridClient, Timeouts
from pulumi_sendgrid_reseller.config import Credentials

EMU_USER = "reseller"
EMU_KEY = "SG.emulator-key"

DEFAULT_IPS = (
    [f"192.0.2.{i}" for i in range(10, 30)]
    + [f"198.51.100.{i}" for i in range(10, 20)]
    + [f"203.0.113.{i}" for i in range(10, 20)]
)


class Control:
    """The emulator's control API (plain HTTP, independent of the client under test)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.http = requests.Session()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        resp = self.http.request(method, f"{self.url}/_emulator{path}", timeout=10, **kwargs)
        assert resp.status_code < 300, (path, resp.status_code, resp.text)
        return resp.json() if resp.content else None

    def reset(self) -> None:
        assert self._call("POST", "/reset") == {"message": "reset"}

    def state(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "/state")
        return result

    def account(self, username: str) -> dict[str, Any] | None:
        for acct in self.state()["accounts"]:
            if acct["username"] == username:
                return dict(acct)
        return None

    def add_ips(self, ips: list[str]) -> None:
        self._call("POST", "/ips", json={"ips": ips})

    def log(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "/requests")
        return result

    def count(self, key: str) -> int:
        return int(self.log()["counts"].get(key, 0))

    def clear_log(self) -> None:
        self._call("DELETE", "/requests")

    def fault(self, **spec: Any) -> int:
        return int(self._call("POST", "/faults", json=spec)["id"])

    def ratelimit(self, path: str, per_second: float) -> None:
        self._call("POST", "/ratelimits", json={"path": path, "per_second": per_second})

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")


class Recorder:
    """Records the waits the client asks for; sleeps for real only when told to."""

    def __init__(self, real: bool = False) -> None:
        self.real = real
        self.sleeps: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.real:
            time.sleep(seconds)


@pytest.fixture(scope="session")
def emulator_url() -> Iterator[str]:
    from sendgrid_emulator import EmulatorServer

    srv = EmulatorServer(
        host="127.0.0.1", port=0, db=":memory:", api_user=EMU_USER, api_key=EMU_KEY
    )
    srv.start()
    try:
        yield str(srv.url)
    finally:
        srv.stop()


@pytest.fixture
def emu(emulator_url: str) -> Iterator[Control]:
    control = Control(emulator_url)
    control.reset()
    yield control
    control.clear_faults()
    control.http.close()


MakeClient = Callable[..., SendGridClient]


@pytest.fixture
def make_client(emu: Control) -> Iterator[MakeClient]:
    made: list[SendGridClient] = []

    def make(
        *,
        api_user: str | None = EMU_USER,
        api_key: str = EMU_KEY,
        timeouts: Timeouts | None = None,
        on_behalf_of: str | None = None,
        sleep: Callable[[float], None] | None = None,
        **policy: Any,
    ) -> SendGridClient:
        creds = Credentials(api_user=api_user, api_key=SecretStr(api_key), api_url=emu.url)
        retry = RetryPolicy(sleep=sleep or Recorder(), **policy)
        client = SendGridClient(creds, timeouts=timeouts, retry=retry, on_behalf_of=on_behalf_of)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> SendGridClient:
    return make_client()
