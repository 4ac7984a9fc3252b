"""Every documented example call (JSON flavour) of api-docs/000..004, sent by the client.

Each test replays the documented parameters through the client against the emulator and
checks the documented response shape (through the client's models and, where the client's
parsing would hide it, on the raw JSON too).
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from profiles import PROFILE_GET_KEYS
from pulumi_sendgrid_reseller.client import (
    Customer,
    CustomerCreate,
    CustomerFilter,
    IpUsage,
    MonitorSettings,
    NotFoundError,
    ProfileUpdate,
    Reputation,
    SendGridClient,
    SendIps,
    Subuser,
    SubuserCreate,
)

from ._data import customer
from .conftest import EMU_KEY, EMU_USER, Control

PROFILE_KEYS = set(PROFILE_GET_KEYS)


def raw_v2(emu: Control, action: str, **form: Any) -> Any:
    """The raw JSON answer of a v2 call (to check shapes the client's models normalise)."""
    data = {"api_user": EMU_USER, "api_key": EMU_KEY, **form}
    resp = requests.post(f"{emu.url}/apiv2/{action}.json", data=data, timeout=10)
    return resp.json()


def _profile_shape(customers: list[Customer]) -> None:
    assert customers
    for c in customers:
        keys = set(c.model_fields_set) | set(c.model_extra or {})
        assert keys >= PROFILE_KEYS
        assert isinstance(c.active, bool)
        assert isinstance(c.id, int)


# ---- 000: reseller.ip ---------------------------------------------------------------


@pytest.mark.parametrize("task", ["all", "free", "taken", "available"])
def test_000_reseller_ip_lists(client: SendGridClient, emu: Control, task: str) -> None:
    # reseller.ip.json?task=<task>  ->  ["255.255.255.0", ...]
    client.customers.add(customer("user4@example.com", ips=["192.0.2.10"]))
    ips = client.ips.list(task)  # type: ignore[arg-type]
    assert ips and all(isinstance(ip, str) and ip.count(".") == 3 for ip in ips)
    raw = raw_v2(emu, "reseller.ip", task=task)
    assert isinstance(raw, list) and all(isinstance(ip, str) for ip in raw)
    assert sorted(raw) == sorted(ips)


def test_000_reseller_ip_usage(client: SendGridClient) -> None:
    # reseller.ip.json?task=usage&user=example.com
    #   -> [{"ip":"255.255.253.0","user":"user4@example.com"}, {...}]
    client.customers.add(customer("user4@example.com", ips=["192.0.2.10", "192.0.2.11"]))
    client.customers.add(customer("someone@example.org", ips=["192.0.2.12"]))
    usage = client.ips.usage(user="example.com")
    assert all(isinstance(u, IpUsage) for u in usage)
    assert sorted((u.ip, u.user) for u in usage) == [
        ("192.0.2.10", "user4@example.com"),
        ("192.0.2.11", "user4@example.com"),
    ]


# ---- 001: customer.ip / customer.sendip -----------------------------------------------


def test_001_customer_ip_list_all(client: SendGridClient, emu: Control) -> None:
    # customer.ip.json?list=all  ->  [{"ip": "255.255.255.250"}, ...]
    ips = client.ips.customer_ips("all")
    assert len(ips) == 40
    raw = raw_v2(emu, "customer.ip", list="all")
    assert isinstance(raw, list) and all(set(item) == {"ip"} for item in raw)


def test_001_sendip_list(client: SendGridClient) -> None:
    # customer.sendip.json?task=list&user=example@example.com
    #   -> {"success": "success", "outboundcluster": "o1.sendgrid.net", "ips": [{"ip": ...}]}
    client.customers.add(customer("example@example.com", ips=["192.0.2.10", "192.0.2.11"]))
    got = client.ips.get_send_ips("example@example.com")
    assert isinstance(got, SendIps)
    assert got.model_extra == {"success": "success"}
    assert got.outboundcluster == "o1.sendgrid.net"
    assert sorted(got.ips) == ["192.0.2.10", "192.0.2.11"]


def test_001_sendip_list_error(client: SendGridClient, emu: Control) -> None:
    # -> {"error": {"code": 400, "message": "User does not exist"}}
    with pytest.raises(NotFoundError) as info:
        client.ips.get_send_ips("example@example.com")
    assert info.value.errors[0].message == "User does not exist"
    raw = raw_v2(emu, "customer.sendip", task="list", user="example@example.com")
    assert raw == {"error": {"code": 400, "message": "User does not exist"}}


def test_001_sendip_append_specify(client: SendGridClient, emu: Control) -> None:
    # customer.sendip.json?task=append&set=specify&user=example@example.com
    #   &ip[]=255.255.255.250&ip[]=255.255.255.255  ->  {"message": "success"}
    emu.add_ips(["255.255.255.250", "255.255.255.255"])
    client.customers.add(customer("example@example.com"))
    client.ips.set_send_ips("example@example.com", ["255.255.255.250", "255.255.255.255"])
    assert sorted(client.ips.get_send_ips("example@example.com").ips) == [
        "255.255.255.250",
        "255.255.255.255",
    ]


# ---- 002: customer management (newer page, POST form data) ---------------------------

DOC_002_ADD = {
    "username": "neweexampexample@example.com",
    "website": "example.com",
    "password": "samplepassword",
    "first_name": "fname",
    "last_name": "lname",
    "address": "555_anystreet",
    "city": "any_city",
    "state": "CA",
    "zip": "91234",
    "email": "neweexampexample@example.com",
    "country": "US",
    "phone": "555-555",
    "free_user": True,
    "company": "company",
    "whitelabel": "sendgrid.me",
}
EXISTING = "eexampexample@example.com"


def test_002_reseller_add(client: SendGridClient) -> None:
    client.customers.add(CustomerCreate(**DOC_002_ADD))  # -> {"message": "success"}
    got = client.customers.get("neweexampexample@example.com")
    assert got is not None
    assert (got.first_name, got.address, got.city, got.phone) == (
        "fname",
        "555_anystreet",
        "any_city",
        "555-555",
    )


def test_002_reseller_delete(client: SendGridClient) -> None:
    client.customers.add(customer(EXISTING))
    client.customers.delete(EXISTING)  # user=eexampexample@example.com -> success
    assert client.customers.get(EXISTING) is None


def test_002_profile_get(client: SendGridClient, emu: Control) -> None:
    # method=profile&task=get -> [{"id": "123", ..., "active": "true", ...}, ...]
    client.customers.add(customer("example1@example.com", first_name="john", last_name="doe"))
    client.customers.add(customer("example2@example.com", first_name="jane", last_name="doe"))
    client.customers.disable("example2@example.com")
    customers = client.customers.list()
    _profile_shape(customers)
    assert [c.active for c in customers] == [True, False]
    raw = raw_v2(emu, "reseller.manage", method="profile", task="get")
    assert all(isinstance(v, str) for item in raw for k, v in item.items() if k in PROFILE_KEYS)
    assert [item["active"] for item in raw] == ["true", "false"]


@pytest.mark.parametrize("method", ["enable", "disable", "website_enable", "website_disable"])
def test_002_switches(client: SendGridClient, emu: Control, method: str) -> None:
    # method=<method>&user=eexampexample@example.com -> {"message": "success"}
    client.customers.add(customer(EXISTING))
    getattr(client.customers, method)(EXISTING)
    acct = emu.account(EXISTING)
    assert acct is not None
    expected = {
        "enable": ("active", True),
        "disable": ("active", False),
        "website_enable": ("website_access", True),
        "website_disable": ("website_access", False),
    }[method]
    assert acct[expected[0]] is expected[1]


def test_002_profile_set(client: SendGridClient) -> None:
    # method=profile&task=set&user=...&first_name=newFirstName&last_name=newLastName
    client.customers.add(customer(EXISTING))
    client.customers.set_profile(
        EXISTING, ProfileUpdate(first_name="newFirstName", last_name="newLastName")
    )
    got = client.customers.get(EXISTING)
    assert got is not None and (got.first_name, got.last_name) == ("newFirstName", "newLastName")


def test_002_password(client: SendGridClient, emu: Control) -> None:
    # method=password&user=...&password=newPasword&confirm_password=newPassword
    #   -> {"message": "success"}
    # (the documented confirmation differs by a typo; the rule "must match password" wins,
    # and the client always confirms with the same value, so it sends newPasword twice)
    client.customers.add(customer(EXISTING))
    emu.clear_log()
    client.customers.set_password(EXISTING, "newPasword")
    (call,) = emu.log()["requests"]
    assert (call["method"], call["status"]) == ("POST", 200)
    assert call["path"].startswith("/apiv2/reseller.manage.json")
    assert "newPasword" not in str(emu.log())
    # The documented answer, to the example with the typo mended...
    mended = {"method": "password", "user": EXISTING, "password": "newPassword"}
    assert raw_v2(emu, "reseller.manage", **mended, confirm_password="newPassword") == {
        "message": "success"
    }
    # ...and the literal example, refused by the documented rule.
    assert raw_v2(emu, "reseller.manage", **mended, confirm_password="newPasword") == {
        "message": "error",
        "errors": ["password and confirm_password do not match"],
    }
    # "Customer must be registered under you": another user is not found.
    with pytest.raises(NotFoundError) as info:
        client.customers.set_password("nobody@example.com", "newPasword")
    assert info.value.errors[0].message == "User not found"


def test_002_set_username(client: SendGridClient) -> None:
    # method=profile&task=setUsername&user=...&username=neweexampexample@example.com
    client.customers.add(customer(EXISTING))
    client.customers.set_username(EXISTING, "neweexampexample@example.com")
    assert client.customers.get("neweexampexample@example.com") is not None


def test_002_set_email(client: SendGridClient) -> None:
    # method=profile&task=setEmail&user=...&email=neweexampexample@example.com
    client.customers.add(customer(EXISTING))
    client.customers.set_email(EXISTING, "neweexampexample@example.com")
    got = client.customers.get(EXISTING)
    assert got is not None and got.email == "neweexampexample@example.com"


# ---- 003: v3 subusers ----------------------------------------------------------------


def _seed_doc_ips(emu: Control) -> None:
    emu.add_ips(["1.1.1.1", "2.2.2.2", "127.0.0.1", "127.0.0.2"])


def _john(client: SendGridClient) -> None:
    client.subusers.create(
        SubuserCreate(
            username="John@example.com",
            email="John@example.com",
            password="johns_password",
            ips=["1.1.1.1", "2.2.2.2"],
        )
    )


def test_003_create(client: SendGridClient, emu: Control) -> None:
    # POST /v3/subusers {"username": "John@example.com", ..., "ips": ["1.1.1.1","2.2.2.2"]}
    _seed_doc_ips(emu)
    created = client.subusers.create(
        SubuserCreate(
            username="John@example.com",
            email="John@example.com",
            password="johns_password",
            ips=["1.1.1.1", "2.2.2.2"],
        )
    )
    assert (created.username, created.email) == ("John@example.com", "John@example.com")
    assert "johns_password" not in repr(created)
    acct = emu.account("John@example.com")
    assert acct is not None and sorted(acct["ips"]) == ["1.1.1.1", "2.2.2.2"]


def test_003_list(client: SendGridClient, emu: Control) -> None:
    # GET /v3/subusers?username={username}&limit={limit}&offset={offset}
    #   -> [{"id": 1, "username": "Test@example.com", "email": "Test@example.com"}, ...]
    _seed_doc_ips(emu)
    _john(client)
    client.subusers.create(
        SubuserCreate(
            username="Test@example.com",
            email="Test@example.com",
            password="tests_password",
            ips=["1.1.1.1"],
        )
    )
    subs = client.subusers.list(username="John", limit=20, offset=0)
    assert [s.username for s in subs] == ["John@example.com"]
    assert all(isinstance(s, Subuser) and isinstance(s.id, int) for s in subs)
    assert len(client.subusers.list(limit=20, offset=1)) == 1


def test_003_enable_disable(client: SendGridClient, emu: Control) -> None:
    # PATCH /v3/subusers/{subuser_name} {"disabled": false} -> 204
    _seed_doc_ips(emu)
    _john(client)
    client.subusers.set_disabled("John@example.com", True)
    client.subusers.set_disabled("John@example.com", False)
    got = client.subusers.get("John@example.com")
    assert got is not None and got.disabled is False
    assert emu.count("PATCH /v3/subusers/John@example.com") == 2


def test_003_delete(client: SendGridClient, emu: Control) -> None:
    # DELETE /v3/subusers/{subuser_name} -> 204
    _seed_doc_ips(emu)
    _john(client)
    client.subusers.delete("John@example.com")
    assert client.subusers.get("John@example.com") is None


def test_003_monitor(client: SendGridClient, emu: Control) -> None:
    # GET / POST / PUT / DELETE /v3/subusers/{subuser_name}/monitor
    #   {"email": "test@example.com", "frequency": 500}
    _seed_doc_ips(emu)
    _john(client)
    doc = MonitorSettings(email="test@example.com", frequency=500)
    assert client.subusers.create_monitor("John@example.com", doc) == doc
    assert client.subusers.get_monitor("John@example.com") == doc
    assert client.subusers.update_monitor("John@example.com", doc) == doc
    client.subusers.delete_monitor("John@example.com")
    with pytest.raises(NotFoundError):
        client.subusers.get_monitor("John@example.com")


def test_003_reputations(client: SendGridClient, emu: Control) -> None:
    # GET /v3/subusers/reputations?usernames={usernames}
    #   -> [{"username": "user1", "reputation": 99.0}, ...]
    _seed_doc_ips(emu)
    for name in ("user1", "user2"):
        client.subusers.create(
            SubuserCreate(
                username=name, email=f"{name}@example.com", password="password1", ips=["1.1.1.1"]
            )
        )
    reps = client.subusers.reputations(["user1", "user2"])
    assert all(isinstance(r, Reputation) for r in reps)
    assert sorted(r.username for r in reps) == ["user1", "user2"]
    assert all(isinstance(r.reputation, float) for r in reps)


def test_003_put_ips(client: SendGridClient, emu: Control) -> None:
    # PUT /v3/subusers/{subuser_name}/ips ["127.0.0.1", "127.0.0.2"] -> {"ips": [...]}
    _seed_doc_ips(emu)
    _john(client)
    assert client.subusers.set_ips("John@example.com", ["127.0.0.1", "127.0.0.2"]) == [
        "127.0.0.1",
        "127.0.0.2",
    ]


# ---- 004: customer management (older page) --------------------------------------------

DOC_004_ADD = {
    "username": "newcustomer@example.com",
    "website": "example.com",
    "password": "samplepassword",
    "first_name": "fname",
    "last_name": "lname",
    "address": "555 anystreet",
    "city": "any city",
    "state": "CA",
    "zip": "91234",
    "email": "newcustomer@example.com",
    "country": "US",
    "phone": "555-555",
}
CUSTOMER = "customer@example.com"


def test_004_reseller_add(client: SendGridClient) -> None:
    client.customers.add(CustomerCreate(**DOC_004_ADD))  # JSON example: no free_user
    got = client.customers.get("newcustomer@example.com")
    assert got is not None and got.address == "555 anystreet"
    client.customers.add(
        CustomerCreate(**{**DOC_004_ADD, "username": "x@example.com", "free_user": True})
    )
    assert client.customers.get("x@example.com") is not None


def test_004_reseller_delete(client: SendGridClient) -> None:
    client.customers.add(customer(CUSTOMER))
    client.customers.delete(CUSTOMER)
    assert client.customers.get(CUSTOMER) is None


def test_004_profile_get(client: SendGridClient, emu: Control) -> None:
    # method=profile&task=get -> the two documented customers: john doe, active "true";
    # jane doe, active "false"; the same address, phone and website; every value a string.
    documented = {
        "address": "555 any street",
        "city": "any city",
        "state": "CA",
        "zip": "91234",
        "country": "US",
        "phone": "555-555-5555",
        "website": "example.com",
    }
    for username, email, first_name in (
        ("user1", "example1@example.com", "john"),
        ("user2", "example2@example.com", "jane"),
    ):
        client.customers.add(
            customer(username, email=email, first_name=first_name, last_name="doe", **documented)
        )
    client.customers.disable("user2")
    ids = {a["username"]: a["user_id"] for a in emu.state()["accounts"]}

    got = sorted(client.customers.list(), key=lambda c: c.username)
    assert [c.model_dump(exclude_none=True) for c in got] == [
        {
            "id": ids["user1"],
            "username": "user1",
            "email": "example1@example.com",
            "active": True,
            "first_name": "john",
            "last_name": "doe",
            **documented,
        },
        {
            "id": ids["user2"],
            "username": "user2",
            "email": "example2@example.com",
            "active": False,
            "first_name": "jane",
            "last_name": "doe",
            **documented,
        },
    ]
    raw = sorted(raw_v2(emu, "reseller.manage", method="profile", task="get"), key=str)
    assert [set(entry) for entry in raw] == [PROFILE_KEYS, PROFILE_KEYS]
    assert [(e["id"], e["active"]) for e in raw] == [
        (str(ids["user1"]), "true"),
        (str(ids["user2"]), "false"),
    ]
    assert all(isinstance(value, str) for entry in raw for value in entry.values())
    # The older page's search filters: active is exact, company a substring.
    assert [c.username for c in client.customers.list(CustomerFilter(active=False))] == ["user2"]
    assert client.customers.list(CustomerFilter(company="no such company")) == []


@pytest.mark.parametrize("method", ["enable", "disable", "website_enable", "website_disable"])
def test_004_switches_and_user_not_found(client: SendGridClient, emu: Control, method: str) -> None:
    # method=<method>&user=customer@example.com
    #   -> {"message":"success"} / {"message":"User not found"}
    with pytest.raises(NotFoundError) as info:
        getattr(client.customers, method)(CUSTOMER)
    assert info.value.errors[0].message == "User not found"
    assert raw_v2(emu, "reseller.manage", method=method, user=CUSTOMER) == {
        "message": "User not found"
    }
    client.customers.add(customer(CUSTOMER))
    getattr(client.customers, method)(CUSTOMER)


def test_004_profile_set(client: SendGridClient) -> None:
    # method=profile&task=set&user=customer@example.com&first_name=newFirstName&last_name=...
    client.customers.add(customer(CUSTOMER))
    client.customers.set_profile(
        CUSTOMER, ProfileUpdate(first_name="newFirstName", last_name="newLastName")
    )
    got = client.customers.get(CUSTOMER)
    assert got is not None and got.first_name == "newFirstName"


def test_004_password_set_username_set_email(client: SendGridClient) -> None:
    client.customers.add(customer(CUSTOMER))
    client.customers.set_password(CUSTOMER, "newPasword")
    client.customers.set_username(CUSTOMER, "newcustomer@example.com")
    client.customers.set_email("newcustomer@example.com", "newcustomer@example.com")
    got = client.customers.get("newcustomer@example.com")
    assert got is not None and got.email == "newcustomer@example.com"
