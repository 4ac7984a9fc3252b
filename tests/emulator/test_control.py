"""The control API: reset, state, IP seeding and the request log."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sendgrid_emulator.store import STATE_DUMPS, Store, declare_table, state_dump

from .conftest import API_KEY, Api

DEFAULT_IPS = (
    [f"192.0.2.{n}" for n in range(10, 30)]
    + [f"198.51.100.{n}" for n in range(10, 20)]
    + [f"203.0.113.{n}" for n in range(10, 20)]
)


def test_fresh_state_after_reset(api: Api) -> None:
    state = api.state()
    # Every entry a model module declares (store.state_dump) is there, and empty.
    assert set(STATE_DUMPS) >= {"api_keys", "credits", "partner_accounts", "teammates", "links"}
    assert state == {
        "accounts": [],
        "ips": [{"ip": ip, "users": []} for ip in DEFAULT_IPS],
        "reserved_usernames": [],
        "parent": {"username": "reseller", "email": "reseller@example.com"},
        **{key: [] for key in STATE_DUMPS},
    }


def test_declared_tables_are_created_and_emptied_by_reset(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"), ["192.0.2.1"], "p@example.com", "hash")
    with store.transaction(write=False) as conn:
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"partner_accounts", "monitors", "domain_subusers", "teammate_invites"} <= tables
    with store.transaction(write=True) as conn:
        conn.execute(
            "INSERT INTO accounts (username, kind, email, password_hash) "
            "VALUES ('m', 'subuser', 'm@example.com', 'x')"
        )
        conn.execute("INSERT INTO monitors (user_id, email, frequency) VALUES (1, 'e@x.io', 5)")
    store.rebuild()
    with store.transaction(write=False) as conn:
        assert conn.execute("SELECT COUNT(*) FROM monitors").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM accounts").fetchone()[0] == 0
    store.close()


def test_a_table_is_declared_once() -> None:
    with pytest.raises(ValueError, match="monitors is declared twice"):
        declare_table("monitors", "user_id INTEGER PRIMARY KEY")
    with pytest.raises(ValueError, match="accounts is declared twice"):
        declare_table("accounts", "user_id INTEGER PRIMARY KEY")
    with pytest.raises(ValueError, match="links is dumped twice"):
        state_dump("links")(lambda calls, conn: [])


def test_reset_rebuilds_everything(api: Api) -> None:
    assert api.add_customer("r@example.com").status_code == 200
    assert api.v2("reseller.delete", {"user": "r@example.com"}).status_code == 200
    assert api.add_subuser("rs").status_code == 200
    assert api.control("POST", "/ips", json={"ips": ["203.0.113.200"]}).status_code == 200
    api.fault(path="nothing", status=500, count=3)
    assert api.control("POST", "/reset").json() == {"message": "reset"}
    assert api.state()["accounts"] == []
    assert api.state()["reserved_usernames"] == []
    assert [e["ip"] for e in api.state()["ips"]] == DEFAULT_IPS
    assert api.control("GET", "/faults").json() == {"faults": [], "ratelimits": []}
    assert api.request_log() == {"requests": [], "counts": {}, "total": 0}
    # Ids start again from 1 and the reserved name is free again.
    assert api.add_customer("r@example.com").status_code == 200
    assert api.state()["accounts"][0]["user_id"] == 1


def test_state_account_shape(api: Api) -> None:
    assert api.add_customer("shape@example.com", **{"ip[]": "192.0.2.10"}).status_code == 200
    assert api.add_subuser("shape-sub", ips=["192.0.2.10"], region="eu").status_code == 200
    monitor = {"email": "m@example.com", "frequency": 7}
    assert api.v3("POST", "/subusers/shape-sub/monitor", json=monitor).status_code == 200
    state = api.state()
    customer, subuser = state["accounts"]
    expected_keys = {
        "username",
        "kind",
        "user_id",
        "email",
        "active",
        "website_access",
        "disabled",
        "region",
        "ips",
        "first_name",
        "last_name",
        "address",
        "city",
        "state",
        "zip",
        "country",
        "phone",
        "website",
        "company",
        "package",
        "whitelabel",
        "free_user",
        "billing_date",
        "reputation",
    }
    assert set(customer) == set(subuser) == expected_keys
    assert (customer["kind"], subuser["kind"]) == ("customer", "subuser")
    assert subuser["region"] == "eu" and customer["region"] == "global"
    holders = {e["ip"]: e["users"] for e in state["ips"]}
    assert holders["192.0.2.10"] == ["shape@example.com", "shape-sub"]
    assert state["monitors"] == [{"username": "shape-sub", **monitor}]


def test_seed_ips(api: Api) -> None:
    response = api.control(
        "POST", "/ips", json={"ips": ["203.0.113.50", "192.0.2.10", "2001:db8::5"]}
    )
    assert response.status_code == 200
    assert response.json() == {"added": ["203.0.113.50", "2001:db8::5"]}
    assert api.add_subuser("v6", ips=["2001:db8::5", "203.0.113.50"]).status_code == 200
    assert api.account("v6")["ips"] == ["203.0.113.50", "2001:db8::5"]  # type: ignore[index]
    assert "203.0.113.50" in api.v2("reseller.ip", {"task": "taken"}).json()


def test_request_log(api: Api) -> None:
    began = time.time()
    api.add_customer("log@example.com")
    api.manage(method="profile", task="get")
    api.manage(method="profile", task="get")
    api.v2("customer.ip", {"list": "free"}, fmt="xml", method="GET")
    api.v3("GET", "/subusers")
    api.v3("GET", "/subusers", key="wrong")
    api.manage(
        method="password",
        user="log@example.com",
        password="TopSecret9",
        confirm_password="TopSecret9",
    )
    log = api.request_log()
    assert log["total"] == 7
    times = [entry.pop("time") for entry in log["requests"]]
    assert began <= times[0] and times == sorted(times) and times[-1] <= time.time()
    assert log["requests"][:6] == [
        {"method": "POST", "path": "/apiv2/reseller.add.json", "status": 200, "fault": None},
        {
            "method": "POST",
            "path": "/apiv2/reseller.manage.json?method=profile&task=get",
            "status": 200,
            "fault": None,
        },
        {
            "method": "POST",
            "path": "/apiv2/reseller.manage.json?method=profile&task=get",
            "status": 200,
            "fault": None,
        },
        {"method": "GET", "path": "/apiv2/customer.ip.xml?list=free", "status": 200, "fault": None},
        {"method": "GET", "path": "/v3/subusers", "status": 200, "fault": None},
        {"method": "GET", "path": "/v3/subusers", "status": 401, "fault": None},
    ]
    assert log["counts"]["POST /apiv2/reseller.manage.json?method=profile&task=get"] == 2
    assert log["counts"]["GET /v3/subusers"] == 2
    text = api.control("GET", "/requests").text
    for secret in (API_KEY, "TopSecret9", "samplepassword", "api_key", "api_user"):
        assert secret not in text
    assert api.control("DELETE", "/requests").status_code == 200
    assert api.request_log() == {"requests": [], "counts": {}, "total": 0}
