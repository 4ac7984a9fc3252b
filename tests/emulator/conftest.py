"""Fixtures for the emulator tests: one in-process server per session, reset per test."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import requests

from sendgrid_emulator import EmulatorServer

API_USER = "reseller"
API_KEY = "SG.emulator-key"
XML_PROLOG = '<?xml version="1.0" encoding="ISO-8859-1"?>'

#: reseller.add form fields that pass every rule.
CUSTOMER_FIELDS: dict[str, str] = {
    "password": "samplepassword",
    "confirm_password": "samplepassword",
    "first_name": "fname",
    "last_name": "lname",
    "address": "555 anystreet",
    "city": "any city",
    "state": "CA",
    "zip": "91234",
    "country": "US",
    "phone": "555-555",
    "website": "example.com",
}


class Api:
    """A small helper over requests for the three APIs of the emulator."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session = requests.Session()

    # v2 -------------------------------------------------------------------------------
    def v2(
        self,
        call: str,
        params: Mapping[str, Any] | None = None,
        fmt: str = "json",
        method: str = "POST",
        auth: bool = True,
    ) -> requests.Response:
        data: dict[str, Any] = {}
        if auth:
            data.update(api_user=API_USER, api_key=API_KEY)
        data.update(params or {})
        url = f"{self.url}/apiv2/{call}.{fmt}"
        if method == "GET":
            return self.session.get(url, params=data, timeout=30)
        return self.session.request(method, url, data=data, timeout=30)

    def add_customer(self, username: str, **fields: Any) -> requests.Response:
        data: dict[str, Any] = {
            "username": username,
            "email": fields.pop(
                "email", username if "@" in username else f"{username}@example.com"
            ),
            **CUSTOMER_FIELDS,
        }
        data.update(fields)
        return self.v2("reseller.add", data)

    def manage(self, **params: Any) -> requests.Response:
        return self.v2("reseller.manage", params)

    def sendip(self, **params: Any) -> requests.Response:
        return self.v2("customer.sendip", params)

    # v3 -------------------------------------------------------------------------------
    def v3(
        self,
        method: str,
        path: str,
        key: str | None = API_KEY,
        **kwargs: Any,
    ) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        return self.session.request(
            method, f"{self.url}/v3{path}", headers=headers, timeout=30, **kwargs
        )

    def add_subuser(
        self, username: str, ips: list[str] | None = None, **fields: Any
    ) -> requests.Response:
        body = {
            "username": username,
            "email": f"{username}@example.com" if "@" not in username else username,
            "password": "johns_password",
            "ips": ips if ips is not None else ["192.0.2.10"],
            **fields,
        }
        return self.v3("POST", "/subusers", json=body)

    # control --------------------------------------------------------------------------
    def control(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, f"{self.url}/_emulator{path}", timeout=30, **kwargs)

    def state(self) -> dict[str, Any]:
        response = self.control("GET", "/state")
        assert response.status_code == 200
        body: dict[str, Any] = response.json()
        return body

    def account(self, username: str) -> dict[str, Any] | None:
        for account in self.state()["accounts"]:
            if account["username"] == username:
                return dict(account)
        return None

    def usernames(self) -> set[str]:
        return {a["username"] for a in self.state()["accounts"]}

    def request_log(self) -> dict[str, Any]:
        body: dict[str, Any] = self.control("GET", "/requests").json()
        return body

    def fault(self, **spec: Any) -> int:
        response = self.control("POST", "/faults", json=spec)
        assert response.status_code == 201, response.text
        fault_id: int = response.json()["id"]
        return fault_id


def parse_xml(response: requests.Response) -> ET.Element:
    """Check the XML prolog and encoding, then parse the document."""
    assert response.headers["Content-Type"].startswith("text/xml")
    text = response.content.decode("iso-8859-1")
    assert text.startswith(XML_PROLOG), text[:80]
    return ET.fromstring(response.content)


def v3_error(response: requests.Response, status: int, message: str | None = None) -> None:
    """Assert a v3 error body (and its status)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"errors"}
    assert body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"field", "message"}
        assert error["field"] is None or isinstance(error["field"], str)
        assert isinstance(error["message"], str)
    if message is not None:
        assert message in [e["message"] for e in body["errors"]], body


def v2_errors(response: requests.Response, status: int = 400) -> list[str]:
    """Assert a v2 ``{"message": "error", "errors": [...]}`` body; return the messages."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"message", "errors"}, body
    assert body["message"] == "error"
    assert body["errors"] and all(isinstance(e, str) for e in body["errors"])
    errors: list[str] = body["errors"]
    return errors


@pytest.fixture(scope="session")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(threads=24) as running:
        yield running


@pytest.fixture
def api(server: EmulatorServer) -> Iterator[Api]:
    client = Api(server.url)
    reset = client.control("POST", "/reset")
    assert reset.status_code == 200 and reset.json() == {"message": "reset"}
    yield client
    # No test may ever see a 5xx that no injected fault asked for.
    log = client.request_log()
    unexpected = [r for r in log["requests"] if r["status"] >= 500 and r["fault"] is None]
    assert unexpected == [], unexpected
    client.session.close()
