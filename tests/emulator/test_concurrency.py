"""Concurrent clients: the final state is exactly what succeeded, and no 5xx ever."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from sendgrid_emulator import EmulatorServer

from .conftest import API_KEY, API_USER, CUSTOMER_FIELDS

THREADS = 16
OPS = 30
AUTH = {"Authorization": f"Bearer {API_KEY}"}
POOL = [f"192.0.2.{n}" for n in range(10, 30)]


@dataclass
class Outcome:
    """What one worker saw succeed."""

    customers: dict[str, str] = field(default_factory=dict)  # username -> city
    subusers: dict[str, bool] = field(default_factory=dict)  # username -> disabled
    deleted_customers: set[str] = field(default_factory=set)
    contested: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (kind, status)
    statuses: list[int] = field(default_factory=list)
    requests: int = 0


def _worker(url: str, t: int, barrier: threading.Barrier, out: Outcome) -> None:
    rng = random.Random(t)
    session = requests.Session()
    creds = {"api_user": API_USER, "api_key": API_KEY}

    def call(method: str, path: str, **kwargs: object) -> requests.Response:
        response = session.request(method, url + path, timeout=60, **kwargs)  # type: ignore[arg-type]
        out.requests += 1
        out.statuses.append(response.status_code)
        return response

    barrier.wait()
    for i in range(OPS):
        step = i % 5
        if step == 0:
            name = f"c-{t}-{i}"
            form = {**creds, **CUSTOMER_FIELDS, "username": name, "email": f"{name}@example.com"}
            if call("POST", "/apiv2/reseller.add.json", data=form).status_code == 200:
                out.customers[name] = CUSTOMER_FIELDS["city"]
        elif step == 1:
            name = f"s-{t}-{i}"
            body = {
                "username": name,
                "email": f"{name}@example.com",
                "password": "abcdef",
                "ips": rng.sample(POOL, 2),
            }
            if call("POST", "/v3/subusers", json=body, headers=AUTH).status_code == 200:
                out.subusers[name] = False
        elif step == 2:
            if out.customers:
                name = rng.choice(sorted(out.customers))
                city = f"city-{t}-{i}"
                form = {**creds, "method": "profile", "task": "set", "user": name, "city": city}
                if call("POST", "/apiv2/reseller.manage.json", data=form).status_code == 200:
                    out.customers[name] = city
            if out.subusers:
                name = rng.choice(sorted(out.subusers))
                disabled = rng.random() < 0.5
                patch: dict[str, object] = {"disabled": disabled}
                path = f"/v3/subusers/{name}"
                if call("PATCH", path, json=patch, headers=AUTH).status_code == 204:
                    out.subusers[name] = disabled
        elif step == 3:
            if i % 2 and out.customers:
                name = sorted(out.customers)[0]
                form = {**creds, "user": name}
                if call("POST", "/apiv2/reseller.delete.json", data=form).status_code == 200:
                    del out.customers[name]
                    out.deleted_customers.add(name)
            elif out.subusers:
                name = sorted(out.subusers)[0]
                if call("DELETE", f"/v3/subusers/{name}", headers=AUTH).status_code == 204:
                    del out.subusers[name]
        else:
            name = f"shared-{i}"
            if t % 2:
                body = {
                    "username": name,
                    "email": "x@example.com",
                    "password": "abcdef",
                    "ips": POOL[:1],
                }
                status = call("POST", "/v3/subusers", json=body, headers=AUTH).status_code
                out.contested[name] = ("subuser", status)
            else:
                form = {**creds, **CUSTOMER_FIELDS, "username": name, "email": "x@example.com"}
                status = call("POST", "/apiv2/reseller.add.json", data=form).status_code
                out.contested[name] = ("customer", status)
    session.close()


def _run_workload(url: str) -> None:
    assert requests.post(f"{url}/_emulator/reset", timeout=30).status_code == 200
    outcomes = [Outcome() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=_worker, args=(url, t, barrier, outcomes[t]))
        for t in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
        assert not thread.is_alive()

    statuses = Counter(s for o in outcomes for s in o.statuses)
    assert all(s < 500 for s in statuses), statuses
    # Every thread-owned operation succeeded: nobody else touches those names.
    assert set(statuses) <= {200, 201, 204, 400}

    # Contested names: exactly one 2xx each, losers told "username exists".
    winners: dict[str, str] = {}
    for name in {n for o in outcomes for n in o.contested}:
        results = [o.contested[name] for o in outcomes if name in o.contested]
        ok = [kind for kind, status in results if status in (200, 201)]
        assert len(ok) == 1, (name, results)
        assert all(status == 400 for _, status in results if status not in (200, 201))
        winners[name] = ok[0]

    expected: dict[str, str] = dict(winners)
    cities: dict[str, str] = {}
    disabled: dict[str, bool] = {}
    reserved: set[str] = set()
    for o in outcomes:
        expected.update(dict.fromkeys(o.customers, "customer"))
        expected.update(dict.fromkeys(o.subusers, "subuser"))
        cities.update(o.customers)
        disabled.update(o.subusers)
        reserved |= o.deleted_customers

    state = requests.get(f"{url}/_emulator/state", timeout=30).json()
    got = {a["username"]: a for a in state["accounts"]}
    assert {n: a["kind"] for n, a in got.items()} == expected
    for name, city in cities.items():
        assert got[name]["city"] == city
    for name, flag in disabled.items():
        assert got[name]["disabled"] is flag
        assert len(got[name]["ips"]) == 2
    assert set(state["reserved_usernames"]) == reserved
    assert len({a["user_id"] for a in state["accounts"]}) == len(state["accounts"])
    holders = Counter(u for entry in state["ips"] for u in entry["users"])
    for name, account in got.items():
        assert holders[name] == len(account["ips"])

    log = requests.get(f"{url}/_emulator/requests", timeout=30).json()
    assert log["total"] == sum(o.requests for o in outcomes)
    assert [r for r in log["requests"] if r["status"] >= 500] == []


@pytest.fixture(params=["memory", "file"])
def workload_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EmulatorServer]:
    db = ":memory:" if request.param == "memory" else str(tmp_path / "concurrent.db")
    with EmulatorServer(db=db, threads=THREADS) as server:
        yield server


@pytest.mark.timeout(300)
def test_many_threads_create_update_delete(workload_server: EmulatorServer) -> None:
    _run_workload(workload_server.url)


def _create_once(
    url: str,
    kind: str,
    name: str,
    barrier: threading.Barrier,
    lock: threading.Lock,
    results: list[tuple[int, str]],
) -> None:
    session = requests.Session()
    barrier.wait()
    if kind == "v2":
        form = {
            "api_user": API_USER,
            "api_key": API_KEY,
            **CUSTOMER_FIELDS,
            "username": name,
            "email": "r@example.com",
        }
        response = session.post(f"{url}/apiv2/reseller.add.json", data=form, timeout=30)
    else:
        body = {"username": name, "email": "r@example.com", "password": "abcdef", "ips": POOL[:1]}
        response = session.post(f"{url}/v3/subusers", json=body, headers=AUTH, timeout=30)
    session.close()
    with lock:
        results.append((response.status_code, response.text))


@pytest.mark.parametrize("pair", [("v2", "v2"), ("v3", "v3"), ("v2", "v3")])
def test_simultaneous_creates_of_one_username(
    server: EmulatorServer, pair: tuple[str, str]
) -> None:
    url = server.url
    assert requests.post(f"{url}/_emulator/reset", timeout=30).status_code == 200
    for round_no in range(20):
        name = f"race-{round_no}"
        barrier = threading.Barrier(2)
        results: list[tuple[int, str]] = []
        lock = threading.Lock()
        threads = [
            threading.Thread(target=_create_once, args=(url, kind, name, barrier, lock, results))
            for kind in pair
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        codes = sorted(code for code, _ in results)
        assert codes in ([200, 400], [201, 400]), results
        loser = next(text for code, text in results if code == 400)
        assert "username already exists" in loser or "username exists" in loser
    state = requests.get(f"{url}/_emulator/state", timeout=30).json()
    assert sorted(a["username"] for a in state["accounts"]) == sorted(
        f"race-{n}" for n in range(20)
    )
