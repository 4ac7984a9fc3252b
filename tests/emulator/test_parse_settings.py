"""``/v3/user/webhooks/parse/settings``: inbound parse settings by hostname, per tenant."""

from __future__ import annotations

import pytest

from ._integrations import tenants
from .conftest import Api, v3_error

PARSE = "/user/webhooks/parse/settings"
#: The document's ParseSetting example.
DOC_SETTING = {
    "url": "http://email.myhostname.com",
    "hostname": "myhostname.com",
    "spam_check": False,
    "send_raw": True,
}


def test_documented_create_list_get_patch_delete(api: Api) -> None:
    created = api.v3("POST", PARSE, json=DOC_SETTING)
    assert created.status_code == 201, created.text
    assert created.json() == DOC_SETTING
    listed = api.v3("GET", PARSE)
    assert listed.status_code == 200 and listed.json() == {"result": [DOC_SETTING]}
    one = api.v3("GET", f"{PARSE}/myhostname.com")
    assert one.status_code == 200 and one.json() == DOC_SETTING
    patched = api.v3(
        "PATCH",
        f"{PARSE}/myhostname.com",
        json={"url": "https://p.example.com", "spam_check": True},
    )
    assert patched.status_code == 200
    assert patched.json() == {**DOC_SETTING, "url": "https://p.example.com", "spam_check": True}
    assert api.v3("GET", f"{PARSE}/MyHostname.com").json()["spam_check"] is True
    assert api.v3("DELETE", f"{PARSE}/myhostname.com").status_code == 204
    for method in ("GET", "DELETE"):
        v3_error(api.v3(method, f"{PARSE}/myhostname.com"), 404, "parse setting not found")
    assert api.v3("GET", PARSE).json() == {"result": []}


def test_defaults(api: Api) -> None:
    created = api.v3("POST", PARSE, json={"hostname": "in.example.com", "url": "https://x.io/p"})
    assert created.json() == {
        "url": "https://x.io/p",
        "hostname": "in.example.com",
        "spam_check": False,
        "send_raw": False,
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "https://x.io/p"}, "hostname"),
        ({"hostname": "in.example.com"}, "url"),
        ({"hostname": "in.example.com", "url": "ftp://x.io"}, "url"),
        ({"hostname": "not a host", "url": "https://x.io/p"}, "hostname"),
        ({"hostname": "localhost", "url": "https://x.io/p"}, "hostname"),
        ({"hostname": "-bad.example.com", "url": "https://x.io/p"}, "hostname"),
        ({"hostname": "in.example.com", "url": "https://x.io/p", "send_raw": "yes"}, "send_raw"),
        ({"hostname": "in.example.com", "url": "https://x.io/p", "other": 1}, "other"),
    ],
)
def test_rules(api: Api, body: dict, field: str) -> None:
    response = api.v3("POST", PARSE, json=body)
    v3_error(response, 400)
    assert field in [e["field"] for e in response.json()["errors"]]
    assert api.state()["parse_settings"] == []


def test_one_setting_per_hostname_and_the_hostname_stays(api: Api) -> None:
    body = {"hostname": "in.example.com", "url": "https://x.io/p"}
    assert api.v3("POST", PARSE, json=body).status_code == 201
    v3_error(api.v3("POST", PARSE, json={**body, "hostname": "IN.example.com"}), 400)
    moved = api.v3("PATCH", f"{PARSE}/in.example.com", json={"hostname": "other.example.com"})
    v3_error(moved, 400)
    same = api.v3("PATCH", f"{PARSE}/in.example.com", json={"hostname": "in.example.com"})
    assert same.status_code == 200
    v3_error(api.v3("PATCH", f"{PARSE}/nope.example.com", json={"send_raw": True}), 404)


@pytest.mark.parametrize("who", ["parent", "subuser", "account"])
def test_each_tenant_has_its_own_settings(api: Api, who: str) -> None:
    headers = tenants(api)
    body = {"hostname": "in.example.com", "url": "https://x.io/p"}
    assert api.v3("POST", PARSE, json=body, headers=headers[who]).status_code == 201
    for other, theirs in headers.items():
        listed = api.v3("GET", PARSE, headers=theirs).json()["result"]
        if other == who:
            assert listed == [{**body, "spam_check": False, "send_raw": False}]
            continue
        assert listed == []
        v3_error(api.v3("GET", f"{PARSE}/in.example.com", headers=theirs), 404)
        v3_error(api.v3("DELETE", f"{PARSE}/in.example.com", headers=theirs), 404)
    [dumped] = api.state()["parse_settings"]
    assert (dumped["owner"] is None) == (who == "parent")
    assert api.v3("DELETE", f"{PARSE}/in.example.com", headers=headers[who]).status_code == 204
