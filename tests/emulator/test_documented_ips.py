"""The documented examples of ``reseller.ip``, ``customer.ip`` and ``customer.sendip``."""

from __future__ import annotations

import pytest

from ._documented import ALL_IPS, assert_error_list, assert_success, doc_get, make_customer
from .conftest import API_USER, Api, parse_xml

# === 000: reseller.ip =====================================================================


def _ip_fixture(api: Api) -> None:
    """192.0.2.10: active customer; .11: disabled customer; .12: disabled customer + subuser."""
    make_customer(api, "busy@example.com", **{"ip[]": ["192.0.2.10"]})
    make_customer(api, "sleepy@example.com", **{"ip[]": ["192.0.2.11", "192.0.2.12"]})
    assert api.manage(method="disable", user="sleepy@example.com").status_code == 200
    assert api.add_subuser("sharer", ips=["192.0.2.12"]).status_code == 200


EXPECTED_LISTS = {
    "all": ALL_IPS,
    "free": [ip for ip in ALL_IPS if ip not in ("192.0.2.10", "192.0.2.11", "192.0.2.12")],
    "taken": ["192.0.2.10", "192.0.2.11", "192.0.2.12"],
    "available": [ip for ip in ALL_IPS if ip not in ("192.0.2.10", "192.0.2.12")],
}


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("task", ["all", "free", "taken", "available"])
def test_reseller_ip_lists(api: Api, fmt: str, task: str) -> None:
    _ip_fixture(api)
    response = doc_get(
        api, f"reseller.ip.{fmt}", f"api_user=username&api;_key=secureSecret&task;={task}"
    )
    assert response.status_code == 200, response.text
    if fmt == "json":
        assert response.json() == EXPECTED_LISTS[task]
    else:
        root = parse_xml(response)
        assert root.tag == "ips"
        assert [(e.tag, e.text) for e in root] == [("ip", ip) for ip in EXPECTED_LISTS[task]]


def test_reseller_ip_all_with_filters(api: Api) -> None:
    # "ip: Can be a complete or partial IP address"; "system: Must be set to true".
    response = api.v2("reseller.ip", {"task": "all", "ip": "198.51.100.1", "system": "true"})
    assert response.json() == [f"198.51.100.{n}" for n in range(10, 20)]
    response = api.v2("reseller.ip", {"task": "free", "ip": "203.0.113.19"})
    assert response.json() == ["203.0.113.19"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_reseller_ip_usage(api: Api, fmt: str) -> None:
    # The document's 255.255.253.0 / 255.255.254.0 become 192.0.2.13 / 192.0.2.14.
    make_customer(api, "user4@example.com", **{"ip[]": ["192.0.2.13", "192.0.2.14"]})
    make_customer(api, "other@test.invalid", email="o@test.invalid", **{"ip[]": ["192.0.2.15"]})
    response = doc_get(
        api,
        f"reseller.ip.{fmt}",
        "api_user=username&api;_key=secureSecret&task;=usage&user;=example.com",
    )
    assert response.status_code == 200, response.text
    expected = [
        {"ip": "192.0.2.13", "user": "user4@example.com"},
        {"ip": "192.0.2.14", "user": "user4@example.com"},
    ]
    if fmt == "json":
        assert response.json() == expected
    else:
        root = parse_xml(response)
        assert root.tag == "ips"
        got = [{c.tag: c.text for c in entry} for entry in root]
        assert [e.tag for e in root] == ["ip", "ip"]
        assert got == expected


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_reseller_ip_error_shape(api: Api, fmt: str) -> None:
    # Return - Error: {"message":"error","errors":[..."error messages"...]}
    wrong_key = api.session.get(
        f"{api.url}/apiv2/reseller.ip.{fmt}",
        params={"api_user": API_USER, "api_key": "wrong", "task": "all"},
    )
    assert wrong_key.status_code == 401
    assert assert_error_list(wrong_key, fmt, 401) == ["Bad username / password"]
    response = doc_get(
        api, f"reseller.ip.{fmt}", "api_user=username&api;_key=secureSecret&task;=bogus"
    )
    errors = assert_error_list(response, fmt)
    assert errors == ["task must be one of: all, free, taken, available, usage"]


# === 001: customer.ip and customer.sendip ==================================================


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("which", ["all", "free", "taken", "available"])
def test_customer_ip_list(api: Api, fmt: str, which: str) -> None:
    _ip_fixture(api)
    # The document calls customer.ip.xml in both tabs; the JSON tab's answer is the JSON one.
    response = doc_get(
        api,
        f"customer.ip.{fmt}",
        f"api_user=your_sendgrid_username&api_key=your_sendgrid_password&list={which}",
    )
    assert response.status_code == 200, response.text
    if fmt == "json":
        assert response.json() == [{"ip": ip} for ip in EXPECTED_LISTS[which]]
    else:
        root = parse_xml(response)
        assert root.tag == "ips"
        assert [(e.tag, e.text) for e in root] == [("ip", ip) for ip in EXPECTED_LISTS[which]]


SENDIP_IPS = ["192.0.2.20", "192.0.2.21", "192.0.2.22", "192.0.2.23", "192.0.2.24"]


@pytest.mark.parametrize("kind", ["customer", "subuser"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_customer_sendip_list(api: Api, fmt: str, kind: str) -> None:
    if kind == "subuser":
        assert api.add_subuser("example@example.com", ips=SENDIP_IPS).status_code == 200
    else:
        make_customer(api, "example@example.com", **{"ip[]": SENDIP_IPS})
    response = doc_get(
        api,
        f"customer.sendip.{fmt}",
        "api_user=your_sendgrid_username&api_key=your_sendgrid_password"
        "&task=list&user=example@example.com",
    )
    assert response.status_code == 200, response.text
    if fmt == "json":
        assert response.json() == {
            "success": "success",
            "outboundcluster": "o1.sendgrid.net",
            "ips": [{"ip": ip} for ip in SENDIP_IPS],
        }
    else:
        root = parse_xml(response)
        assert root.tag == "sendips"
        assert [c.tag for c in root] == ["ocluster", "ips"]
        assert root.findtext("ocluster") == "o1.sendgrid.net"
        assert [e.text for e in root.findall("ips/ip")] == SENDIP_IPS


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_customer_sendip_list_unknown_user(api: Api, fmt: str) -> None:
    response = doc_get(
        api,
        f"customer.sendip.{fmt}",
        "api_user=your_sendgrid_username&api_key=your_sendgrid_password"
        "&task=list&user=example@example.com",
    )
    assert response.status_code == 400
    if fmt == "json":
        assert response.json() == {"error": {"code": 400, "message": "User does not exist"}}
    else:
        root = parse_xml(response)
        assert root.tag == "result"
        assert [(c.tag, c.text) for c in root] == [("message", "User does not exist")]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_customer_sendip_append_specify(api: Api, fmt: str) -> None:
    make_customer(api, "example@example.com", **{"ip[]": ["203.0.113.10"]})
    # As documented: 255.255.255.250 and 255.255.255.255 are not the parent's IPs.
    literal = doc_get(
        api,
        f"customer.sendip.{fmt}",
        "api_user=your_sendgrid_username&api_key=your_sendgrid_password&task=append"
        "&set=specify&user=example@example.com&ip[]=255.255.255.250&ip[]=255.255.255.255",
    )
    errors = assert_error_list(literal, fmt)
    assert errors == [
        "ip 255.255.255.250 does not belong to you",
        "ip 255.255.255.255 does not belong to you",
    ]
    assert api.account("example@example.com")["ips"] == ["203.0.113.10"]  # type: ignore[index]
    adapted = doc_get(
        api,
        f"customer.sendip.{fmt}",
        "api_user=your_sendgrid_username&api_key=your_sendgrid_password&task=append"
        "&set=specify&user=example@example.com&ip[]=192.0.2.25&ip[]=192.0.2.20",
    )
    assert_success(adapted, fmt)
    assert api.account("example@example.com")["ips"] == ["192.0.2.20", "192.0.2.25"]  # type: ignore[index]
